"""Baked badges (Open Badges 3.0 §5.3): a PNG with one uncompressed ``iTXt`` chunk whose
keyword is ``openbadgecredential``, or an SVG with one ``<openbadges:credential verify=…>``
element right after the ``<svg>`` tag. The text is the compact JWS of the credential."""

from __future__ import annotations

import re
import struct
import zlib
from html import escape, unescape

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_CHUNKS = 10_000


class BakingError(ValueError):
    """Not a PNG/SVG, or one without (or with more than one) baked credential."""


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG")
    pos = len(PNG_SIGNATURE)
    out: list[tuple[bytes, bytes]] = []
    while pos + 8 <= len(data) and len(out) < MAX_CHUNKS:
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise BakingError("truncated PNG")
        out.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    return out


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def bake_png(image: bytes, token: str) -> bytes:
    chunks = [
        (k, b) for k, b in _chunks(image) if not (k == b"iTXt" and b.startswith(KEYWORD + b"\0"))
    ]
    # keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated
    # keyword + NUL, then the UTF-8 text.
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + token.encode("utf-8")
    out = bytearray(PNG_SIGNATURE)
    for kind, body in chunks:
        if kind == b"IEND":
            out += _chunk(b"iTXt", itxt)
        out += _chunk(kind, body)
    return bytes(out)


def extract_png(image: bytes) -> str:
    for kind, body in _chunks(image):
        if kind == b"iTXt" and body.startswith(KEYWORD + b"\0"):
            rest = body[len(KEYWORD) + 1 :]
            if len(rest) < 2 or rest[0] != 0:
                raise BakingError("compressed credential chunk")
            rest = rest[2:]
            _lang, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            return text.decode("utf-8")
    raise BakingError("no baked credential in the PNG")


_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)
_SVG_CREDENTIAL = re.compile(r"<openbadges:credential\b[^>]*\bverify=\"([^\"]*)\"", re.S)


def bake_svg(svg: str, token: str) -> str:
    match = _SVG_OPEN.search(svg)
    if not match:
        raise BakingError("not an SVG")
    tag = match.group(0)
    if "xmlns:openbadges" not in tag:
        tag = tag[:-1] + f' xmlns:openbadges="{OB_NAMESPACE}">'
    element = (
        f'<openbadges:credential verify="{escape(token, quote=True)}"></openbadges:credential>'
    )
    return svg[: match.start()] + tag + element + svg[match.end() :]


def extract_svg(svg: str) -> str:
    found = _SVG_CREDENTIAL.findall(svg)
    if not found:
        raise BakingError("no baked credential in the SVG")
    return unescape(found[0])
