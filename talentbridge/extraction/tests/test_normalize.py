from hypothesis import given
from hypothesis import strategies as st

from talentbridge.extraction.normalize import normalize_label, normalize_text
from talentbridge.extraction.segment import split_clauses, split_sentences


def test_full_width_becomes_half_width_and_offsets_point_back() -> None:
    raw = "熟练使用ＰＳ，ＡＥ"
    result = normalize_text(raw)
    assert result.text == "熟练使用PS,AE"
    start = result.text.index("PS")
    begin, end = result.to_original(start, start + 2)
    assert raw[begin:end] == "ＰＳ"


def test_traditional_chinese_becomes_simplified_with_same_offsets() -> None:
    raw = "負責短視頻剪輯與後期製作"
    result = normalize_text(raw)
    assert result.text == "负责短视频剪辑与后期制作"
    assert result.to_original(5, 7) == (5, 7)


def test_html_tags_scripts_and_entities_are_removed() -> None:
    raw = '<div><script>var ai = "AI";</script><p>Use&nbsp;Photoshop &amp; AI</p></div>'
    result = normalize_text(raw)
    assert "script" not in result.text
    assert "var" not in result.text
    assert "Use Photoshop & AI" in result.text
    start = result.text.index("Photoshop")
    begin, end = result.to_original(start, start + len("Photoshop"))
    assert raw[begin:end] == "Photoshop"


def test_zero_width_and_control_characters_do_not_split_words() -> None:
    result = normalize_text("Photo\u200bshop\x00 and\t\tAI")
    assert result.text == "Photoshop and AI"


def test_folded_text_is_lower_case_with_the_same_length() -> None:
    result = normalize_text("İstanbul JavaScript")
    assert len(result.folded) == len(result.text)
    assert "javascript" in result.folded


def test_label_normalization_matches_text_normalization() -> None:
    label = "Ａｄｏｂｅ  After Effects（AE）"
    assert normalize_label(label) == normalize_text(label).text.strip()


@given(st.text(max_size=200))
def test_every_normalized_character_maps_into_the_input(raw: str) -> None:
    result = normalize_text(raw)
    assert len(result.text) == len(result.folded) == len(result.starts) == len(result.ends)
    for start, end in zip(result.starts, result.ends, strict=True):
        assert 0 <= start < end <= len(raw)
    assert list(result.starts) == sorted(result.starts)


def test_sentences_and_clauses_split_on_chinese_and_latin_punctuation() -> None:
    text = "岗位职责：1、负责短视频剪辑，包装；2、熟练使用PS。Good English skills, teamwork."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "岗位职责：",
        "负责短视频剪辑，包装",
        "熟练使用PS",
        "Good English skills, teamwork",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for clause in split_clauses(sentence):
            assert text[clause.start : clause.end] == clause.text
    clauses = split_clauses(sentences[-1])
    assert [c.text for c in clauses] == ["Good English skills", "teamwork"]


def test_long_clauses_are_cut_into_windows_covering_the_text() -> None:
    text = "word " * 200
    sentence = split_sentences(text)[0]
    windows = split_clauses(sentence)
    assert len(windows) > 1
    assert windows[0].start == sentence.start
    assert windows[-1].end == sentence.end


# characters every branch of the fold cares about (spaces, breaks, controls, full width,
# combining marks, final sigma, a letter whose lower case is longer, traditional Chinese)
_MIXED = st.text(
    alphabet="abeZz09 \n\t\r,.，。ＰＳ　\u200b\u00a0\u0301Σσİ負責剪辑é\x1c\ufffd", max_size=30
)


@given(_MIXED | st.text(max_size=30))
def test_the_fast_paths_give_what_the_per_character_fold_gives(raw: str) -> None:
    from talentbridge.extraction import normalize

    chars, starts, ends = normalize._fold_characters(*normalize._plain(raw))
    if normalize._already_folded(raw):
        assert ("".join(chars), starts, ends) == (
            raw,
            list(range(len(raw))),
            list(range(1, len(raw) + 1)),
        )
    text = normalize._to_simplified("".join(chars))
    result = normalize_text(raw) if "<" not in raw and "&" not in raw else None
    if result is not None:
        assert (result.text, list(result.starts), list(result.ends)) == (text, starts, ends)
        assert result.folded == "".join(normalize._lower_same_length(char) for char in text)


def test_plain_text_takes_the_fast_path_and_odd_text_does_not() -> None:
    from talentbridge.extraction.normalize import _already_folded

    assert _already_folded("熟练使用PS, AE。\n负责短视频剪辑 and editing")
    for odd in ("ＰＳ", "a  b", "a \nb", "tab\there", "zero\u200bwidth", "e\u0301"):
        assert not _already_folded(odd)
