"""Safe storage of uploaded files: size limits, type by content (magic bytes), no executables.

The declared name and content type are never trusted. Files are always served with
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def _zip_kind(stream: IO[bytes]) -> Sniffed | None:
    """Office documents are zip containers; a plain zip is accepted only without executables."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    finally:
        stream.seek(0)
    lowered = [n.lower() for n in names]
    if any(n.endswith(BANNED_INSIDE_ZIP) for n in lowered):
        return None
    if any(n.startswith("word/") for n in lowered):
        return Sniffed(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
        )
    if any(n.startswith("ppt/") for n in lowered):
        return Sniffed(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
        )
    if any(n.startswith("xl/") for n in lowered):
        return Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    return Sniffed("application/zip", "zip")


BANNED_INSIDE_ZIP = (
    ".exe",
    ".dll",
    ".bat",
    ".cmd",
    ".com",
    ".msi",
    ".sh",
    ".js",
    ".vbs",
    ".ps1",
    ".jar",
    ".apk",
    ".scr",
)


def sniff(head: bytes) -> Sniffed | None:
    """The file's real type from its first bytes, or None when not an accepted type."""
    signatures: list[tuple[bytes, int, Sniffed]] = [
        (b"\x89PNG\r\n\x1a\n", 0, Sniffed("image/png", "png")),
        (b"\xff\xd8\xff", 0, Sniffed("image/jpeg", "jpg")),
        (b"GIF87a", 0, Sniffed("image/gif", "gif")),
        (b"GIF89a", 0, Sniffed("image/gif", "gif")),
        (b"%PDF-", 0, Sniffed("application/pdf", "pdf")),
        (b"8BPS", 0, Sniffed("image/vnd.adobe.photoshop", "psd")),
        (b"ftyp", 4, Sniffed("video/mp4", "mp4")),
    ]
    for magic, offset, kind in signatures:
        if head[offset : offset + len(magic)] == magic:
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp")
    return None


EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def inspect(stream: IO[bytes], size: int) -> tuple[Sniffed, str]:
    """Check an upload; return its real type and sha256, or raise ``invalid``."""
    if size > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            "invalid",
            _("The file is too large (at most %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20},
            fields={"file": [_("File too large.")]},
        )
    if size == 0:
        raise ApplicationError(
            "invalid", _("The file is empty."), fields={"file": [_("Empty file.")]}
        )
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    kind = None if head.startswith(EXECUTABLE_MAGIC) else sniff(head)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    if kind is None:
        raise ApplicationError(
            "invalid",
            _(
                "This type of file is not accepted "
                "(images, PDF, MP4, PSD, Office documents or zip)."
            ),
            fields={"file": [_("File type not accepted; it was checked by its content.")]},
        )
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return kind, digest.hexdigest()
