"""What projects offers the credentials context through its provider hooks (ADR 0007;
contracts in ``talentbridge/credentials/providers.py``). Plain data only: credentials never
imports projects and projects never imports credentials."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count
from django.urls import reverse

from talentbridge.community.models import OrganizationMembership, OrgRole
from talentbridge.projects.models import BriefSkill, BriefStatus, ProjectBrief, SkillEvidence, Team
from talentbridge.projects.selectors import brief_list


def _teacher_college(user_id: Any) -> str | None:
    found = (
        OrganizationMembership.objects.filter(
            user_id=user_id, role__in=(OrgRole.TEACHER, OrgRole.ADMIN), organization__kind="college"
        )
        .values_list("organization_id", flat=True)
        .first()
    )
    return str(found) if found else None


def credential_evidence(*, since: dt.datetime | None) -> list[dict[str, Any]]:
    """Every rubric judgement recorded as skill evidence (one per student, skill and review)."""
    qs = SkillEvidence.objects.select_related("brief", "assessed_by", "artefact", "review")
    if since is not None:
        qs = qs.filter(created_at__gt=since)
    out = []
    for evidence in qs.order_by("created_at")[:50_000]:
        brief = evidence.brief
        mentor = evidence.assessor_role == "mentor"
        artefact = evidence.artefact
        artefact_url = ""
        if artefact is not None:
            artefact_url = artefact.link or (
                reverse("projects:file-download", kwargs={"pk": artefact.stored_id})
                if artefact.stored_id
                else ""
            )
        out.append(
            {
                "source": "projects",
                "source_ref": f"skill-evidence:{evidence.pk}",
                "student_id": str(evidence.student_id),
                "skill": evidence.concept_id,
                "level": evidence.level,
                "assessor_id": str(evidence.assessed_by_id),
                "assessor_name": evidence.assessed_by.display_name or "",
                "assessor_role": "mentor" if mentor else "teacher",
                "organization_id": str(brief.enterprise_id)
                if mentor
                else _teacher_college(evidence.assessed_by_id),
                "context_title": brief.title_zh,
                "context_url": reverse("projects:brief-detail", kwargs={"pk": brief.pk}),
                "artefact_url": artefact_url,
                "artefact_title": (artefact.note[:100] if artefact is not None else ""),
                "occurred_on": evidence.review.created_at.date().isoformat(),
                "weight": 1,
            }
        )
    return out


def portfolio_works(*, student_id: str) -> list[dict[str, Any]]:
    """The student's team works in delivered or closed briefs, with their evidence refs."""
    teams = Team.objects.filter(
        members__user_id=student_id,
        brief__status__in=(BriefStatus.DELIVERED, BriefStatus.CLOSED),
    ).select_related("brief")
    out = []
    for team in teams:
        refs = [
            f"skill-evidence:{pk}"
            for pk in SkillEvidence.objects.filter(
                team=team, student_id=uuid.UUID(student_id)
            ).values_list("pk", flat=True)
        ]
        out.append(
            {
                "kind": "projects",
                "title": team.brief.title_zh,
                "url": reverse("projects:brief-detail", kwargs={"pk": team.brief_id}),
                "description": team.name,
                "source_refs": refs,
            }
        )
    return out


BRIEFS_FOR_CURRICULUM = 20
# Briefs a class can still take up (adopt, apply, join): approved, open or running.
OFFERED_STATUSES = (BriefStatus.APPROVED, BriefStatus.OPEN, BriefStatus.IN_PROGRESS)


def curriculum_briefs(*, actor: Any, skill_ids: list[str]) -> list[dict[str, Any]]:
    """Curriculum's brief provider (``TALENTBRIDGE_CURRICULUM_PROVIDERS["briefs"]``; contract
    in ``talentbridge/curriculum/providers.py``): briefs the actor may see, still on offer,
    that exercise any of ``skill_ids`` — most skills covered first, then the newest."""
    wanted = {s for s in skill_ids if s}
    if not wanted:
        return []
    visible = brief_list(actor=actor).filter(status__in=OFFERED_STATUSES)
    matching = (
        BriefSkill.objects.filter(brief__in=visible.values("pk"), concept_id__in=wanted)
        .values("brief_id")
        .annotate(covered=Count("concept_id", distinct=True))
        .order_by("-covered")
    )
    covered = {row["brief_id"]: row["covered"] for row in matching}
    briefs = sorted(
        ProjectBrief.objects.filter(pk__in=covered)
        .select_related("enterprise")
        .prefetch_related("skills"),
        key=lambda b: (-covered[b.pk], -b.created_at.timestamp(), str(b.pk)),
    )[:BRIEFS_FOR_CURRICULUM]
    return [
        {
            "id": str(brief.pk),
            "title": brief.title,
            "organization": brief.enterprise.name,
            "url": reverse("projects:brief-detail", args=[brief.pk]),
            "skill_ids": [s.concept_id for s in brief.skills.all()],
        }
        for brief in briefs
    ]
