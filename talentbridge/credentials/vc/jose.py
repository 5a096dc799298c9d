"""Compact JWS for VC-JWT (RFC 7515/7519, alg EdDSA with Ed25519 — RFC 8037).

Open Badges 3.0 §8.2: the JWT payload is the credential itself plus the registered claims
``iss`` (issuer.id), ``jti`` (id), ``sub`` (credentialSubject.id), ``nbf`` (validFrom) and
``exp`` (validUntil, when present); the JOSE header holds ``alg``, ``kid`` and ``typ: JWT``
and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from talentbridge.credentials.vc.encoding import EncodingError, b64url_decode, b64url_encode

MAX_TOKEN_BYTES = 512 * 1024
ALLOWED_HEADERS = frozenset({"alg", "kid", "typ", "jwk"})


class JoseError(ValueError):
    """A token that is not a well-formed compact JWS."""


@dataclass(frozen=True)
class ParsedJws:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def _compact_json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_compact(
    header: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]
) -> str:
    signing_input = (
        b64url_encode(_compact_json(header)) + "." + b64url_encode(_compact_json(payload))
    )
    return signing_input + "." + b64url_encode(sign(signing_input.encode("ascii")))


def parse_compact(token: str) -> ParsedJws:
    """Split and decode without verifying; every malformation is a ``JoseError``."""
    if not isinstance(token, str):
        raise JoseError("not text")
    token = token.strip()
    if len(token) > MAX_TOKEN_BYTES:
        raise JoseError("token too large")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise JoseError("not three base64url parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (EncodingError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JoseError("undecodable part") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JoseError("header and payload must be JSON objects")
    return ParsedJws(header, payload, (parts[0] + "." + parts[1]).encode("ascii"), signature)
