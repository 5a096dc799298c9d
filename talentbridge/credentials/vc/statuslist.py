"""W3C Bitstring Status List v1.0: the bitstring, its encoding and the list credential.

Index 0 is the left-most (most significant) bit of the first byte; ``encodedList`` is the
multibase base64url (``u`` prefix, no padding) of the GZIP-compressed bitstring; lists hold at
least 131,072 entries (16 KB). Expansion is bounded so a hostile list cannot exhaust memory.
"""

from __future__ import annotations

import gzip
import io
import zlib

from talentbridge.credentials.vc.encoding import EncodingError, b64url_encode, multibase_decode

MIN_ENTRIES = 131_072
MAX_ENTRIES = 8 * 1024 * 1024 * 8  # 8 MB uncompressed
STATUS_CONTEXT = "https://www.w3.org/ns/credentials/v2"


class StatusListError(ValueError):
    """An encoded list that cannot be expanded or is too short."""


class Bitstring:
    def __init__(self, size: int = MIN_ENTRIES, data: bytes | None = None) -> None:
        if size % 8:
            raise StatusListError("size must be a multiple of 8")
        self.size = size
        self.data = bytearray(data if data is not None else bytes(size // 8))
        if len(self.data) * 8 != size:
            raise StatusListError("data does not match the size")

    def get(self, index: int) -> bool:
        if not 0 <= index < self.size:
            raise IndexError("status index outside the list")
        return bool(self.data[index // 8] & (0x80 >> (index % 8)))

    def set(self, index: int, value: bool) -> None:
        if not 0 <= index < self.size:
            raise IndexError("status index outside the list")
        mask = 0x80 >> (index % 8)
        if value:
            self.data[index // 8] |= mask
        else:
            self.data[index // 8] &= ~mask & 0xFF

    def encode(self) -> str:
        return "u" + b64url_encode(gzip.compress(bytes(self.data), mtime=0))

    @classmethod
    def decode(cls, encoded: str, *, max_entries: int = MAX_ENTRIES) -> Bitstring:
        try:
            compressed = multibase_decode(encoded)
        except EncodingError as exc:
            raise StatusListError("encodedList is not multibase base64url") from exc
        limit = max_entries // 8
        out = io.BytesIO()
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = decompressor.decompress(compressed, limit + 1)
            out.write(chunk)
            if out.tell() > limit or decompressor.unconsumed_tail:
                raise StatusListError("status list too large")
        except zlib.error as exc:
            raise StatusListError("encodedList is not GZIP data") from exc
        data = out.getvalue()
        if len(data) * 8 < MIN_ENTRIES:
            raise StatusListError("status list shorter than 131,072 entries")
        return cls(len(data) * 8, data)


def status_entry(*, list_url: str, index: int, purpose: str) -> dict[str, str]:
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    *, list_url: str, issuer: str, purpose: str, bits: Bitstring, valid_from: str, ttl_ms: int
) -> dict:
    return {
        "@context": [STATUS_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode(),
            "ttl": ttl_ms,
        },
    }
