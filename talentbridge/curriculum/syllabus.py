"""Syllabus text from an upload: plain text or DOCX (pure; no Django).

DOCX is read with the standard library only: ``word/document.xml`` is scanned for text runs
(``<w:t>``), tabs and paragraph ends with regular expressions — no XML parser, so no entity
expansion; the decompressed part is capped. PDF is not supported: no PDF text library is
installed (``pypdf`` would be needed); the caller shows ``pdf_not_supported``.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
_TOKEN = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:tab\s*/>|<w:br\s*/>|</w:p>")


class SyllabusError(ValueError):
    """``code``: too_large | pdf_not_supported | corrupt_docx | unsupported_type | not_text."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def text_from_upload(name: str, data: bytes) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise SyllabusError("too_large")
    lowered = name.lower()
    if data.startswith(b"%PDF") or lowered.endswith(".pdf"):
        raise SyllabusError("pdf_not_supported")
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
