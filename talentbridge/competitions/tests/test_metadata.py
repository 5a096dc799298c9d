"""Identifying metadata is found in real PDF, Office and image files (and not in clean ones)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

from talentbridge.competitions.metadata import identifying_metadata


def _pdf(author: str | None) -> io.BytesIO:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    if author:
        writer.add_metadata({"/Author": author})
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    return out


def _jpeg(artist: str | None) -> io.BytesIO:
    image = Image.new("RGB", (4, 4), "white")
    exif = image.getexif()
    if artist:
        exif[315] = artist
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    out.seek(0)
    return out


def _docx(creator: str) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "docProps/core.xml",
            f"<cp:coreProperties><dc:creator>{creator}</dc:creator></cp:coreProperties>",
        )
    out.seek(0)
    return out


def test_pdf_author_is_found() -> None:
    assert identifying_metadata(_pdf("张三"), "work.pdf") == ["pdf:/Author"]
    assert "pdf:/Author" not in identifying_metadata(_pdf(None), "work.pdf")


def test_exif_artist_is_found() -> None:
    assert identifying_metadata(_jpeg("Carol"), "poster.jpg") == ["exif:Artist"]
    assert identifying_metadata(_jpeg(None), "poster.jpg") == []


def test_office_creator_is_found() -> None:
    assert identifying_metadata(_docx("Carol"), "plan.docx") == ["office:dc:creator"]


def test_unreadable_file_is_flagged_not_refused() -> None:
    assert identifying_metadata(io.BytesIO(b"%PDF-garbage"), "x.pdf") == ["unreadable"]
