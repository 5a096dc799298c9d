"""Ed25519 signing keys and their protection at rest.

Private keys never leave this module unencrypted except inside a ``SigningKey`` in memory.
At rest they are sealed with AES-256-GCM under a key-encryption key (KEK) derived with HKDF
from a master secret (``CREDENTIALS_KEY_SECRET``, else ``SECRET_KEY``); the key's id is the
associated data, so a sealed key copied onto another key's row does not open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from talentbridge.credentials.vc.encoding import b64url_encode

SEAL_VERSION = b"tb1"


class SealError(ValueError):
    """A sealed key that cannot be opened (wrong master secret, tampered or foreign row)."""


@dataclass(frozen=True)
class SigningKey:
    key_id: str  # the verification method id: did#fragment
    private: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    @property
    def public_bytes(self) -> bytes:
        return public_bytes(self.private.public_key())


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def generate() -> tuple[Ed25519PrivateKey, bytes]:
    private = Ed25519PrivateKey.generate()
    return private, public_bytes(private.public_key())


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_jwk(public_key: bytes) -> dict[str, str]:
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(public_key)}


def _kek(master_secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"talentbridge issuer keys v1"
    ).derive(master_secret.encode("utf-8"))


def seal(private: Ed25519PrivateKey, *, key_id: str, master_secret: str) -> bytes:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    nonce = os.urandom(12)
    sealed = AESGCM(_kek(master_secret)).encrypt(nonce, raw, key_id.encode("utf-8"))
    return SEAL_VERSION + nonce + sealed


def unseal(blob: bytes, *, key_id: str, master_secret: str) -> Ed25519PrivateKey:
    blob = bytes(blob)
    if not blob.startswith(SEAL_VERSION) or len(blob) != 3 + 12 + 32 + 16:
        raise SealError("not a sealed issuer key")
    nonce, sealed = blob[3:15], blob[15:]
    try:
        raw = AESGCM(_kek(master_secret)).decrypt(nonce, sealed, key_id.encode("utf-8"))
    except InvalidTag as exc:
        raise SealError("the issuer key does not open with this master secret") from exc
    return Ed25519PrivateKey.from_private_bytes(raw)
