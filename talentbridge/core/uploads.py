"""Uploaded files: the one upload gate, and the words for refusals of bounded parsing.

- ``upload_gate(stream, size=, name=, allow=, max_bytes=)`` — every upload field's check:
  type sniffed from the bytes and allow-listed per field, ZIP members allow-listed too,
  names from the sniffed type (see the section comment below). New upload fields call it.
- ``limit_message(code)`` / ``limit_error(exc, field=)`` — the bilingual 400 for a
  ``core.bounded.LimitExceeded``.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentbridge.core.bounded import MB, WEB, LimitExceeded, Limits, check_zip
from talentbridge.core.errors import ApplicationError

LIMIT_MESSAGES: dict[str, Promise] = {
    "not_an_archive": _("The file is not a readable archive."),
    "too_many_entries": _("The archive holds too many files."),
    "too_large_unpacked": _("The file unpacks to more data than we accept."),
    "compression_ratio": _("The file is compressed far more than ordinary documents are."),
    "part_too_large": _("A part of the document is larger than we accept."),
    "too_many_strings": _("The workbook holds more distinct texts than we accept."),
    "too_many_pages": _("The document has more pages than we accept."),
    "too_much_page_content": _("The document's pages hold more content than we accept."),
    "timeout": _("Reading the file took too long."),
    "out_of_memory": _("Reading the file needed more memory than we allow."),
    "parser_crashed": _("The file could not be read."),
}


def limit_message(code: str) -> str:
    reason = LIMIT_MESSAGES.get(code, LIMIT_MESSAGES["parser_crashed"])
    return gettext("The file was refused to keep the site safe: %(reason)s") % {
        "reason": str(reason)
    }


def limit_error(exc: LimitExceeded, *, field: str = "file") -> ApplicationError:
    text = limit_message(exc.code)
    return ApplicationError("invalid", text, fields={field: [text]}, extra={"limit": exc.code})


# --- the upload gate -----------------------------------------------------------------------------
#
# Every upload field calls ``upload_gate(stream, size=, name=, allow=)``: the file's type comes
# from its bytes (never its name or declared content type), must be in the field's allow-list,
# and a ZIP is accepted only when every member passes ``check_member`` (allow-listed extension,
# no executable bytes, no trailing-dot or double-extension tricks, no paths out of the archive)
# and the archive is within ``core.bounded`` limits. The result carries the names to use: the
# stored name is random with the sniffed extension, the download name the uploader's stem with
# the sniffed extension (a PNG uploaded as ``page.html`` downloads as ``page.png``).


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


@dataclass(frozen=True)
class AcceptedUpload:
    kind: Sniffed
    sha256: str
    size: int
    download_name: str

    @property
    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.kind.extension}"


DOCX = Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX_KIND = Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = Sniffed("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
ZIP = Sniffed("application/zip", "zip")
TEXT = Sniffed("text/plain", "txt")

_SIGNATURES: tuple[tuple[bytes, int, Sniffed], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, Sniffed("image/png", "png")),
    (b"\xff\xd8\xff", 0, Sniffed("image/jpeg", "jpg")),
    (b"GIF87a", 0, Sniffed("image/gif", "gif")),
    (b"GIF89a", 0, Sniffed("image/gif", "gif")),
    (b"%PDF-", 0, Sniffed("application/pdf", "pdf")),
    (b"8BPS", 0, Sniffed("image/vnd.adobe.photoshop", "psd")),
    (b"ftyp", 4, Sniffed("video/mp4", "mp4")),
)
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcut (.lnk)
)

# Extensions of files that run code when opened on a desktop (never inside an accepted ZIP,
# nor as an inner extension: ``report.exe.pdf``).
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe",
        "dll",
        "com",
        "bat",
        "cmd",
        "msi",
        "msp",
        "scr",
        "pif",
        "cpl",
        "hta",
        "lnk",
        "url",
        "scf",
        "inf",
        "reg",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "psd1",
        "sh",
        "bash",
        "zsh",
        "csh",
        "py",
        "pyc",
        "pyw",
        "pl",
        "rb",
        "php",
        "jar",
        "apk",
        "app",
        "dmg",
        "pkg",
        "deb",
        "rpm",
        "iso",
        "img",
        "vhd",
        "vhdx",
        "msc",
        "gadget",
        "application",
        "appref-ms",
        "chm",
        "html",
        "htm",
        "xhtml",
        "svg",
        "mht",
        "mhtml",
        "shtml",
        "docm",
        "xlsm",
        "pptm",
        "dotm",
        "xltm",
        "potm",
        "ppam",
        "xlam",
        "sldm",
    }
)
# What a ZIP may hold: documents, images, media and the work files of digital-creative tools.
ZIP_MEMBER_EXTENSIONS = frozenset(
    {
        "txt",
        "md",
        "csv",
        "tsv",
        "json",
        "srt",
        "ass",
        "vtt",
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "odp",
        "rtf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "heic",
        "psd",
        "psb",
        "ai",
        "eps",
        "sketch",
        "fig",
        "xd",
        "mp4",
        "mov",
        "m4v",
        "avi",
        "mkv",
        "webm",
        "mp3",
        "wav",
        "aac",
        "flac",
        "ogg",
        "m4a",
        "blend",
        "c4d",
        "fbx",
        "obj",
        "glb",
        "gltf",
        "stl",
        "usd",
        "usdz",
        "abc",
        "max",
        "ma",
        "mb",
        "aep",
        "aepx",
        "prproj",
        "drp",
        "fcpxml",
        "veg",
        "ttf",
        "otf",
        "woff",
        "woff2",
        "lut",
        "cube",
    }
)

UPLOAD_MESSAGES: dict[str, Promise] = {
    "empty": _("The file is empty."),
    "too_large": _("The file is too large (at most %(mb)d MB)."),
    "type_not_accepted": _(
        "This type of file is not accepted here (accepted: %(types)s); it was checked by its "
        "content, not its name."
    ),
    "member_not_accepted": _("The archive holds a file that is not accepted: %(name)s."),
}


def upload_message(code: str, **params: Any) -> str:
    return str(UPLOAD_MESSAGES[code]) % params if params else str(UPLOAD_MESSAGES[code])


def _refuse(code: str, field: str, **params: Any) -> ApplicationError:
    text = upload_message(code, **params)
    return ApplicationError("invalid", text, fields={field: [text]}, extra={"upload": code})


def sniff(head: bytes) -> Sniffed | None:
    """The file's real type from its first bytes (ZIP containers are told apart later)."""
    if head.startswith(EXECUTABLE_MAGIC):
        return None
    for magic, offset, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp")
    return None


