"""Open Badges 3.0 ``AchievementCredential`` documents (VC data model 2.0) and their VC-JWT.

Building is pure: the caller hands in plain values (issuer DID and name, achievement,
subject, evidence, status entries) and gets the JSON document; ``sign_vc_jwt`` adds the JWT
claims of OB 3.0 §8.2 and signs with the issuer's current key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from talentbridge.credentials.vc.jose import sign_compact

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CREDENTIAL_TYPES = ["VerifiableCredential", "AchievementCredential"]
ENVELOPE_TYPE = "EnvelopedVerifiableCredential"


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC)


def hashed_identity(value: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex of sha256(value + salt)."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_code: str = ""
    target_framework: str = ""
    target_type: str = ""  # ceasn:Competency, ext:1xCertificate, ...

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        if self.target_code:
            out["targetCode"] = self.target_code
        if self.target_framework:
            out["targetFramework"] = self.target_framework
        if self.target_type:
            out["targetType"] = self.target_type
        return out


@dataclass(frozen=True)
class CredentialInput:
    credential_id: str  # urn:uuid:...
    issuer_did: str
    issuer_name: str
    issuer_url: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria_narrative: str
    achievement_type: str
    subject_id: str
    valid_from: dt.datetime
    valid_until: dt.datetime | None = None
    alignments: Sequence[Alignment] = ()
    image_url: str = ""
    subject_identifiers: Sequence[dict[str, Any]] = ()
    evidence: Sequence[dict[str, Any]] = ()
    status_entries: Sequence[dict[str, str]] = ()
    in_language: str = "zh-Hans"
    extra_achievement: dict[str, Any] = field(default_factory=dict)


def build_credential(data: CredentialInput) -> dict[str, Any]:
    achievement: dict[str, Any] = {
        "id": data.achievement_id,
        "type": ["Achievement"],
        "achievementType": data.achievement_type,
        "name": data.achievement_name,
        "description": data.achievement_description,
        "criteria": {"narrative": data.criteria_narrative},
        "inLanguage": data.in_language,
        "creator": {"id": data.issuer_did, "type": ["Profile"], "name": data.issuer_name},
    }
    if data.alignments:
        achievement["alignment"] = [a.as_json() for a in data.alignments]
    if data.image_url:
        achievement["image"] = {"id": data.image_url, "type": "Image"}
    achievement.update(data.extra_achievement)
    subject: dict[str, Any] = {
        "id": data.subject_id,
        "type": ["AchievementSubject"],
        "achievement": achievement,
    }
    if data.subject_identifiers:
        subject["identifier"] = list(data.subject_identifiers)
    issuer: dict[str, Any] = {"id": data.issuer_did, "type": ["Profile"], "name": data.issuer_name}
    if data.issuer_url:
        issuer["url"] = data.issuer_url
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": data.credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": data.achievement_name,
        "issuer": issuer,
        "validFrom": iso(data.valid_from),
        "credentialSubject": subject,
    }
    if data.valid_until is not None:
        credential["validUntil"] = iso(data.valid_until)
    if data.evidence:
        credential["evidence"] = list(data.evidence)
    if data.status_entries:
        entries = list(data.status_entries)
        credential["credentialStatus"] = entries[0] if len(entries) == 1 else entries
    return credential


def jwt_claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT payload: the credential plus iss/jti/sub/nbf(/exp) (OB 3.0 §8.2.3)."""
    payload = dict(credential)
    issuer = credential["issuer"]
    payload["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    payload["jti"] = credential["id"]
    payload["sub"] = credential["credentialSubject"]["id"]
    valid_from = parse_iso(credential["validFrom"])
    assert valid_from is not None
    payload["nbf"] = int(valid_from.timestamp())
    if credential.get("validUntil"):
        valid_until = parse_iso(credential["validUntil"])
        assert valid_until is not None
        payload["exp"] = int(valid_until.timestamp())
    return payload


def sign_vc_jwt(credential: dict[str, Any], *, kid: str, sign: Callable[[bytes], bytes]) -> str:
    header = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}
    return sign_compact(header, jwt_claims(credential), sign)


def envelope(token: str) -> dict[str, Any]:
    """VC data model 2.0 enveloped form of a VC-JWT (for JSON wallets)."""
    return {
        "@context": [VC_CONTEXT],
        "id": "data:application/vc+jwt," + token,
        "type": ENVELOPE_TYPE,
    }
