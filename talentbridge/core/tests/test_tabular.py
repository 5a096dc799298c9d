"""The one CSV/XLSX writer (finding 7 of issue 13): what it neutralizes, that the escape is
reversible, and that no module outside it writes CSV or XLSX on its own."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from talentbridge.core.tabular import (
    FORMULA_LEADS,
    cell_safe,
    cell_unescape,
    csv_lines,
    is_neutral,
    new_workbook,
    xlsx_append,
    xlsx_bytes,
)

ROOT = Path(__file__).resolve().parents[3]

# Modules that write CSV but are not exports: build scripts of shipped reference tables and the
# synthetic demo input generator (files users upload, not files they download).
NOT_EXPORTS = {
    "core/tabular.py",
    "core/downloads.py",
    "core/regions/build_table.py",
    "taxonomy/data/build/build_esco.py",
    "demand/demo.py",
}
WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|import Workbook|\"text/csv")


@pytest.mark.parametrize("lead", FORMULA_LEADS)
def test_every_formula_lead_is_escaped(lead: str) -> None:
    text = f'{lead}HYPERLINK("http://evil.example")'
    assert cell_safe(text) == "'" + text
    assert is_neutral(cell_safe(text)) and not is_neutral(text)
    assert cell_unescape(cell_safe(text)) == text


@pytest.mark.parametrize("value", ["-5", "+3.25", "-1e3", "plain", "", 7, 2.5, None])
def test_numbers_and_plain_text_pass_unchanged(value: object) -> None:
    assert cell_safe(value) == value


@given(st.text(max_size=40))
def test_the_escape_is_reversible_and_always_neutral(text: str) -> None:
    safe = cell_safe(text)
    assert is_neutral(safe)
    assert cell_unescape(safe) == text


def test_csv_quotes_line_breaks_and_escapes_every_cell() -> None:
    data = "".join(csv_lines(["=h"], [["\r=1+1", "ok"], ["@x", 3]]))
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:], newline="")))
    assert rows == [["'=h"], ["'\r=1+1", "ok"], ["'@x", "3"]]


def test_xlsx_rows_keep_numbers_and_escape_text() -> None:
    book = new_workbook()
    xlsx_append(book.active, ["=1+1", 3, -2.5, "-4"])
    cells = next(load_workbook(io.BytesIO(xlsx_bytes(book))).active.iter_rows(values_only=True))
    assert cells == ("'=1+1", 3, -2.5, "-4")


def test_no_module_writes_csv_or_xlsx_outside_the_core_writer() -> None:
    offenders = []
    sources = sorted((ROOT / "talentbridge").rglob("*.py"))
    assert len(sources) > 100
    for path in sources:
        relative = path.relative_to(ROOT / "talentbridge").as_posix()
        if "/tests/" in f"/{relative}" or relative in NOT_EXPORTS:
            continue
        if WRITERS.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert not offenders, f"write CSV/XLSX through talentbridge.core.tabular: {offenders}"
