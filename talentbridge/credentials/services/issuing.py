"""Issuers, their keys, status lists, templates, issuance, revocation and suspension."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record
from talentbridge.credentials import adapters, aggregation, skills
from talentbridge.credentials.models import (
    Candidate,
    CredentialTemplate,
    EvidenceRecord,
    Holder,
    IssuedCredential,
    Issuer,
    IssuerKey,
    StatusList,
)
from talentbridge.credentials.permissions import (
    Action,
    access_credential,
    access_issuer_organization,
    access_template,
)
from talentbridge.credentials.vc import did as dids
from talentbridge.credentials.vc import keys as vkeys
from talentbridge.credentials.vc import ob3, statuslist
from talentbridge.credentials.vc.jose import sign_compact

STATUS_TTL_MS = 5 * 60 * 1000
CLOCK = timezone.now


def site_url(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + path


def _master_secret() -> str:
    return getattr(settings, "CREDENTIALS_KEY_SECRET", "") or settings.SECRET_KEY


# --- issuers and keys -------------------------------------------------------------------


def _new_key(issuer: Issuer) -> IssuerKey:
    private, public = vkeys.generate()
    fragment = f"key-{issuer.keys.count() + 1}"
    if issuer.method == Issuer.Method.KEY:
        fragment = dids.did_key_method_id(issuer.did).split("#", 1)[1]
    key = IssuerKey(issuer=issuer, fragment=fragment, public_key=public)
    key.sealed_private_key = vkeys.seal(
        private, key_id=f"{issuer.did}#{fragment}", master_secret=_master_secret()
    )
    key.save()
    return key


def issuer_for(organization: Organization) -> Issuer:
    """The organization's issuer (did:web under this site), created with its first key."""
    found = Issuer.objects.filter(organization=organization).first()
    if found is not None:
        return found
    if not adapters.is_verified(organization):
        raise ApplicationError(
            "forbidden",
            _("Only verified organizations issue credentials. Ask for verification first."),
        )
    with transaction.atomic():
        slug = slugify(organization.name_en or "")[:40] or "org"
        slug = f"{slug}-{str(organization.pk)[:8]}"
        issuer = Issuer.objects.create(
            organization=organization,
            slug=slug,
            method=Issuer.Method.WEB,
            did=dids.did_web(settings.SITE_URL, "credentials", "issuers", slug),
            name=organization.name_zh,
            url=site_url(reverse("community:org-detail", kwargs={"pk": organization.pk})),
        )
        _new_key(issuer)
    return issuer


def active_key(issuer: Issuer) -> IssuerKey:
    key = issuer.keys.filter(retired_at__isnull=True).first()
    if key is None:
        key = _new_key(issuer)
    return key


def key_rotate(*, actor: Any, issuer: Issuer) -> IssuerKey:
    """Retire the active key (it stays in the DID document) and create a new one."""
    if actor is not None:
        access_issuer_organization(actor, issuer.organization, Action.MANAGE)
    with transaction.atomic():
        Issuer.objects.select_for_update().get(pk=issuer.pk)
        old = issuer.keys.filter(retired_at__isnull=True).first()
        if old is not None:
            IssuerKey.objects.filter(pk=old.pk).update(retired_at=CLOCK())
        key = _new_key(issuer)
        audit_record(
            actor=actor,
            action="credentials.key.rotate",
            obj=issuer,
            before={"key": old.fragment if old else ""},
            after={"key": key.fragment},
            organization_id=issuer.organization_id,
        )
    _signing_cache.clear()
    return key


_signing_cache: dict[str, vkeys.SigningKey] = {}


def signing_key(key: IssuerKey) -> vkeys.SigningKey:
    method_id = f"{key.issuer.did}#{key.fragment}"
    cached = _signing_cache.get(method_id)
    if cached is None:
        private = vkeys.unseal(
            bytes(key.sealed_private_key), key_id=method_id, master_secret=_master_secret()
        )
        cached = vkeys.SigningKey(method_id, private)
        _signing_cache[method_id] = cached
    return cached


