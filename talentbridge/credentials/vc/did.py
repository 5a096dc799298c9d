"""did:web and did:key: identifiers, where a did:web document lives, and DID documents.

did:web (W3C CCG did:web method): ``did:web:<host>[%3A<port>][:<path>:...]`` resolves to
``https://<host>[:<port>]/<path>/.../did.json`` (``/.well-known/did.json`` without a path).
did:key: ``did:key:z6Mk…`` is self-certifying — the public key *is* the identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from talentbridge.credentials.vc.encoding import ed25519_from_multikey, ed25519_multikey

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


class DidError(ValueError):
    """A DID that is malformed or of a method this site does not resolve."""


def did_web(site_url: str, *path: str) -> str:
    """The did:web of a document served at ``site_url`` + ``/path/.../did.json``."""
    parts = urlsplit(site_url)
    if not parts.hostname:
        raise DidError("SITE_URL has no host")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    segments = [s for s in parts.path.split("/") if s] + [s for s in path if s]
    return ":".join(["did", "web", host, *(quote(s, safe="") for s in segments)])


def did_web_url(did: str, *, scheme: str = "https") -> str:
    """Where the DID document of a did:web lives (``scheme`` http only for a local site)."""
    if not did.startswith("did:web:"):
        raise DidError("not a did:web")
    _, _, rest = did.partition("did:web:")
    host, *segments = rest.split(":")
    if not host or any(not s for s in segments):
        raise DidError("malformed did:web")
    path = "/".join(unquote(s) for s in segments)
    suffix = f"/{path}/did.json" if path else "/.well-known/did.json"
    return f"{scheme}://{unquote(host)}{suffix}"


def did_key(public_key: bytes) -> str:
    return "did:key:" + ed25519_multikey(public_key)


def did_key_public(did: str) -> bytes:
    """The Ed25519 public key a did:key (or one of its DID URLs) stands for."""
    value = did.split("#", 1)[0]
    if not value.startswith("did:key:"):
        raise DidError("not a did:key")
    try:
        return ed25519_from_multikey(value[len("did:key:") :])
    except ValueError as exc:
        raise DidError("did:key is not an Ed25519 key") from exc


def did_key_method_id(did: str) -> str:
    return f"{did}#{did[len('did:key:') :]}"


@dataclass(frozen=True)
class MethodKey:
    """One verification method of a DID document: fragment, public key, retired or not.
    Retired keys no longer sign but stay listed, so what they signed still verifies."""

    fragment: str
    public_key: bytes
    retired: bool = False


def did_document(did: str, keys: Sequence[MethodKey], *, also_known_as: Iterable[str] = ()) -> dict:
    methods = [
        {
            "id": f"{did}#{k.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": ed25519_multikey(k.public_key),
        }
        for k in keys
    ]
    document: dict = {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
    aka = list(also_known_as)
    if aka:
        document["alsoKnownAs"] = aka
    return document


def method_from_document(document: dict, method_id: str) -> bytes | None:
    """The public key of ``method_id`` if the document lists it for assertions."""
    if not isinstance(document, dict):
        return None
    assertion = document.get("assertionMethod") or []
    if method_id not in assertion:
        return None
    for method in document.get("verificationMethod") or []:
        if isinstance(method, dict) and method.get("id") == method_id:
            try:
                return ed25519_from_multikey(str(method.get("publicKeyMultibase", "")))
            except ValueError:
                return None
    return None
