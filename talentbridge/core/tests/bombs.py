"""Hostile files built in the tests (nothing stored): XLSX with a huge shared-strings table,
a PDF whose pages share one 20 MB compressed stream, ZIP bombs."""

from __future__ import annotations

import io
import zipfile
import zlib

SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def small_xlsx(rows: list[list[object]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows or [["a", "b"], ["c", "d"]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_with_shared_strings(entry: bytes, count: int, base: bytes | None = None) -> bytes:
    """A valid workbook whose sharedStrings.xml holds ``count`` copies of ``entry``."""
    source = zipfile.ZipFile(io.BytesIO(base or small_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(SST_HEAD)
            block = entry * 10_000
            for _ in range(count // 10_000):
                part.write(block)
            part.write(b"</sst>")
    return out.getvalue()


def pdf_sharing_one_stream(pages: int = 200, stream_bytes: int = 20 * 1024 * 1024) -> bytes:
    """``pages`` pages whose /Contents all point at one Flate stream of ``stream_bytes``."""
    content = zlib.compress(b"q Q\n" * (stream_bytes // 4), 9)
    first_page = 4
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length " + str(len(content)).encode() + b" /Filter /FlateDecode >>\nstream\n"
        + content + b"\nendstream",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
        for _ in range(pages)
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def zip_bomb(unpacked: int = 64 * 1024 * 1024, name: str = "zeros.bin") -> bytes:
    """One entry of ``unpacked`` zero bytes (about 1/1000 of that compressed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as entry,
    ):
        block = bytes(1024 * 1024)
        for _ in range(unpacked // len(block)):
            entry.write(block)
    return out.getvalue()


def zip_of_many(entries: int = 20_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for index in range(entries):
            archive.writestr(f"f{index}.txt", b"")
    return out.getvalue()
