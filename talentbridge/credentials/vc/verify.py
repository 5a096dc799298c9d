"""Verification of an Open Badges 3.0 credential secured as a VC-JWT, check by check.

Pure: what needs the outside world comes through a ``Resolver`` — the public key behind a
``kid`` (a did:web of this site is looked up in its own key table, so a credential issued here
verifies even after its issuer organization left; did:key resolves by itself) and the status
list credential behind a URL (itself a VC-JWT whose signature is checked the same way).

Each check has a stable ``name`` (format, schema, signature, issuer, valid_from, expiry,
status) and a ``code`` with ``params`` that the caller turns into a sentence in the reader's
language. ``valid`` is true only when every check passed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from talentbridge.credentials.vc.did import DidError, did_key_public
from talentbridge.credentials.vc.jose import JoseError, ParsedJws, parse_compact
from talentbridge.credentials.vc.keys import verify_signature
from talentbridge.credentials.vc.ob3 import (
    ENVELOPE_TYPE,
    OB_CONTEXT_PREFIX,
    VC_CONTEXT,
    parse_iso,
)
from talentbridge.credentials.vc.statuslist import Bitstring, StatusListError

CHECK_NAMES = ("format", "schema", "signature", "issuer", "valid_from", "expiry", "status")
ENVELOPE_PREFIX = "data:application/vc+jwt,"


@dataclass(frozen=True)
class ResolvedKey:
    public_key: bytes
    issuer_did: str
    issuer_name: str = ""
    known: bool = False  # registered on this site (or trusted by it)
    retired: bool = False


class Resolver(Protocol):
    def resolve_key(self, kid: str) -> ResolvedKey | None: ...

    def status_list(self, url: str) -> str | None: ...


@dataclass
class Check:
    name: str
    ok: bool
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    checks: list[Check] = field(default_factory=list)
    issuer: str = ""
    issuer_name: str = ""
    revoked: bool = False
    suspended: bool = False
    expired: bool = False
    credential: dict[str, Any] | None = None
    token: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def add(self, check: str, ok: bool, code: str, **params: Any) -> bool:
        self.checks.append(Check(check, ok, code, params))
        return ok


class UnreadableInput(ValueError):
    """Not a credential in any form this verifier reads (exit code 2 of the command)."""


def token_from_text(text: str) -> str:
    """A compact JWS from pasted text: the token itself, or JSON holding it as an
    ``EnvelopedVerifiableCredential`` (or ``{"jwt"|"credential": token}``)."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        raise UnreadableInput("empty")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnreadableInput("json") from exc
        return token_from_document(document)
    if text.count(".") == 2 and " " not in text:
        return text
    raise UnreadableInput("not a credential")


def token_from_document(document: Any) -> str:
    if not isinstance(document, dict):
        raise UnreadableInput("json is not an object")
    if document.get("type") == ENVELOPE_TYPE or document.get("type") == [ENVELOPE_TYPE]:
        value = str(document.get("id", ""))
        if value.startswith(ENVELOPE_PREFIX):
            return value[len(ENVELOPE_PREFIX) :]
    for key in ("jwt", "credential", "vc"):
        if isinstance(document.get(key), str):
            return str(document[key])
    if "proof" in document or "credentialSubject" in document:
        raise UnreadableInput("embedded_proof_only")
    raise UnreadableInput("json without a credential")


def verify_token(token: str, resolver: Resolver, *, now: dt.datetime | None = None) -> Outcome:
    now = now or dt.datetime.now(dt.UTC)
    outcome = Outcome(token=token)
    try:
        parsed = parse_compact(token)
    except JoseError:
        outcome.add("format", False, "format_not_jwt")
        return outcome
    outcome.add("format", True, "format_ok")
    credential = _credential_of(parsed.payload)
    outcome.credential = credential
    issuer_id = _issuer_id(credential)
    outcome.issuer = issuer_id
    _check_schema(outcome, parsed, credential)
    key = _check_signature(outcome, parsed, resolver)
    _check_issuer(outcome, parsed, issuer_id, key)
    _check_dates(outcome, credential, now)
    _check_status(outcome, credential, resolver, issuer_id, now)
    return outcome


def _credential_of(payload: dict[str, Any]) -> dict[str, Any]:
    # VC data model 1.1 style tokens keep the credential in the "vc" claim.
    inner = payload.get("vc")
    return inner if isinstance(inner, dict) else payload