def _plain_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(EXECUTABLE_MAGIC):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


def normalized_member_name(name: str) -> str:
    """What a desktop unpacker would create: ``\\`` as ``/``, trailing dots and spaces of the
    last part dropped (Windows does: ``payload.exe.`` is ``payload.exe``), lower case."""
    parts = name.replace("\\", "/").split("/")
    parts[-1] = parts[-1].rstrip(". ")
    return "/".join(parts).lower()


def check_member(name: str, head: bytes) -> bool:
    """Whether one ZIP member is acceptable (see the section comment)."""
    if any(ord(c) < 32 for c in name) or name.startswith(("/", "\\")) or ":" in name:
        return False
    normalized = normalized_member_name(name)
    if normalized.endswith("/"):
        return True  # a folder
    if ".." in normalized.split("/"):
        return False
    base = normalized.rsplit("/", 1)[-1]
    suffixes = base.split(".")[1:]
    if not suffixes or suffixes[-1] not in ZIP_MEMBER_EXTENSIONS:
        return False
    if any(s in EXECUTABLE_EXTENSIONS for s in suffixes):
        return False  # double extensions such as report.exe.pdf
    if head.startswith(EXECUTABLE_MAGIC):
        return False
    kind = sniff(head)
    return kind is None or kind.extension in _SAME_FAMILY.get(suffixes[-1], {suffixes[-1]})


_SAME_FAMILY = {"jpeg": {"jpg"}, "m4v": {"mp4"}, "mov": {"mp4"}, "psb": {"psd"}, "ai": {"pdf"},
                "m4a": {"mp4"}, "eps": {"pdf"}}  # fmt: skip


def _office_kind(lowered: list[str]) -> Sniffed | None:
    for prefix, kind in (("word/", DOCX), ("xl/", XLSX_KIND), ("ppt/", PPTX)):
        if any(n.startswith(prefix) for n in lowered):
            return kind
    return None


def _zip_kind(stream: IO[bytes], limits: Limits, field: str) -> Sniffed | None:
    """An Office document (no macros, no executable parts) or a ZIP whose every member passes
    ``check_member``; None for a damaged or encrypted archive."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            check_zip(archive, limits)
            infos = archive.infolist()
            lowered = [info.filename.lower() for info in infos]
            office = _office_kind(lowered)
            if office is not None and any(n.endswith("vbaproject.bin") for n in lowered):
                return None  # macros
            for info in infos:
                head = b""
                if not info.is_dir():
                    with archive.open(info) as member:
                        head = member.read(64)
                if office is not None:  # parts are XML, relations, media (SVG too), printer data
                    suffix = normalized_member_name(info.filename).rsplit(".", 1)[-1]
                    accepted = not head.startswith(EXECUTABLE_MAGIC) and (
                        suffix == "svg" or suffix not in EXECUTABLE_EXTENSIONS
                    )
                else:
                    accepted = check_member(info.filename, head)
                if not accepted:
                    raise _refuse("member_not_accepted", field, name=info.filename[:100])
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError):  # damaged or encrypted
        return None
    except LimitExceeded as exc:
        raise limit_error(exc, field=field) from exc
    finally:
        stream.seek(0)
    return office or ZIP


def download_name(original: str, extension: str) -> str:
    """The uploader's name with the sniffed extension: its last extension replaced, inner
    dots and unsafe characters replaced by ``_``."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(". ")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^\w\- ()\[\]]", "_", stem, flags=re.UNICODE).strip(" _")[:100] or "file"
    return f"{stem}.{extension}"


def upload_gate(
    stream: IO[bytes],
    *,
    size: int,
    name: str,
    allow: Iterable[str],
    max_bytes: int,
    field: str = "file",
    limits: Limits = WEB,
) -> AcceptedUpload:
    """Accept an upload whose sniffed type's extension is in ``allow`` (``txt``/``csv``/``jsonl``
    accept plain text), or raise a bilingual 400 naming ``field``."""
    allowed = frozenset(allow)
    if size > max_bytes:
        raise _refuse("too_large", field, mb=max_bytes // MB)
    if size == 0:
        raise _refuse("empty", field)
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    kind = sniff(head)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream, limits, field)
    if kind is None and _plain_text(head):
        texts = allowed & {"txt", "csv", "tsv", "jsonl", "md"}
        suffix = name.rstrip(". ").rsplit(".", 1)[-1].lower() if "." in name else "txt"
        if texts:
            kind = Sniffed("text/plain", suffix if suffix in texts else sorted(texts)[0])
    if kind is None or kind.extension not in allowed:
        raise _refuse("type_not_accepted", field, types=", ".join(sorted(allowed)))
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(MB), b""):
        digest.update(chunk)
    stream.seek(0)
    return AcceptedUpload(kind, digest.hexdigest(), size, download_name(name, kind.extension))
