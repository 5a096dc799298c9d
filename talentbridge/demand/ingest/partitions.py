"""Partitions of a posting file and the pure per-partition work (no Django, no database).

A file is cut into partitions of ``rows`` records, numbered from 0 in file order:

* CSV/TSV and JSON lines in UTF-8 (with or without BOM) or GB18030/GBK: **byte ranges** that
  start and end on a record boundary. One scan of the bytes finds the boundaries: a record
  ends at a line feed outside double quotes (RFC 4180 quotes are doubled, so the parity of the
  quote count tells), and neither encoding has a line-feed or quote byte inside a multi-byte
  character. Any worker can read its range on its own, with the same row numbers as a reader
  of the whole file.
* anything else (XLSX, UTF-16, a stray carriage return that the CSV reader would count as a
  line break): **row blocks**, read by the caller and handed over as rows.

``prepare_partition`` reads, maps, fingerprints, normalizes and (optionally) lexically tags
the rows of one partition. It is a pure function of its ``PartitionTask``, so it runs in the
ingesting process or on a Dask worker alike; the database work (de-duplication against stored
postings, inserts, aggregates) stays with the caller, partition by partition, in order.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from talentbridge.demand.ingest.dedupe import row_key
from talentbridge.demand.ingest.readers import SourceRow, csv_rows, jsonl_rows
from talentbridge.demand.ingest.rows import NormalizedPosting, mapped_values, normalize_row

SPLITTABLE_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
_QUOTE = ord('"')


@dataclass(frozen=True, slots=True)
class ByteRange:
    """Records of a file between two byte offsets; ``lines_before`` physical lines precede
    ``start`` (the first record's line numbers continue from there)."""

    start: int
    end: int
    lines_before: int


@dataclass(frozen=True, slots=True)
class FileFormat:
    """How to read the records of a text file."""

    kind: str  # csv | jsonl
    encoding: str
    delimiter: str
    headers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartitionTask:
    """Everything a worker needs for one partition (picklable)."""

    sequence: int
    mapping: dict[str, str]
    imported_on: date
    tag_skills: bool
    path: str = ""
    file_format: FileFormat | None = None
    byte_range: ByteRange | None = None
    rows: tuple[SourceRow, ...] = ()


@dataclass(slots=True)
class PreparedRow:
    """One source row after the pure steps: a reader error, or its mapped fields, raw-row
    key and either a normalized posting (with lexical skills) or a rejection code."""

    number: int
    error: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    key: str = ""
    posting: NormalizedPosting | None = None
    reject: str | None = None
    skills: tuple[str, ...] = ()


@dataclass(slots=True)
class PreparedPartition:
    sequence: int
    rows: list[PreparedRow]


def plan_byte_ranges(
    path: Path, file_format: FileFormat, rows_per_partition: int
) -> list[ByteRange] | None:
    """Byte ranges of ``rows_per_partition`` records each after the header (CSV) — or None
    when the file cannot be cut into byte ranges safely (see the module docstring)."""
    if file_format.encoding not in SPLITTABLE_ENCODINGS:
        return None
    ranges: list[ByteRange] = []
    csv_quotes = file_format.kind == "csv"
    with path.open("rb") as handle:
        offset = len(codecs.BOM_UTF8) if file_format.encoding == "utf-8-sig" else 0
        handle.seek(offset)
        lines = 0
        inside_quotes = False
        header_pending = csv_quotes
        start, start_lines, records = offset, 0, 0
        for line in handle:
            lines += 1
            offset += len(line)
            carriage_returns = line.count(b"\r")
            if carriage_returns > (1 if line.endswith(b"\r\n") else 0):
                return None
            if csv_quotes and _QUOTE in line and line.count(b'"') % 2:
                inside_quotes = not inside_quotes
            if inside_quotes:
                continue
            if header_pending:  # the header record is read by the caller, not a partition
                header_pending = False
                start, start_lines = offset, lines
                continue
            records += 1
            if records == rows_per_partition:
                ranges.append(ByteRange(start, offset, start_lines))
                start, start_lines, records = offset, lines, 0
        if offset > start:
            ranges.append(ByteRange(start, offset, start_lines))
    return ranges


def read_byte_range(path: Path, file_format: FileFormat, part: ByteRange) -> list[SourceRow]:
    """The rows of one byte range, numbered as a reader of the whole file numbers them."""
    with path.open("rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    encoding = "utf-8" if file_format.encoding == "utf-8-sig" else file_format.encoding
    text = io.StringIO(data.decode(encoding), newline="")
    if file_format.kind == "jsonl":
        return list(jsonl_rows(text, before=part.lines_before))
    return list(
        csv_rows(
            text,
            headers=file_format.headers,
            delimiter=file_format.delimiter,
            before=part.lines_before,
        )
    )


def prepare_partition(task: PartitionTask) -> PreparedPartition:
    """Read (byte range) or take (row block) the partition's rows and run the pure steps."""
    if task.byte_range is not None and task.file_format is not None:
        rows: Sequence[SourceRow] = read_byte_range(
            Path(task.path), task.file_format, task.byte_range
        )
    else:
        rows = task.rows
    prepared = [_prepare_row(row, task.mapping, task.imported_on) for row in rows]
    if task.tag_skills:
        from talentbridge.demand.tagging import tag_texts  # the engine loads lazily

        tagged = [row for row in prepared if row.posting is not None]
        for row, skills in zip(
            tagged, tag_texts([tag_text(row.posting) for row in tagged if row.posting]), strict=True
        ):
            row.skills = skills
    return PreparedPartition(task.sequence, prepared)


def _prepare_row(row: SourceRow, mapping: dict[str, str], imported_on: date) -> PreparedRow:
    if row.error is not None:
        return PreparedRow(row.number, error=row.error)
    fields = mapped_values(row.values, mapping)
    result = normalize_row(fields, imported_on=imported_on)
    if isinstance(result, str):
        return PreparedRow(row.number, fields=fields, key=row_key(fields), reject=result)
    return PreparedRow(row.number, fields=fields, key=row_key(fields), posting=result)


def tag_text(posting: NormalizedPosting) -> str:
    """The text the skill tagger reads: title and description."""
    return f"{posting.job_title}\n{posting.description}"
