"""Read CSV, JSON-lines and XLSX posting files as numbered rows of ``{header: text}``.

Encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030, which covers
GBK and GB2312). Problems with the whole file raise ``FileProblem``; problems with one row are
returned as that row's ``error`` code so the caller can report row numbers and go on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from talentbridge.core.bounded import MB, LimitExceeded, Limits, check_xlsx, run_bounded
from talentbridge.core.jsonbounds import JSONInputError, loads_bounded

SUPPORTED_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
}
_SNIFF_BYTES = 64 * 1024
_DECODE_CHUNK = 1 << 20
_HEADER_SCAN_LINES = 200
csv.field_size_limit(16 * 1024 * 1024)


# XLSX read by the ingest worker (a background task): declared sizes checked with these
# generous limits; a web request passes its own ``Limits`` and reads the rows in a child.
INGEST_LIMITS = Limits(
    zip_entries=10_000,
    unzipped_bytes=4096 * MB,
    compression_ratio=1000,
    xml_part_bytes=2048 * MB,
    shared_strings=5_000_000,
)


class FileProblem(Exception):
    """The file as a whole cannot be read: ``code`` is one of unsupported_format,
    undecodable, damaged_xlsx, empty_file, no_header, over_limits (``detail`` is then the
    ``core.bounded`` code)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a child process, re-raised here
        return (FileProblem, (self.code, self.detail))


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: ``number`` is the row/line number a user sees in their editor."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class PostingFile:
    """An opened file: its headers, detected encoding and a row iterator."""

    path: Path
    kind: str
    headers: list[str]
    encoding: str
    rows: Iterator[SourceRow]
    delimiter: str = ","


def file_kind(path: Path) -> str:
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise FileProblem("unsupported_format", path.suffix or path.name)
    return kind


def open_posting_file(path: Path, *, limits: Limits | None = None) -> PostingFile:
    """Detect the format and encoding and return the headers and rows. An XLSX is checked
    against ``limits`` (``INGEST_LIMITS`` when none) before openpyxl sees it; with ``limits``
    (a web request) its rows are read in a resource-limited child process."""
    kind = file_kind(path)
    if path.stat().st_size == 0:
        raise FileProblem("empty_file")
    if kind == "xlsx":
        _check_xlsx(path, limits or INGEST_LIMITS)
        if limits is not None:
            import openpyxl  # noqa: F401 (once here, so the child does not import it)

            try:
                rows = run_bounded(_xlsx_all_rows, path, limits=limits)
            except LimitExceeded as exc:
                raise FileProblem("over_limits", exc.code) from exc
            return _xlsx_file(path, iter(rows))
        return _open_xlsx(path)
    encoding = detect_encoding(path)
    if kind == "jsonl":
        return _open_jsonl(path, encoding)
    return _open_csv(path, encoding)


