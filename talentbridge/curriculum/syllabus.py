"""Syllabus text from an upload: plain text, DOCX or PDF (pure; no Django).

DOCX is read with the standard library only: ``word/document.xml`` is scanned for text runs
(``<w:t>``), tabs and paragraph ends with regular expressions — no XML parser, so no entity
expansion; the decompressed part is capped.

PDF is read with ``pypdf`` (text layer only, no OCR): at most ``MAX_PDF_PAGES`` pages and
``MAX_TEXT_CHARS`` characters. A PDF that needs a password (an empty user password is
tried), a scanned PDF without a text layer, a damaged file and a file called ``.pdf`` that
is not a PDF each raise their own code; nothing is guessed.

Every upload is read in a resource-limited child process (``core.bounded.run_bounded``) after
its declared sizes are checked (``check_zip`` for DOCX, ``check_pdf_contents`` for PDF: pages
sharing one huge compressed stream are counted per page); over a limit → ``over_limits``.
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile

from talentbridge.core.bounded import (
    LimitExceeded,
    Limits,
    check_pdf_contents,
    check_zip,
    run_bounded,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
MAX_PDF_PAGES = 200
MIN_PDF_TEXT_CHARS = 20  # fewer letters than this in the whole file → no usable text layer
_TOKEN = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:tab\s*/>|<w:br\s*/>|</w:p>")
_WORD_CHARS = re.compile(r"\w", re.UNICODE)
# pypdf logs a warning for every damaged object of a bad upload; the user gets one error.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class SyllabusError(ValueError):
    """``code``: too_large | corrupt_docx | unsupported_type | not_text | not_pdf |
    corrupt_pdf | pdf_encrypted | pdf_no_text | pdf_too_many_pages | over_limits (``limit``
    is then the ``core.bounded`` code)."""

    def __init__(self, code: str, limit: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit


LIMITS = Limits(seconds=10, pdf_pages=MAX_PDF_PAGES, unzipped_bytes=4 * MAX_XML_BYTES)


def text_from_upload(name: str, data: bytes) -> str:
    """The text of an uploaded syllabus, read under ``LIMITS`` in a child process."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SyllabusError("too_large")
    import pypdf  # noqa: F401 (imported here, once, so the child does not import it per file)

    try:
        return run_bounded(_text_from_upload, name, data, limits=LIMITS)
    except LimitExceeded as exc:
        raise SyllabusError("over_limits", exc.code) from exc


def _text_from_upload(name: str, data: bytes) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise SyllabusError("too_large")
    lowered = name.lower()
    if data.startswith(b"%PDF") or lowered.endswith(".pdf"):
        return pdf_text(data)
    if data.startswith(b"PK") or lowered.endswith(".docx"):
        return docx_text(data)
    if lowered.endswith((".txt", ".md")) or not lowered.rpartition(".")[1]:
        try:
            return data.decode("utf-8-sig")[:MAX_TEXT_CHARS]
        except UnicodeDecodeError as exc:
            raise SyllabusError("not_text") from exc
    raise SyllabusError("unsupported_type")


def docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, LIMITS)
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise SyllabusError("too_large")
            xml = archive.read(info).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as exc:
        raise SyllabusError("corrupt_docx") from exc
    parts: list[str] = []
    for match in _TOKEN.finditer(xml):
        token = match.group(0)
        if match.group(1) is not None:
            parts.append(html.unescape(match.group(1)))
        elif token.startswith("<w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    text = re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()
    return text[:MAX_TEXT_CHARS]


_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d{1,4}\s*页|-?\s*\d{1,4}\s*-?|\d{1,4}\s*/\s*\d{1,4})\s*$")


def _without_page_number(text: str) -> str:
    """Drop a page number ("3", "- 3 -", "3/12", "第3页") on a page's first or last line."""
    lines = text.splitlines()
    if lines and _PAGE_NUMBER.match(lines[0]):
        lines = lines[1:]
    if lines and _PAGE_NUMBER.match(lines[-1]):
        lines = lines[:-1]
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page after page."""
    # A PDF may have a few bytes of junk before the header; more than 1 KiB is not a PDF.
    if b"%PDF-" not in data[:1024]:
        raise SyllabusError("not_pdf")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise SyllabusError("pdf_encrypted") from exc
            if not opened:
                raise SyllabusError("pdf_encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise SyllabusError("pdf_too_many_pages")
        check_pdf_contents(reader, LIMITS)
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            text = _without_page_number(page.extract_text() or "")
            parts.append(text)
            size += len(text)
            if size >= MAX_TEXT_CHARS:
                break
    except (SyllabusError, LimitExceeded):
        raise
    except FileNotDecryptedError as exc:
        raise SyllabusError("pdf_encrypted") from exc
    except Exception as exc:  # a damaged or crafted file fails in many ways inside pypdf
        raise SyllabusError("corrupt_pdf") from exc
    text = re.sub(r"[ \t]+\n", "\n", "\n\n".join(parts))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(_WORD_CHARS.findall(text)) < MIN_PDF_TEXT_CHARS:
        raise SyllabusError("pdf_no_text")
    return text[:MAX_TEXT_CHARS]
