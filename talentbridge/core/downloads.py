"""Every file the site hands out is an attachment, with ``nosniff``: one place builds them.

- ``attachment(content, filename=, content_type=)`` — bytes or text as a download;
- ``streamed_attachment(chunks, filename=, content_type=)`` — text chunks, streamed;
- ``csv_download(filename=, header=, rows=)`` — a streamed CSV through ``core.tabular``;
- ``XLSX`` — the content type of an XLSX workbook (build it with ``core.tabular``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from talentbridge.core.tabular import csv_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _mark(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"


def attachment(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    _mark(response, filename)
    return response


def streamed_attachment(
    chunks: Iterable[str | bytes], *, filename: str, content_type: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    _mark(response, filename)
    return response


def csv_download(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV (with a BOM for Excel) whose cells cannot run as formulas."""
    return streamed_attachment(csv_lines(header, rows), filename=filename, content_type=CSV)