def detect_encoding(path: Path) -> str:
    """BOM first; then UTF-8 if the whole file decodes as UTF-8; else GB18030 (GBK)."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes_as(path, encoding):
            return encoding
    raise FileProblem("undecodable", path.name)


def _decodes_as(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_DECODE_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _text(path: Path, encoding: str) -> IO[str]:
    return path.open("r", encoding=encoding, newline="")


def _open_csv(path: Path, encoding: str) -> PostingFile:
    with _text(path, encoding) as handle:
        sample = handle.read(_SNIFF_BYTES)
    dialect: Any = csv_dialect("\t") if path.suffix.lower() == ".tsv" else _sniff(sample)
    with _text(path, encoding) as handle:
        headers = next(csv.reader(handle, dialect), None)
    if not headers or not any(h.strip() for h in headers):
        raise FileProblem("no_header")
    headers = [h.strip() for h in headers]
    rows = _csv_rows(path, encoding, dialect, headers)
    return PostingFile(path, "csv", headers, encoding, rows, delimiter=dialect.delimiter)


def _sniff(sample: str) -> Any:
    """Excel CSV with the delimiter of the header line (comma, tab, semicolon or bar)."""
    header = sample.split("\n", 1)[0]
    counts = {d: header.count(d) for d in ",\t;|"}
    return csv_dialect(max(counts, key=lambda d: counts[d]) if any(counts.values()) else ",")


def csv_dialect(delimiter: str) -> Any:
    """Excel CSV with ``delimiter``."""

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _csv_rows(path: Path, encoding: str, dialect: Any, headers: list[str]) -> Iterator[SourceRow]:
    with _text(path, encoding) as handle:
        yield from csv_rows(
            handle, headers=headers, delimiter=dialect.delimiter, before=0, skip_header=True
        )


def csv_rows(
    lines: Iterable[str],
    *,
    headers: Sequence[str],
    delimiter: str,
    before: int,
    skip_header: bool = False,
) -> Iterator[SourceRow]:
    """The rows of CSV text, numbered as lines of the whole file (``before``: the lines that
    precede ``lines``); blank rows are skipped, a row with more non-empty cells than headers is
    an error row. The one CSV row reader of the whole-file reader and of byte-range partitions."""
    reader = csv.reader(lines, csv_dialect(delimiter))
    if skip_header:
        next(reader, None)
    for cells in reader:
        number = before + reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            yield SourceRow(number, error="too_many_cells")
            continue
        yield SourceRow(number, dict(zip(headers, cells, strict=False)))


def _open_jsonl(path: Path, encoding: str) -> PostingFile:
    headers: dict[str, None] = {}
    with _text(path, encoding) as handle:
        for _, line in zip(range(_HEADER_SCAN_LINES), handle, strict=False):
            try:
                value = loads_bounded(line)
            except JSONInputError:
                continue
            if isinstance(value, dict):
                headers.update(dict.fromkeys(str(key) for key in value))
    if not headers:
        raise FileProblem("no_header")
    return PostingFile(path, "jsonl", list(headers), encoding, _jsonl_rows(path, encoding))


def _jsonl_rows(path: Path, encoding: str) -> Iterator[SourceRow]:
    with _text(path, encoding) as handle:
        yield from jsonl_rows(handle, before=0)


def jsonl_rows(lines: Iterable[str], *, before: int) -> Iterator[SourceRow]:
    """One row per non-blank JSON-object line, numbered from ``before + 1`` (a partition of a
    file passes the number of lines before it)."""
    for index, line in enumerate(lines, start=1):
        number = before + index
        if not line.strip():
            continue
        try:
            value = loads_bounded(line)
        except JSONInputError as error:
            yield SourceRow(
                number, error="json_too_deep" if error.code == "too_deep" else "invalid_json"
            )
            continue
        if not isinstance(value, dict):
            yield SourceRow(number, error="not_an_object")
            continue
        yield SourceRow(number, {str(k): cell_text(v) for k, v in value.items()})


def _check_xlsx(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            check_xlsx(archive, limits)
    except zipfile.BadZipFile as error:
        raise FileProblem("damaged_xlsx", type(error).__name__) from error
    except LimitExceeded as exc:
        raise FileProblem("over_limits", exc.code) from exc


def _xlsx_all_rows(path: Path) -> list[SourceRow]:
    return list(_xlsx_rows(path))


def _open_xlsx(path: Path) -> PostingFile:
    return _xlsx_file(path, _xlsx_rows(path))


def _xlsx_file(path: Path, rows: Iterator[SourceRow]) -> PostingFile:
    try:
        first = next(rows)
    except StopIteration:
        raise FileProblem("no_header") from None
    if first.error is not None:
        raise FileProblem("damaged_xlsx", first.error)
    headers = [first.values[str(i)].strip() for i in range(len(first.values))]
    if not any(headers):
        raise FileProblem("no_header")
    return PostingFile(path, "xlsx", headers, "xlsx", _xlsx_records(rows, headers))


def _xlsx_records(rows: Iterator[SourceRow], headers: list[str]) -> Iterator[SourceRow]:
    for row in rows:
        if row.error is not None:
            yield row
            return
        cells = [row.values[str(i)] for i in range(len(row.values))]
        if any(cell.strip() for cell in cells):
            yield SourceRow(row.number, dict(zip(headers, cells, strict=False)))


def _xlsx_rows(path: Path) -> Iterator[SourceRow]:
    """Cells of the first sheet as ``{"0": text, "1": text, ...}``; a sheet that breaks off
    in the middle ends with one error row (``truncated_after_row``)."""
    import openpyxl  # local: openpyxl is slow to import and only needed for XLSX

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileProblem("damaged_xlsx", type(error).__name__) from error
    except Exception as error:  # openpyxl raises many types for broken files
        raise FileProblem("damaged_xlsx", type(error).__name__) from error
    number = 0
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield SourceRow(number, {str(i): cell_text(c) for i, c in enumerate(cells)})
    except Exception as error:  # a truncated or corrupt sheet part
        yield SourceRow(number + 1, error="truncated_after_row")
        del error
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """Cell or JSON value -> text: dates as ISO, whole floats without ``.0``, lists joined."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "|".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
