"""The one CSV/XLSX writer: every export of every app writes its cells through here.

Spreadsheet programs (Excel, WPS, LibreOffice) run a cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (CSV/formula injection, OWASP). Every text
cell therefore passes ``cell_safe``: such text (and text that already starts with ``'``, so the
escape stays reversible) gets a leading ``'``; the full-width ``＝ ＋ － ＠`` that Chinese input
methods produce are treated the same. Plain numbers written as text (``-5``, ``+3.2``) cannot be
formulas and pass unchanged, as do numbers, dates and ``None``. ``cell_unescape`` undoes the
escape for files read back (the plan import reads the plan export).

No Django here (pure; ``core.downloads`` wraps these in HTTP responses):

- ``csv_lines(header, rows)`` — a UTF-8 CSV with a BOM (so Excel reads Chinese), line by line,
  for streaming;
- ``xlsx_append(sheet, row)`` — one openpyxl row; ``xlsx_bytes(workbook)`` saves a workbook.

A static test (``core/tests/test_tabular.py``) fails when any module outside this one creates a
``csv.writer`` or an openpyxl ``Workbook``; another downloads every export with hostile data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_ESCAPED_LEADS = (*FORMULA_LEADS, "'")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def cell_safe(value: Any) -> Any:
    """A value a spreadsheet program will show, never run: see the module docstring."""
    if not isinstance(value, str) or not value.startswith(_ESCAPED_LEADS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def cell_unescape(text: str) -> str:
    """The inverse of ``cell_safe`` for text read back from an exported file."""
    if text.startswith("'") and text[1:].startswith(_ESCAPED_LEADS):
        return text[1:]
    return text


def is_neutral(value: Any) -> bool:
    """Whether a cell read from an exported file is safe to open (tests and checks use it)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_LEADS):
        return True
    return bool(_PLAIN_NUMBER.fullmatch(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True
) -> Iterator[str]:
    """The CSV as text chunks (a BOM, the header line, one chunk per row). Lines end in CRLF
    (RFC 4180), which also makes the writer quote any cell holding a CR or LF."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    yield writer.writerow([cell_safe(_text(v)) for v in header])
    for row in rows:
        yield writer.writerow([cell_safe(_text(v)) for v in row])


def _text(value: Any) -> Any:
    return "" if value is None else str(value) if not isinstance(value, int | float) else value


def new_workbook() -> Any:
    """An empty openpyxl workbook (with its default first sheet)."""
    from openpyxl import Workbook  # local: openpyxl is slow to import

    return Workbook()


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append one row to an openpyxl sheet, every text cell through ``cell_safe``."""
    sheet.append([cell_safe(value) for value in row])


def xlsx_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
