"""Verification against this site's records: keys come from the issuer key table (retired
keys included, and whether or not the issuer organization is still active or a member of
anything), status lists from the status-list table. Nothing is fetched from the network: a
did:web of another host cannot be resolved offline and is reported as an unknown key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from talentbridge.credentials.models import IssuerKey, StatusList
from talentbridge.credentials.vc import baking
from talentbridge.credentials.vc.verify import (
    Outcome,
    ResolvedKey,
    UnreadableInput,
    token_from_text,
    verify_token,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class SiteResolver:
    """Keys and status lists of this site; one instance remembers what it looked up (a batch
    of verifications reads each key and list once)."""

    def __init__(self) -> None:
        self._keys: dict[str, ResolvedKey | None] = {}
        self._lists: dict[str, str | None] = {}

    def resolve_key(self, kid: str) -> ResolvedKey | None:
        if kid not in self._keys:
            self._keys[kid] = self._lookup_key(kid)
        return self._keys[kid]

    def _lookup_key(self, kid: str) -> ResolvedKey | None:
        did, _, fragment = kid.partition("#")
        if not fragment:
            return None
        key = (
            IssuerKey.objects.select_related("issuer")
            .filter(issuer__did=did, fragment=fragment)
            .first()
        )
        if key is None:
            return None
        return ResolvedKey(
            public_key=bytes(key.public_key),
            issuer_did=key.issuer.did,
            issuer_name=key.issuer.name,
            known=True,
            retired=key.retired_at is not None,
        )

    def status_list(self, url: str) -> str | None:
        if url not in self._lists:
            self._lists[url] = self._lookup_list(url)
        return self._lists[url]

    def _lookup_list(self, url: str) -> str | None:
        from talentbridge.credentials.services.issuing import status_list_token, status_list_url

        prefix = settings.SITE_URL.rstrip("/") + "/credentials/status/"
        if not url.startswith(prefix):
            return None
        pk = url[len(prefix) :].strip("/")
        found = (
            StatusList.objects.select_related("issuer").filter(pk=pk).first()
            if _is_uuid(pk)
            else None
        )
        if found is None or status_list_url(found) != url:
            return None
        return status_list_token(found)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def token_from_upload(data: bytes, name: str = "") -> str:
    """A compact JWS from an uploaded file: the token as text (.jwt/.jws/.txt), JSON
    (enveloped), a baked PNG or a baked SVG."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableInput("too_large")
    if data.startswith(baking.PNG_SIGNATURE):
        try:
            return baking.extract_png(data)
        except baking.BakingError as exc:
            raise UnreadableInput("png") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput("binary") from exc
    if "<svg" in text[:2000]:
        try:
            return baking.extract_svg(text)
        except baking.BakingError as exc:
            raise UnreadableInput("svg") from exc
    return token_from_text(text)


def verify_text(text: str, *, now: dt.datetime | None = None) -> Outcome:
    return verify_token(token_from_text(text), SiteResolver(), now=now)


def verify_bytes(data: bytes, *, now: dt.datetime | None = None) -> Outcome:
    return verify_token(token_from_upload(data), SiteResolver(), now=now)


@dataclass(frozen=True)
class CheckView:
    name: str
    ok: bool
    message: str


def check_message(code: str, params: dict[str, Any]) -> str:
    """One sentence per check outcome, in the active language."""
    messages = {
        "format_ok": _("The credential is a readable VC-JWT."),
        "format_not_jwt": _("This is not a credential: the text is not a signed VC-JWT."),
        "schema_ok": _(
            "The credential has the structure of an Open Badges 3.0 achievement credential."
        ),
        "schema_invalid": _(
            "The credential does not follow Open Badges 3.0 (problem with: %(fields)s)."
        ),
        "signature_ok": _("The signature is valid (key %(kid)s)."),
        "signature_retired_key_ok": _(
            "The signature is valid; it was made with an earlier key of the issuer (%(kid)s), "
            "kept for verification."
        ),
        "signature_bad": _(
            "The signature does not match the content: the credential was altered or forged."
        ),
        "signature_alg": _("Signature algorithm %(alg)s is not accepted (only EdDSA)."),
        "signature_no_kid": _("The credential does not say which key signed it."),
        "signature_embedded_key": _(
            "A key carried inside the credential proves nothing: it must come from the issuer's "
            "DID."
        ),
        "signature_unknown_key": _(
            "The signing key %(kid)s is not known here, so the signature cannot be checked."
        ),
        "issuer_known": _("Issued by %(issuer_name)s (%(issuer)s), registered on this site."),
        "issuer_self_certified": _(
            "Issued by %(issuer)s (a did:key: the key is the identity; not registered here)."
        ),
        "issuer_mismatch": _(
            "The issuer named in the credential (%(issuer)s) is not the one who signed it "
            "(%(signer)s)."
        ),
        "issuer_unverified": _(
            "The issuer %(issuer)s could not be confirmed because the signature could not be "
            "checked."
        ),
        "valid_from_ok": _("Valid since %(date)s."),
        "valid_from_future": _("Not valid yet: valid from %(date)s."),
        "valid_from_missing": _("The credential has no start of validity."),
        "expiry_none": _("The credential does not expire."),
        "expiry_ok": _("Valid until %(date)s."),
        "expired": _("The credential expired on %(date)s."),
        "status_none": _("The credential has no status list entry (it cannot be revoked)."),
        "status_ok": _("Not revoked and not suspended, according to the issuer's status list."),
        "revoked": _("The issuer has revoked this credential."),
        "suspended": _("The issuer has suspended this credential for now."),
        "status_unavailable": _(
            "The issuer's status list could not be read or its signature is not valid, so "
            "revocation cannot be ruled out."
        ),
        "status_unreadable": _("The status entry of the credential is not readable."),
    }
    template = messages.get(code, code)
    try:
        return template % params if params else template
    except (KeyError, TypeError, ValueError):
        return template


def unreadable_message(reason: str) -> str:
    if reason == "too_large":
        return _("The file is too large for a credential (at most 2 MB).")
    if reason == "embedded_proof_only":
        return _(
            "This credential carries only an embedded (Data Integrity) proof; this verifier "
            "checks VC-JWT credentials."
        )
    if reason in ("png", "svg"):
        return _("The image holds no baked credential.")
    return _(
        "This is not a credential this verifier can read: upload the .jwt file, the JSON wallet "
        "file or the badge image."
    )


def outcome_payload(outcome: Outcome) -> dict[str, Any]:
    """The contract of ``verify_credential`` and the verify API."""
    return {
        "valid": outcome.valid,
        "revoked": outcome.revoked,
        "expired": outcome.expired,
        "issuer": outcome.issuer,
        "checks": [
            {"name": c.name, "ok": c.ok, "message": check_message(c.code, c.params)}
            for c in outcome.checks
        ],
    }
