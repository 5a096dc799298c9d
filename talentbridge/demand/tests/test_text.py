"""Text cleanup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from talentbridge.demand.normalize.text import clean_text, to_halfwidth, to_simplified


def test_fullwidth_to_halfwidth() -> None:
    assert to_halfwidth("１５－２５Ｋ，ＡＢＣ\u3000ｘ") == "15-25K,ABC x"
    assert to_halfwidth("￥") == "¥"


def test_traditional_to_simplified() -> None:
    assert to_simplified("職位描述：負責後期製作與影視剪輯") == "职位描述：负责后期制作与影视剪辑"
    assert to_simplified("After Effects 剪映") == "After Effects 剪映"


def test_html_is_removed() -> None:
    raw = (
        "<div><p>岗位职责&amp;要求</p><script>var x = '<b>';</script>"
        "<style>p {color: red}</style><!-- note --><ul><li>熟练使用&nbsp;PR</li>"
        "<li>C4D&lt;3</li></ul></div>"
    )
    assert clean_text(raw) == "岗位职责&要求\n熟练使用 PR\nC4D<3"


def test_whitespace_is_collapsed() -> None:
    assert clean_text("  a \t b\u200b\n\n\n c  \r\n") == "a b\nc"


@given(st.text())
def test_cleanup_is_idempotent_and_has_no_tags_or_runs_of_spaces(text: str) -> None:
    cleaned = clean_text(text)
    assert "  " not in cleaned
    assert "\n\n" not in cleaned
    assert cleaned == cleaned.strip()
    assert to_halfwidth(cleaned) == cleaned


def test_fast_path_gives_the_same_result_as_opencc() -> None:
    """The skip-when-nothing-to-convert shortcut must never change the output."""
    from talentbridge.demand.normalize.text import _convertible_chars, _t2s, to_simplified

    samples = [
        "负责短视频剪辑与直播运营，熟练使用剪映、PR、AE",
        "負責短視頻剪輯與直播運營，熟練使用剪映",
        "乾隆年间的皇帝与后台服务器",
        "Motion graphics designer, After Effects 3年以上",
        "頭髮、麵條、電腦、網絡營銷",
    ]
    chars = sorted(_convertible_chars())
    samples += ["".join(chars[i : i + 7]) for i in range(0, len(chars), 997)]
    for text in samples:
        assert to_simplified(text) == str(_t2s().convert(text)), text
    assert to_simplified(samples[0]) is samples[0]
