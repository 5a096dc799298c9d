"""Byte encodings used by JOSE, DIDs and Data Integrity: base64url without padding, base58btc,
multibase prefixes and the multicodec headers of Ed25519 keys. Pure Python, no Django."""

from __future__ import annotations

import base64

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B58_INDEX = {c: i for i, c in enumerate(B58_ALPHABET)}
ED25519_PUB_CODEC = b"\xed\x01"  # multicodec ed25519-pub (varint 0xed)
ED25519_PRIV_CODEC = b"\x80\x26"  # multicodec ed25519-priv (varint 0x1300)


class EncodingError(ValueError):
    """Input that is not the encoding it claims to be."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c in text for c in "=+/ \n\t"):
        raise EncodingError("not base64url without padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise EncodingError("not base64url") from exc


def b58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rest = divmod(number, 58)
        out.append(B58_ALPHABET[rest])
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + "".join(reversed(out))


def b58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in B58_INDEX:
            raise EncodingError("not base58btc")
        number = number * 58 + B58_INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\0" * leading + body


def multibase_b58(data: bytes) -> str:
    return "z" + b58_encode(data)


def multibase_decode(text: str) -> bytes:
    """Multibase: ``z`` = base58btc, ``u`` = base64url without padding."""
    if not isinstance(text, str) or len(text) < 2:
        raise EncodingError("empty multibase value")
    if text[0] == "z":
        return b58_decode(text[1:])
    if text[0] == "u":
        return b64url_decode(text[1:])
    raise EncodingError("unsupported multibase prefix")


def ed25519_multikey(public_key: bytes) -> str:
    """``publicKeyMultibase`` of a Multikey (and the method-specific id of did:key)."""
    return multibase_b58(ED25519_PUB_CODEC + public_key)


def ed25519_from_multikey(value: str) -> bytes:
    raw = multibase_decode(value)
    if not raw.startswith(ED25519_PUB_CODEC) or len(raw) != 34:
        raise EncodingError("not an Ed25519 Multikey")
    return raw[2:]