def _issuer_id(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer.get("id", ""))
    return issuer if isinstance(issuer, str) else ""


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _schema_problems(parsed: ParsedJws, credential: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    context = credential.get("@context")
    if (
        not isinstance(context, list)
        or not context
        or context[0] != VC_CONTEXT
        or not any(isinstance(c, str) and c.startswith(OB_CONTEXT_PREFIX) for c in context)
    ):
        problems.append("@context")
    types = _types(credential.get("type"))
    if "VerifiableCredential" not in types or not (
        {"AchievementCredential", "OpenBadgeCredential"} & set(types)
    ):
        problems.append("type")
    if not isinstance(credential.get("id"), str) or ":" not in str(credential.get("id")):
        problems.append("id")
    issuer = credential.get("issuer")
    if not (
        isinstance(issuer, str) or (isinstance(issuer, dict) and isinstance(issuer.get("id"), str))
    ):
        problems.append("issuer")
    if parse_iso(credential.get("validFrom")) is None:
        problems.append("validFrom")
    if "validUntil" in credential and parse_iso(credential.get("validUntil")) is None:
        problems.append("validUntil")
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict) or not (subject.get("id") or subject.get("identifier")):
        problems.append("credentialSubject")
    else:
        achievement = subject.get("achievement")
        if not (
            isinstance(achievement, dict)
            and isinstance(achievement.get("id"), str)
            and "Achievement" in _types(achievement.get("type"))
            and isinstance(achievement.get("name"), str)
            and isinstance(achievement.get("criteria"), dict)
        ):
            problems.append("credentialSubject.achievement")
    for entry in _status_entries(credential):
        if not (
            isinstance(entry, dict)
            and entry.get("type") == "BitstringStatusListEntry"
            and str(entry.get("statusListIndex", "")).isdigit()
            and isinstance(entry.get("statusListCredential"), str)
            and entry.get("statusPurpose") in ("revocation", "suspension")
        ):
            problems.append("credentialStatus")
            break
    payload = parsed.payload
    if credential is payload:  # OB 3.0 §8.2.3: claims must repeat the credential's values
        expected: dict[str, Any] = {
            "iss": _issuer_id(credential),
            "jti": credential.get("id"),
            "sub": subject.get("id") if isinstance(subject, dict) else None,
        }
        for claim, value in expected.items():
            if payload.get(claim) != value:
                problems.append(claim)
        valid_from = parse_iso(credential.get("validFrom"))
        if valid_from is None or payload.get("nbf") != int(valid_from.timestamp()):
            problems.append("nbf")
        valid_until = parse_iso(credential.get("validUntil"))
        if valid_until is not None and payload.get("exp") != int(valid_until.timestamp()):
            problems.append("exp")
        if valid_until is None and "exp" in payload:
            problems.append("exp")
    return problems


def _check_schema(outcome: Outcome, parsed: ParsedJws, credential: dict[str, Any]) -> None:
    problems = _schema_problems(parsed, credential)
    if problems:
        outcome.add("schema", False, "schema_invalid", fields=", ".join(problems))
    else:
        outcome.add("schema", True, "schema_ok")


def _resolve(kid: str, resolver: Resolver) -> ResolvedKey | None:
    if kid.startswith("did:key:"):
        try:
            public = did_key_public(kid)
        except DidError:
            return None
        local = resolver.resolve_key(kid)
        return local or ResolvedKey(public, kid.split("#", 1)[0])
    return resolver.resolve_key(kid)


def _check_signature(outcome: Outcome, parsed: ParsedJws, resolver: Resolver) -> ResolvedKey | None:
    header = parsed.header
    if header.get("alg") != "EdDSA":
        outcome.add("signature", False, "signature_alg", alg=str(header.get("alg", ""))[:20])
        return None
    if "jwk" in header and "kid" not in header:
        outcome.add("signature", False, "signature_embedded_key")
        return None
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        outcome.add("signature", False, "signature_no_kid")
        return None
    key = _resolve(kid, resolver)
    if key is None:
        outcome.add("signature", False, "signature_unknown_key", kid=kid[:200])
        return None
    if not verify_signature(key.public_key, parsed.signing_input, parsed.signature):
        outcome.add("signature", False, "signature_bad")
        return None
    outcome.add(
        "signature", True, "signature_retired_key_ok" if key.retired else "signature_ok", kid=kid
    )
    return key


def _check_issuer(
    outcome: Outcome, parsed: ParsedJws, issuer_id: str, key: ResolvedKey | None
) -> None:
    if key is None:
        outcome.add("issuer", False, "issuer_unverified", issuer=issuer_id[:200])
        return
    outcome.issuer_name = key.issuer_name
    if key.issuer_did != issuer_id:
        outcome.add(
            "issuer", False, "issuer_mismatch", issuer=issuer_id[:200], signer=key.issuer_did
        )
        return
    if not key.known:
        outcome.add("issuer", True, "issuer_self_certified", issuer=issuer_id)
        return
    outcome.add("issuer", True, "issuer_known", issuer=issuer_id, issuer_name=key.issuer_name)