def did_document(issuer: Issuer) -> dict[str, Any]:
    return dids.did_document(
        issuer.did,
        [
            dids.MethodKey(k.fragment, bytes(k.public_key), k.retired_at is not None)
            for k in issuer.keys.all()
        ],
        also_known_as=[issuer.url] if issuer.url else [],
    )


# --- status lists -----------------------------------------------------------------------


def status_list_url(status_list: StatusList) -> str:
    return site_url(reverse("credentials:status-list", kwargs={"pk": status_list.pk}))


def _open_list(issuer: Issuer, purpose: str) -> StatusList:
    found = (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer, purpose=purpose, used__lt=statuslist.MIN_ENTRIES // 2)
        .order_by("created_at")
        .first()
    )
    if found is None:
        found = StatusList.objects.create(
            issuer=issuer, purpose=purpose, bits=bytes(statuslist.MIN_ENTRIES // 8)
        )
        found = StatusList.objects.select_for_update().get(pk=found.pk)
    return found


def _allocate(revocation: StatusList, count: int) -> list[int]:
    """Random free indices (herd privacy): a verifier fetching the list learns nothing
    about which credential it checks from the position."""
    taken = set(
        IssuedCredential.objects.filter(revocation_list=revocation).values_list(
            "status_index", flat=True
        )
    )
    rng = secrets.SystemRandom()
    chosen: list[int] = []
    while len(chosen) < count:
        index = rng.randrange(revocation.size)
        if index not in taken:
            taken.add(index)
            chosen.append(index)
    return chosen


def status_list_token(status_list: StatusList) -> str:
    """The list as a VC-JWT signed by the issuer's active key (cached per version)."""
    cache_key = f"credentials:status:{status_list.pk}:{status_list.version}"
    cached = cache.get(cache_key)
    if isinstance(cached, str):
        return cached
    issuer = status_list.issuer
    key = active_key(issuer)
    bits = statuslist.Bitstring(status_list.size, bytes(status_list.bits))
    document = statuslist.status_list_credential(
        list_url=status_list_url(status_list),
        issuer=issuer.did,
        purpose=status_list.purpose,
        bits=bits,
        valid_from=ob3.iso(CLOCK()),
        ttl_ms=STATUS_TTL_MS,
    )
    signer = signing_key(key)
    token = sign_compact(
        {"alg": "EdDSA", "kid": signer.key_id, "typ": "JWT"}, ob3.jwt_claims(document), signer.sign
    )
    cache.set(cache_key, token, STATUS_TTL_MS // 1000)
    return token


def _set_bit(status_list: StatusList, index: int, value: bool) -> None:
    locked = StatusList.objects.select_for_update().get(pk=status_list.pk)
    bits = statuslist.Bitstring(locked.size, bytes(locked.bits))
    bits.set(index, value)
    StatusList.objects.filter(pk=locked.pk).update(
        bits=bytes(bits.data), version=locked.version + 1
    )


# --- templates ------------------------------------------------------------------------


RULE_KINDS = ("skill", "evidence")


def clean_rules(rules: Any) -> list[dict[str, Any]]:
    if not isinstance(rules, list) or not rules or len(rules) > 20:
        raise invalid("rules", _("Give between one and twenty rules."))
    out: list[dict[str, Any]] = []
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("kind", "skill") not in RULE_KINDS:
            raise invalid("rules", _("Each rule is about a skill or about a kind of evidence."))
        if rule.get("kind", "skill") == "skill":
            skill = skills.canonical(str(rule.get("skill", "")))
            if skill is None:
                raise invalid("rules", _("This skill is not in the skills taxonomy."))
            try:
                min_level = int(rule.get("min_level", 1))
                min_assessors = int(rule.get("min_assessors", 1))
            except (TypeError, ValueError) as exc:
                raise invalid("rules", _("Levels and counts are whole numbers.")) from exc
            if not 1 <= min_level <= 4 or not 1 <= min_assessors <= 10:
                raise invalid("rules", _("Levels go from 1 to 4 and assessors from 1 to 10."))
            out.append(
                {
                    "kind": "skill",
                    "skill": skill,
                    "min_level": min_level,
                    "min_assessors": min_assessors,
                    "confirmed": bool(rule.get("confirmed", False)),
                }
            )
        else:
            source = str(rule.get("source", ""))
            from talentbridge.credentials.models import EvidenceSource

            if source and source not in EvidenceSource.values:
                raise invalid("rules", _("Unknown evidence source."))
            out.append(
                {
                    "kind": "evidence",
                    "source": source,
                    "text": str(rule.get("text", ""))[:100],
                    "min_level": max(1, min(4, int(rule.get("min_level", 1) or 1))),
                }
            )
    return out


def template_create(
    *, actor: Any, organization: Organization, data: dict[str, Any]
) -> CredentialTemplate:
    access_issuer_organization(actor, organization, Action.MANAGE)
    if not adapters.is_verified(organization):
        raise ApplicationError(
            "forbidden",
            _("Only verified organizations issue credentials. Ask for verification first."),
        )
    name_zh = str(data.get("name_zh", "")).strip()
    if not name_zh:
        raise invalid("name_zh", _("Give the credential a Chinese name."))
    rules = clean_rules(data.get("rules"))
    certificates = [str(c) for c in data.get("certificate_codes", []) or []]
    unknown = [c for c in certificates if not skills.certificate_known(c)]
    if unknown:
        raise invalid("certificate_codes", _("Choose 1+X certificates from the list."))
    valid_days = data.get("valid_days")
    if valid_days is not None and not 1 <= int(valid_days) <= 36500:
        raise invalid("valid_days", _("A credential is valid for 1 day to 100 years."))
    skill_ids = sorted(
        {r["skill"] for r in rules if r["kind"] == "skill"}
        | {s for s in (skills.canonical(str(x)) for x in data.get("skill_ids", []) or []) if s}
    )
    with transaction.atomic():
        issuer_for(organization)
        template = CredentialTemplate.objects.create(
            issuer_organization=organization,
            name_zh=name_zh[:200],
            name_en=str(data.get("name_en", ""))[:200],
            description_zh=str(data.get("description_zh", ""))[:2000],
            description_en=str(data.get("description_en", ""))[:2000],
            criteria_zh=str(data.get("criteria_zh", ""))[:2000],
            criteria_en=str(data.get("criteria_en", ""))[:2000],
            achievement_type=str(data.get("achievement_type") or "Badge"),
            rules=rules,
            skill_ids=skill_ids,
            certificate_codes=certificates,
            valid_days=int(valid_days) if valid_days else None,
            auto_issue=bool(data.get("auto_issue", False)),
            review_required=bool(data.get("review_required", True)),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="credentials.template.create",
            obj=template,
            after={"name": template.name_zh, "rules": rules},
            organization_id=organization.pk,
        )
    return template


# --- issuance -------------------------------------------------------------------------


def holder_for(user: Any) -> Holder:
    holder, _created = Holder.objects.get_or_create(
        user=user, defaults={"salt": secrets.token_hex(8)}
    )
    return holder


def _holders(users: Sequence[Any]) -> dict[Any, Holder]:
    """Holders of ``users`` (created in one insert when missing)."""
    ids = {u.pk for u in users}
    found = {h.user_id: h for h in Holder.objects.filter(user_id__in=ids)}
    missing = [Holder(user_id=pk, salt=secrets.token_hex(8)) for pk in ids if pk not in found]
    if missing:
        Holder.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
        found = {h.user_id: h for h in Holder.objects.filter(user_id__in=ids)}
    return found


def judgements_of(student: Any) -> list[aggregation.Judgement]:
    rows = EvidenceRecord.objects.filter(student=student).values(
        "id",
        "skill_id",
        "level",
        "assessor_id",
        "assessor_name",
        "assessor_role",
        "organization_kind",
        "occurred_on",
        "weight",
        "supersedes_id",
        "source",
        "context_title",
        "source_ref",
    )
    out = []
    for r in rows:
        if r["assessor_role"] == "exam":
            key = "exam:" + r["source_ref"].split(":")[1] if ":" in r["source_ref"] else "exam"
        else:
            key = str(r["assessor_id"] or f"name:{r['assessor_name']}")
        out.append(
            aggregation.Judgement(
                id=str(r["id"]),
                skill_id=r["skill_id"],
                level=r["level"],
                assessor_key=key,
                assessor_role=r["assessor_role"],
                organization_kind=r["organization_kind"],
                occurred_on=r["occurred_on"],
                weight=r["weight"],
                supersedes_id=str(r["supersedes_id"]) if r["supersedes_id"] else None,
                source=r["source"],
                context_title=r["context_title"],
            )
        )
    return out


def _alignments(template: CredentialTemplate) -> list[ob3.Alignment]:
    achievement_url = site_url(reverse("credentials:achievement", kwargs={"pk": template.pk}))
    out = []
    for skill_id in template.skill_ids:
        info = skills.get(skill_id)
        if info is None:
            continue
        if info.esco_uri:
            out.append(
                ob3.Alignment(
                    info.label_zh or info.label_en,
                    info.esco_uri,
                    info.esco_uri,
                    "ESCO",
                    "ceasn:Competency",
                )
            )
        else:
            out.append(
                ob3.Alignment(
                    info.label_zh or info.label_en,
                    f"{achievement_url}#skill-{skill_id}",
                    skill_id,
                    "talentbridge digital-creative skills",
                    "ceasn:Competency",
                )
            )
    for code in template.certificate_codes:
        with_lang = skills.certificate_name(code)
        out.append(
            ob3.Alignment(
                with_lang, f"{achievement_url}#certificate-{code}", code, "1+X", "ext:1xCertificate"
            )
        )
    return out


def _skill_zh(skill_id: str) -> str:
    info = skills.get(skill_id)
    return (info.label_zh or info.label_en) if info else skill_id


def _evidence_entries(records: Sequence[EvidenceRecord]) -> list[dict[str, Any]]:
    return [
        {
            "type": ["Evidence"],
            "name": r.context_title or skills.label(r.skill_id),
            "description": f"{_skill_zh(r.skill_id)} · L{r.level}",
            "genre": r.assessor_role,
            "audience": r.organization_name,
        }
        for r in records[:20]
    ]


@dataclass
class _Prepared:
    template: CredentialTemplate
    holder_user: Any
    evidence: list[EvidenceRecord]


def _issue_batch(
    items: Sequence[_Prepared], *, actor: Any, issuer: Issuer, now: dt.datetime
) -> list[IssuedCredential]:
    key = active_key(issuer)
    signer = signing_key(key)
    revocation = _open_list(issuer, StatusList.Purpose.REVOCATION)
    suspension = _open_list(issuer, StatusList.Purpose.SUSPENSION)
    indices = _allocate(revocation, len(items))
    holders = _holders([i.holder_user for i in items])
    revocation_url, suspension_url = status_list_url(revocation), status_list_url(suspension)
    per_template: dict[Any, tuple[str, str, list[ob3.Alignment]]] = {}
    built: list[IssuedCredential] = []
    for item, index in zip(items, indices, strict=True):
        holder = holders[item.holder_user.pk]
        template = item.template
        if template.pk not in per_template:
            per_template[template.pk] = (
                site_url(reverse("credentials:achievement", kwargs={"pk": template.pk})),
                site_url(reverse("credentials:achievement-image", kwargs={"pk": template.pk})),
                _alignments(template),
            )
        achievement_url, image_url, alignments = per_template[template.pk]
        valid_until = now + dt.timedelta(days=template.valid_days) if template.valid_days else None
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        description = template.description_zh
        if template.description_en:
            description = f"{description}\n\n{template.description_en}".strip()
        document = ob3.build_credential(
            ob3.CredentialInput(
                credential_id=credential_id,
                issuer_did=issuer.did,
                issuer_name=issuer.name,
                issuer_url=issuer.url,
                achievement_id=achievement_url,
                achievement_name=template.name_zh,
                achievement_description=description or template.name_zh,
                criteria_narrative=(template.criteria_zh or template.name_zh),
                achievement_type=template.achievement_type,
                subject_id=holder.subject_id,
                valid_from=now,
                valid_until=valid_until,
                alignments=alignments,
                image_url=image_url,
                subject_identifiers=[
                    {
                        "type": "IdentityObject",
                        "identityType": "emailAddress",
                        "hashed": True,
                        "identityHash": ob3.hashed_identity(
                            item.holder_user.email.lower(), holder.salt
                        ),
                        "salt": holder.salt,
                    }
                ],
                evidence=_evidence_entries(item.evidence),
                status_entries=[
                    statuslist.status_entry(
                        list_url=revocation_url, index=index, purpose="revocation"
                    ),
                    statuslist.status_entry(
                        list_url=suspension_url, index=index, purpose="suspension"
                    ),
                ],
            )
        )
        token = ob3.sign_vc_jwt(document, kid=signer.key_id, sign=signer.sign)
        built.append(
            IssuedCredential(
                template=template,
                holder=item.holder_user,
                issuer=issuer,
                key=key,
                credential_id=credential_id,
                token=token,
                document=document,
                valid_from=now.replace(microsecond=0),
                valid_until=valid_until.replace(microsecond=0) if valid_until else None,
                revocation_list=revocation,
                suspension_list=suspension,
                status_index=index,
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    IssuedCredential.objects.bulk_create(built, batch_size=500)
    StatusList.objects.filter(pk=revocation.pk).update(used=revocation.used + len(built))
    StatusList.objects.filter(pk=suspension.pk).update(used=suspension.used + len(built))
    through = IssuedCredential.evidence.through
    through.objects.bulk_create(
        [
            through(issuedcredential_id=c.pk, evidencerecord_id=r.pk)
            for c, item in zip(built, items, strict=True)
            for r in item.evidence
        ],
        batch_size=1000,
    )
    return built


def _rule_evidence(
    template: CredentialTemplate, student: Any
) -> tuple[bool, list[aggregation.RuleCheck], list[EvidenceRecord]]:
    met, checks = aggregation.check_rules(
        template.rules, judgements_of(student), today=timezone.localdate()
    )
    ids = {i for c in checks for i in c.evidence_ids}
    records = list(EvidenceRecord.objects.filter(pk__in=ids).order_by("-occurred_on"))
    return met, checks, records


def credential_issue(
    *,
    actor: Any,
    template: CredentialTemplate,
    holder: Any,
    override_rules: bool = False,
    reason: str = "",
) -> IssuedCredential:
    """Issue by hand: the issuer's staff issue when the rules are met; issuing although they
    are not needs a reason (audited)."""
    access_template(actor, template, Action.ISSUE)
    if template.status != CredentialTemplate.Status.ACTIVE:
        raise ApplicationError("conflict", _("This credential template is not active."))
    met, _checks, records = _rule_evidence(template, holder)
    if not met and not (override_rules and reason.strip()):
        raise ApplicationError(
            "conflict",
            _(
                "The student's evidence does not meet the rules yet (give a reason to issue "
                "anyway)."
            ),
        )
    return _issue_one(actor=actor, template=template, holder=holder, records=records, reason=reason)


def _issue_one(
    *,
    actor: Any,
    template: CredentialTemplate,
    holder: Any,
    records: list[EvidenceRecord],
    reason: str = "",
) -> IssuedCredential:
    issuer = issuer_for(template.issuer_organization)
    with transaction.atomic():
        issued = _issue_batch(
            [_Prepared(template, holder, records)], actor=actor, issuer=issuer, now=CLOCK()
        )[0]
        Candidate.objects.filter(
            template=template, student=holder, status=Candidate.Status.PENDING
        ).update(
            status=Candidate.Status.ISSUED,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="credentials.issue",
            obj=issued,
            after={"template": template.name_zh, "holder": str(holder.pk), "reason": reason[:500]},
            organization_id=template.issuer_organization_id,
        )
    return issued


def credentials_issue_many(
    *, template: CredentialTemplate, holders: Iterable[Any], batch: int = 1000
) -> int:
    """Bulk issuance (operators, benchmarks): no rule check, one audit event per batch."""
    issuer = issuer_for(template.issuer_organization)
    people = list(holders)
    total = 0
    for start in range(0, len(people), batch):
        chunk = people[start : start + batch]
        with transaction.atomic():
            issued = _issue_batch(
                [_Prepared(template, u, []) for u in chunk], actor=None, issuer=issuer, now=CLOCK()
            )
            audit_record(
                actor=None,
                action="credentials.issue_bulk",
                obj=template,
                after={"count": len(issued)},
                organization_id=template.issuer_organization_id,
            )
        total += len(issued)
    return total


def candidates_refresh(*, student: Any) -> list[Candidate | IssuedCredential]:
    """Check every active automatic template against the student's evidence: issue it (no
    review) or queue it for review. Idempotent: nothing twice."""
    out: list[Candidate | IssuedCredential] = []
    templates = CredentialTemplate.objects.filter(
        status=CredentialTemplate.Status.ACTIVE, auto_issue=True
    )
    for template in templates.select_related("issuer_organization"):
        if IssuedCredential.objects.filter(
            template=template, holder=student, revoked_at__isnull=True
        ).exists():
            continue
        if Candidate.objects.filter(
            template=template, student=student, status=Candidate.Status.PENDING
        ).exists():
            continue
        if not adapters.is_verified(template.issuer_organization):
            continue
        met, checks, records = _rule_evidence(template, student)
        if not met:
            continue
        if template.review_required:
            candidate = Candidate.objects.create(
                template=template,
                student=student,
                explanation={
                    "checks": [{"code": c.code, "params": c.params, "rule": c.rule} for c in checks]
                },
            )
            out.append(candidate)
        else:
            out.append(_issue_one(actor=None, template=template, holder=student, records=records))
    return out


def candidate_decide(
    *, actor: Any, candidate: Candidate, approve: bool, reason: str = ""
) -> Candidate:
    access_template(actor, candidate.template, Action.ISSUE)
    if candidate.status != Candidate.Status.PENDING:
        raise ApplicationError("conflict", _("This request was already decided."))
    if not approve and not reason.strip():
        raise invalid("reason", _("Give a reason for the rejection."))
    if approve:
        _met, _checks, records = _rule_evidence(candidate.template, candidate.student)
        _issue_one(
            actor=actor, template=candidate.template, holder=candidate.student, records=records
        )
    else:
        with transaction.atomic():
            Candidate.objects.filter(pk=candidate.pk).update(
                status=Candidate.Status.REJECTED, decided_by=actor, reason=reason[:500]
            )
            audit_record(
                actor=actor,
                action="credentials.candidate.reject",
                obj=candidate,
                after={"reason": reason[:500]},
                organization_id=candidate.template.issuer_organization_id,
            )
    candidate.refresh_from_db()
    return candidate


def credential_set_status(
    *, actor: Any, credential: IssuedCredential, action: str, reason: str
) -> IssuedCredential:
    """``revoke`` (final), ``suspend`` or ``reinstate`` (lifts a suspension)."""
    access_credential(actor, credential, Action.REVOKE)
    if action not in ("revoke", "suspend", "reinstate"):
        raise invalid("action", _("Choose revoke, suspend or reinstate."))
    if not reason.strip():
        raise invalid("reason", _("Give a reason."))
    if credential.revoked_at is not None:
        raise ApplicationError("conflict", _("This credential is already revoked."))
    if action == "reinstate" and not credential.suspended:
        raise ApplicationError("conflict", _("This credential is not suspended."))
    before = {"revoked": False, "suspended": credential.suspended}
    with transaction.atomic():
        if action == "revoke":
            _set_bit(credential.revocation_list, credential.status_index, True)
            IssuedCredential.objects.filter(pk=credential.pk).update(
                revoked_at=CLOCK(), status_reason=reason[:500]
            )
        else:
            _set_bit(credential.suspension_list, credential.status_index, action == "suspend")
            IssuedCredential.objects.filter(pk=credential.pk).update(
                suspended=action == "suspend", status_reason=reason[:500]
            )
        credential.refresh_from_db()
        audit_record(
            actor=actor,
            action=f"credentials.{action}",
            obj=credential,
            before=before,
            after={
                "revoked": credential.revoked_at is not None,
                "suspended": credential.suspended,
                "reason": reason[:500],
            },
            organization_id=credential.issuer.organization_id,
        )
    return credential
