"""Every message in the catalogues is translated, in both languages, and compiles."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def _untranslated(po: Path) -> list[str]:
    out = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap", str(po)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    ids = re.findall(r'^msgid "(.*)"$', out, flags=re.M)
    return [i for i in ids if i]  # the header has an empty msgid


def _fuzzy(po: Path) -> list[str]:
    out = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-wrap", str(po)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [i for i in re.findall(r'^msgid "(.*)"$', out, flags=re.M) if i]


def test_both_languages_have_catalogues() -> None:
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"zh_Hans", "en"} <= languages


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_catalogue_is_complete_and_valid(po: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    assert _untranslated(po) == [], f"untranslated in {po}"
    assert _fuzzy(po) == [], f"fuzzy in {po}"


def test_chinese_catalogue_is_really_chinese() -> None:
    po = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    msgstrs = re.findall(r'^msgstr(?:\[0\])? "(.+)"$', text, flags=re.M)
    with_han = [m for m in msgstrs if re.search(r"[\u4e00-\u9fff]", m)]
    assert len(with_han) / len(msgstrs) > 0.9
