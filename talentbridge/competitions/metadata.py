"""Identifying metadata in submitted files (EXIF of images, PDF document information, Office
core properties): what a judge's copy must not carry."""

from __future__ import annotations

import io
import zipfile
from typing import Any

PDF_KEYS = ("/Author", "/Title")  # the producer/creator name software, not people
EXIF_TAGS = {315: "Artist", 33432: "Copyright", 270: "ImageDescription", 0x9C9D: "XPAuthor"}


def identifying_metadata(upload: Any, file_name: str) -> list[str]:
    """Names of the identifying fields found (e.g. ``["pdf:/Author"]``); empty when clean."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    name = file_name.lower()
    found: list[str] = []
    try:
        if data[:5] == b"%PDF-":
            from pypdf import PdfReader

            info: Any = PdfReader(io.BytesIO(data)).metadata or {}
            found += [f"pdf:{k}" for k in PDF_KEYS if str(info.get(k) or "").strip()]
        elif name.endswith((".docx", ".pptx", ".xlsx")) and zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "docProps/core.xml" in z.namelist():
                    core = z.read("docProps/core.xml").decode("utf-8", "replace")
                    for tag in ("dc:creator", "cp:lastModifiedBy"):
                        if f"<{tag}>" in core and f"<{tag}></{tag}>" not in core:
                            found.append(f"office:{tag}")
        elif data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                exif = image.getexif()
                found += [f"exif:{label}" for tag, label in EXIF_TAGS.items() if exif.get(tag)]
                if 0x8825 in exif:
                    found.append("exif:GPS")
    except Exception:
        found.append("unreadable")
    return found


def _clean_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)  # a fresh document information dictionary: no author, no title
    return out.getvalue()


def _clean_image(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format or "PNG"
        pixels = image.copy()
    out = io.BytesIO()
    pixels.save(out, format=fmt)  # saved without exif/text chunks
    return out.getvalue()


def _clean_office(data: bytes) -> bytes:
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = body.decode("utf-8", "replace")
                for tag in ("dc:creator", "cp:lastModifiedBy"):
                    text = re.sub(rf"<{tag}>.*?</{tag}>", f"<{tag}></{tag}>", text, flags=re.S)
                body = text.encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def judge_copy(data: bytes, file_name: str) -> tuple[bytes, list[str]]:
    """The copy a judge downloads: identifying metadata removed where the format allows; the
    second value lists what is still found (the entry is flagged when it is not empty)."""
    name = file_name.lower()
    try:
        if data[:5] == b"%PDF-":
            data = _clean_pdf(data)
        elif data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
            data = _clean_image(data)
        elif name.endswith((".docx", ".pptx", ".xlsx")) and zipfile.is_zipfile(io.BytesIO(data)):
            data = _clean_office(data)
    except Exception:  # an unreadable file goes out as is, flagged below
        return data, identifying_metadata(io.BytesIO(data), file_name)
    return data, identifying_metadata(io.BytesIO(data), file_name)
