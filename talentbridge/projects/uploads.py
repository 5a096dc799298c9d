"""Project uploads (brief materials, submissions) through the core upload gate.

The declared name and content type are never trusted: ``talentbridge.core.uploads.upload_gate``
sniffs the type, allow-lists it (``ACCEPTED``) and every member of a ZIP, and keeps archives
within ``ZIP_LIMITS``. Files are stored under a random name with the sniffed extension and
always served with ``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``,
under the uploader's name with the sniffed extension.
"""

from __future__ import annotations

from typing import IO

from talentbridge.core.bounded import MB, Limits
from talentbridge.core.uploads import AcceptedUpload, Sniffed, upload_gate

MAX_UPLOAD_BYTES = 20 * MB
ACCEPTED = frozenset(
    {"png", "jpg", "gif", "webp", "pdf", "psd", "mp4", "docx", "xlsx", "pptx", "zip"}
)
# A submission archive is only listed here, never unpacked; these limits keep whoever unpacks
# it later (a reviewer's machine) safe from bombs.
ZIP_LIMITS = Limits(unzipped_bytes=1024 * MB, compression_ratio=200, zip_entries=5_000)


def accept(stream: IO[bytes], size: int, name: str = "") -> AcceptedUpload:
    """Check an upload; its real type, sha256 and download name, or raise ``invalid``."""
    return upload_gate(
        stream, size=size, name=name, allow=ACCEPTED, max_bytes=MAX_UPLOAD_BYTES, limits=ZIP_LIMITS
    )


def inspect(stream: IO[bytes], size: int) -> tuple[Sniffed, str]:
    """Check an upload; return its real type and sha256, or raise ``invalid``."""
    accepted = accept(stream, size)
    return accepted.kind, accepted.sha256
