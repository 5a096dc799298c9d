"""Reads of the credentials context; each returns only what the actor may see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from talentbridge.community.models import Organization, OrganizationMembership, OrgRole
from talentbridge.community.permissions import is_superuser
from talentbridge.core.errors import NotFoundError
from talentbridge.credentials import aggregation, providers, skills
from talentbridge.credentials.models import (
    AssessorRole,
    Candidate,
    CredentialTemplate,
    CreditApplication,
    EvidenceRecord,
    Holder,
    IssuedCredential,
    RecognitionRule,
)
from talentbridge.credentials.permissions import (
    COLLEGE_STAFF,
    ISSUER_STAFF,
    Action,
    access_college,
    access_credential,
    access_evidence,
    colleges_of_student,
)
from talentbridge.credentials.services.issuing import judgements_of

RADAR_AXES = 8


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError) as exc:
        raise NotFoundError() from exc


def evidence_of(*, actor: Any, student: Any) -> QuerySet[EvidenceRecord]:
    access_evidence(actor, student, Action.VIEW)
    return EvidenceRecord.objects.filter(student=student).select_related("supersedes")


@dataclass
class SkillLine:
    skill_id: str
    label: str
    esco_uri: str
    result: aggregation.SkillResult
    target: float | None = None
    demand: float | None = None

    @property
    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """Each record as display strings (date, level, role in the reader's language, what
        was assessed, decayed weight, why it counts or not) — formatted here, not in the
        template, so a page with hundreds of records stays fast."""
        roles = dict(AssessorRole.choices)
        reasons = {
            "counted": _("counted"),
            "superseded": _("replaced by a correction"),
            "withdrawn": _("withdrawal"),
            "older_from_same_assessor": _("older judgement of the same assessor"),
        }
        return [
            (
                c.judgement.occurred_on.isoformat(),
                f"L{c.judgement.level}",
                str(roles.get(c.judgement.assessor_role, c.judgement.assessor_role)),
                c.judgement.context_title,
                f"{c.decayed_weight:.3f}",
                str(reasons.get(c.reason, c.reason)),
            )
            for c in self.result.records
        ]


@dataclass
class Profile:
    student: Any
    lines: list[SkillLine]
    policy: aggregation.Policy
    target_source: str = ""
    demand_source: str = ""
    major_code: str = ""
    radar: dict[str, Any] = field(default_factory=dict)
    record_count: int = 0


def _target(student: Any) -> tuple[dict[str, float], str, str]:
    holder = Holder.objects.filter(user=student).first()
    major = holder.major_code if holder else ""
    college = holder.college_id if holder and holder.college_id else None
    if college is None:
        colleges = colleges_of_student(student)
        college = colleges[0] if colleges else None
    if not major:
        return {}, "", ""
    answer = providers.target_profile(college_id=str(college or ""), major_code=major)
    if answer and answer.get("skills"):
        found: dict[str, float] = {}
        for skill_id, level in dict(answer["skills"]).items():
            canonical = skills.canonical(str(skill_id))
            if canonical:
                found[canonical] = max(found.get(canonical, 0.0), float(level))
        return found, str(answer.get("source", "")), major
    crosswalk = skills.major_crosswalk(major)
    if crosswalk:
        return (
            {k: round(1 + 3 * float(w), 1) for k, w in crosswalk.items() if skills.canonical(k)},
            "catalogue crosswalk",
            major,
        )
    return {}, "", major


def _demand(actor: Any, student: Any) -> tuple[dict[str, float], str]:
    college = Organization.objects.filter(pk__in=colleges_of_student(student)).first()
    region = college.region_code if college else ""
    try:
        answer = providers.demand(actor=actor, region=region)
    except Exception:  # a failing sibling must not break the profile page
        return {}, ""
    if not answer:
        return {}, ""
    totals: dict[str, int] = {}
    for skill_id, by_month in dict(answer.get("skills", {})).items():
        canonical = skills.canonical(str(skill_id)) or str(skill_id)
        totals[canonical] = max(
            totals.get(canonical, 0), sum(int(n) for n in dict(by_month).values())
        )
    top = max(totals.values(), default=0)
    if not top:
        return {}, str(answer.get("source", ""))
    return {k: round(4 * v / top, 2) for k, v in totals.items()}, str(answer.get("source", ""))


def profile_of(*, actor: Any, student: Any, with_context: bool = True) -> Profile:
    access_evidence(actor, student, Action.VIEW)
    policy = aggregation.DEFAULT_POLICY
    judgements = judgements_of(student)
    results = aggregation.profile(judgements, today=timezone.localdate(), policy=policy)
    target, target_source, major = _target(student) if with_context else ({}, "", "")
    demand, demand_source = _demand(actor, student) if with_context else ({}, "")
    lines = []
    for skill_id, result in results.items():
        info = skills.get(skill_id)
        lines.append(
            SkillLine(
                skill_id=skill_id,
                label=info.label if info else skill_id,
                esco_uri=info.esco_uri if info else "",
                result=result,
                target=target.get(skill_id),
                demand=demand.get(skill_id),
            )
        )
    lines.sort(key=lambda line: (-line.result.level, -line.result.confidence, line.label))
    axes = [line.skill_id for line in lines[:RADAR_AXES]]
    for skill_id in sorted(target, key=lambda s: -target[s]):
        if len(axes) >= RADAR_AXES:
            break
        if skill_id not in axes:
            axes.append(skill_id)
    levels = {line.skill_id: line.result.level for line in lines}
    radar = {
        "axes": [{"id": s, "name": skills.label(s), "max": 4} for s in axes],
        "student": [levels.get(s, 0) for s in axes],
        "target": [target.get(s, 0) for s in axes] if target else [],
        "demand": [demand.get(s, 0) for s in axes] if demand else [],
    }
    return Profile(
        student=student,
        lines=lines,
        policy=policy,
        target_source=target_source,
        demand_source=demand_source,
        major_code=major,
        radar=radar,
        record_count=len(judgements),
    )


# --- templates and credentials -------------------------------------------------------


def template_list(*, actor: Any) -> QuerySet[CredentialTemplate]:
    qs = CredentialTemplate.objects.select_related("issuer_organization")
    if is_superuser(actor):
        return qs
    mine = (
        OrganizationMembership.objects.filter(user=actor, role__in=ISSUER_STAFF).values(
            "organization_id"
        )
        if getattr(actor, "is_authenticated", False)
        else []
    )
    return qs.filter(
        Q(status=CredentialTemplate.Status.ACTIVE) | Q(issuer_organization_id__in=mine)
    )


def template_get(*, actor: Any, pk: Any) -> CredentialTemplate:
    found = template_list(actor=actor).filter(pk=_uuid(pk)).first()
    if found is None:
        raise NotFoundError()
    return found


def templates_issuable_by(actor: Any) -> QuerySet[CredentialTemplate]:
    if is_superuser(actor):
        return CredentialTemplate.objects.filter(status=CredentialTemplate.Status.ACTIVE)
    orgs = OrganizationMembership.objects.filter(user=actor, role__in=ISSUER_STAFF).values(
        "organization_id"
    )
    return CredentialTemplate.objects.filter(
        status=CredentialTemplate.Status.ACTIVE, issuer_organization_id__in=orgs
    ).select_related("issuer_organization")


def credentials_of(*, actor: Any, holder: Any) -> QuerySet[IssuedCredential]:
    if actor.pk != holder.pk and not is_superuser(actor):
        raise NotFoundError()
    return IssuedCredential.objects.filter(holder=holder).select_related("template", "issuer")


def credentials_issued_by(*, actor: Any) -> QuerySet[IssuedCredential]:
    qs = IssuedCredential.objects.select_related("template", "issuer", "holder")
    if is_superuser(actor):
        return qs
    orgs = OrganizationMembership.objects.filter(user=actor, role__in=ISSUER_STAFF).values(
        "organization_id"
    )
    return qs.filter(issuer__organization_id__in=orgs)


def credential_get(*, actor: Any, pk: Any, action: Action = Action.VIEW) -> IssuedCredential:
    found = (
        IssuedCredential.objects.select_related("template", "issuer", "holder", "key")
        .filter(pk=_uuid(pk))
        .first()
    )
    if found is None:
        raise NotFoundError()
    return access_credential(actor, found, action)


def candidates_for(*, actor: Any) -> QuerySet[Candidate]:
    return Candidate.objects.filter(
        status=Candidate.Status.PENDING, template__in=templates_issuable_by(actor)
    ).select_related("template", "student")


# --- credit bank ----------------------------------------------------------------------


def colleges_for(actor: Any, roles: tuple[str, ...]) -> QuerySet[Organization]:
    return Organization.objects.filter(
        kind="college",
        pk__in=OrganizationMembership.objects.filter(user=actor, role__in=roles).values(
            "organization_id"
        ),
    ).order_by("name_zh")


def rules_of(*, actor: Any, college: Organization) -> QuerySet[RecognitionRule]:
    access_college(actor, college, Action.VIEW)
    return RecognitionRule.objects.filter(college=college, active=True).select_related("template")


def applications_to_decide(*, actor: Any) -> QuerySet[CreditApplication]:
    qs = CreditApplication.objects.select_related("rule", "credential__template", "student")
    if is_superuser(actor):
        return qs
    return qs.filter(rule__college__in=colleges_for(actor, COLLEGE_STAFF))


def applications_of(*, actor: Any) -> QuerySet[CreditApplication]:
    return CreditApplication.objects.filter(student=actor).select_related(
        "rule", "credential__template"
    )


@dataclass
class Transcript:
    credits: Decimal
    approved: list[CreditApplication]
    exemptions: list[CreditApplication]


def transcript_of(*, actor: Any, student: Any) -> Transcript:
    access_evidence(actor, student, Action.VIEW)
    approved = list(
        CreditApplication.objects.filter(
            student=student, status=CreditApplication.Status.APPROVED
        ).select_related("rule", "credential__template")
    )
    credit_rows = [a for a in approved if a.rule.outcome == RecognitionRule.Outcome.CREDITS]
    return Transcript(
        credits=sum((a.rule.credits for a in credit_rows), Decimal("0")),
        approved=credit_rows,
        exemptions=[a for a in approved if a.rule.outcome == RecognitionRule.Outcome.EXEMPTION],
    )


def students_of_staff(actor: Any) -> QuerySet[Any]:
    from talentbridge.accounts.models import User

    colleges = colleges_for(actor, (OrgRole.ADMIN, OrgRole.TEACHER))
    return User.objects.filter(
        pk__in=OrganizationMembership.objects.filter(
            organization__in=colleges, role=OrgRole.STUDENT
        ).values("user_id")
    ).order_by("display_name")