def _check_dates(outcome: Outcome, credential: dict[str, Any], now: dt.datetime) -> None:
    valid_from = parse_iso(credential.get("validFrom"))
    if valid_from is None:
        outcome.add("valid_from", False, "valid_from_missing")
    elif valid_from > now + dt.timedelta(minutes=5):
        outcome.add("valid_from", False, "valid_from_future", date=valid_from.date().isoformat())
    else:
        outcome.add("valid_from", True, "valid_from_ok", date=valid_from.date().isoformat())
    valid_until = parse_iso(credential.get("validUntil"))
    if valid_until is None:
        outcome.add("expiry", True, "expiry_none")
    elif valid_until <= now:
        outcome.expired = True
        outcome.add("expiry", False, "expired", date=valid_until.date().isoformat())
    else:
        outcome.add("expiry", True, "expiry_ok", date=valid_until.date().isoformat())


def _status_entries(credential: Mapping[str, Any]) -> list[Any]:
    status = credential.get("credentialStatus")
    if status is None:
        return []
    return status if isinstance(status, list) else [status]


def _check_status(
    outcome: Outcome,
    credential: dict[str, Any],
    resolver: Resolver,
    issuer_id: str,
    now: dt.datetime,
) -> None:
    entries = [e for e in _status_entries(credential) if isinstance(e, dict)]
    if not entries:
        outcome.add("status", True, "status_none")
        return
    problems: list[str] = []
    for entry in entries:
        purpose = str(entry.get("statusPurpose", ""))
        url = str(entry.get("statusListCredential", ""))
        try:
            index = int(str(entry.get("statusListIndex", "")))
        except ValueError:
            problems.append("status_unreadable")
            continue
        bit = _status_bit(resolver, url, index, purpose, issuer_id, now)
        if bit is None:
            problems.append("status_unavailable")
        elif bit and purpose == "revocation":
            outcome.revoked = True
        elif bit and purpose == "suspension":
            outcome.suspended = True
    if outcome.revoked:
        outcome.add("status", False, "revoked")
    elif outcome.suspended:
        outcome.add("status", False, "suspended")
    elif problems:
        outcome.add("status", False, problems[0])
    else:
        outcome.add("status", True, "status_ok")


def _status_bit(
    resolver: Resolver, url: str, index: int, purpose: str, issuer_id: str, now: dt.datetime
) -> bool | None:
    """The bit for ``index``, after checking the list credential's own signature, issuer,
    purpose and length; None when any of that fails."""
    token = resolver.status_list(url)
    if not token:
        return None
    try:
        parsed = parse_compact(token)
    except JoseError:
        return None
    kid = parsed.header.get("kid")
    if parsed.header.get("alg") != "EdDSA" or not isinstance(kid, str):
        return None
    key = _resolve(kid, resolver)
    if key is None:
        return None
    bits = _verified_list(token, key.public_key, key.issuer_did, issuer_id, url, purpose, now)
    if bits is None:
        return None
    try:
        return bits.get(index)
    except IndexError:
        return None


_LIST_CACHE: dict[
    tuple[str, bytes, str, str, str, str], tuple[Bitstring | None, dt.datetime | None]
] = {}
_LIST_CACHE_SIZE = 64


def _verified_list(
    token: str,
    public_key: bytes,
    signer: str,
    issuer_id: str,
    url: str,
    purpose: str,
    now: dt.datetime,
) -> Bitstring | None:
    """Signature, issuer, id, purpose and length of a status list credential, checked once
    per (token, key, expectation) — a verifier checking many credentials of one issuer reads
    the same list each time."""
    cache_key = (token, public_key, signer, issuer_id, url, purpose)
    cached = _LIST_CACHE.get(cache_key)
    if cached is not None:
        bits, valid_until = cached
        return bits if valid_until is None or valid_until > now else None
    bits, valid_until = _check_list(token, public_key, signer, issuer_id, url, purpose)
    if len(_LIST_CACHE) >= _LIST_CACHE_SIZE:
        _LIST_CACHE.clear()
    _LIST_CACHE[cache_key] = (bits, valid_until)
    return bits if valid_until is None or valid_until > now else None


def _check_list(
    token: str, public_key: bytes, signer: str, issuer_id: str, url: str, purpose: str
) -> tuple[Bitstring | None, dt.datetime | None]:
    parsed = parse_compact(token)
    if not verify_signature(public_key, parsed.signing_input, parsed.signature):
        return None, None
    listed = parsed.payload
    if _issuer_id(listed) != issuer_id or signer != issuer_id or listed.get("id") != url:
        return None, None
    subject = listed.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != purpose:
        return None, None
    try:
        bits = Bitstring.decode(str(subject.get("encodedList", "")))
    except StatusListError:
        return None, None
    return bits, parse_iso(listed.get("validUntil"))
