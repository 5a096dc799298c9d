"""Project briefs: create, edit, the review workflow, close (with skill evidence), materials."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Community, Organization, OrgRole
from talentbridge.community.permissions import is_superuser, org_role
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record, snapshot
from talentbridge.projects import skills
from talentbridge.projects.models import (
    BRIEF_FIELDS,
    BriefMaterial,
    BriefSkill,
    BriefStatus,
    Deliverable,
    IpTerms,
    Milestone,
    ProjectBrief,
    SkillEvidence,
    SkillLevel,
    StoredFile,
    Team,
)
from talentbridge.projects.notifications import notify
from talentbridge.projects.permissions import (
    ENTERPRISE_ROLES,
    Action,
    access_brief,
    can_create_brief,
)
from talentbridge.projects.services._common import AUDIT_FIELDS, _conflict, _error
from talentbridge.projects.uploads import accept

# --- Briefs ---------------------------------------------------------------------------------


def _check_brief(brief: ProjectBrief) -> None:
    errors: dict[str, list[Any]] = {}
    if not brief.title_zh.strip():
        errors["title_zh"] = [_("The Chinese title is required.")]
    for name in ("starts_on", "ends_on", "apply_by"):
        if getattr(brief, name) is None:
            errors[name] = [_("This date is required.")]
    if not errors:
        if brief.ends_on < brief.starts_on:
            errors["ends_on"] = [_("The project cannot end before it starts.")]
        if brief.apply_by > brief.ends_on:
            errors["apply_by"] = [_("Applications must close before the project ends.")]
    if brief.places < 1:
        errors["places"] = [_("A brief needs at least one place.")]
    if brief.team_size_min < 1 or brief.team_size_min > brief.team_size_max:
        errors["team_size_min"] = [_("The team size range is impossible.")]
    if brief.max_teams < 1:
        errors["max_teams"] = [_("A brief needs at least one team.")]
    elif brief.places > brief.max_teams * brief.team_size_max:
        errors["places"] = [_("More places than the teams can hold.")]
    if brief.places < brief.team_size_min:
        errors["places"] = [_("Fewer places than the smallest team.")]
    unknown = set(brief.deliverables or []) - set(Deliverable.values)
    if unknown or not isinstance(brief.deliverables, list):
        errors["deliverables"] = [_("Unknown deliverable.")]
    if brief.ip_terms not in IpTerms.values:
        errors["ip_terms"] = [_("Choose the IP terms.")]
    if brief.honorarium_cny is not None and brief.honorarium_cny < Decimal(0):
        errors["honorarium_cny"] = [_("The honorarium cannot be negative.")]
    if brief.contact_mentor_id and org_role(brief.contact_mentor, brief.enterprise) not in (
        ENTERPRISE_ROLES
    ):
        errors["contact_mentor"] = [_("The contact mentor must work for the enterprise.")]
    if errors:
        raise _error(_("Please correct the errors below."), errors)


def _check_skills(required: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    ids = [c for c, _level in required]
    missing = skills.unknown(ids)
    if missing:
        raise _error(
            _("Unknown skills: %(ids)s") % {"ids": ", ".join(missing)},
            {"skills": [_("Unknown skill: %(id)s") % {"id": m} for m in missing]},
        )
    if len(set(ids)) != len(ids):
        raise invalid("skills", _("A skill is listed twice."))
    if any(level not in SkillLevel.values for _c, level in required):
        raise invalid("skills", _("Skill levels go from 1 (basic) to 4 (expert)."))
    return list(required)


def _check_milestones(brief: ProjectBrief, milestones: Sequence[dict[str, Any]]) -> None:
    for m in milestones:
        due = m.get("due_on")
        if not isinstance(due, datetime.date) or not (brief.starts_on <= due <= brief.ends_on):
            raise invalid("milestones", _("Every milestone must fall within the project dates."))
        if not str(m.get("title_zh", "")).strip():
            raise invalid("milestones", _("Every milestone needs a Chinese title."))


def brief_create(
    *,
    actor: Any,
    enterprise: Organization,
    data: dict[str, Any],
    required_skills: Sequence[tuple[str, int]],
    milestones: Sequence[dict[str, Any]] = (),
) -> ProjectBrief:
    can_create_brief(actor)
    if not is_superuser(actor) and org_role(actor, enterprise) not in ENTERPRISE_ROLES:
        raise ApplicationError("forbidden", _("You can post briefs only for your enterprise."))
    unknown = set(data) - set(BRIEF_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("Unknown field."))
    values = {"contact_mentor": actor, "region_code": enterprise.region_code, **data}
    brief = ProjectBrief(enterprise=enterprise, created_by=actor, **values)
    if data.get("places") is None:
        brief.places = brief.max_teams * brief.team_size_max
    _check_brief(brief)
    required = _check_skills(required_skills)
    _check_milestones(brief, milestones)
    with transaction.atomic():
        brief.save()
        BriefSkill.objects.bulk_create(
            BriefSkill(brief=brief, concept_id=c, level=level) for c, level in required
        )
        Milestone.objects.bulk_create(Milestone(brief=brief, **m) for m in milestones)
        audit_record(
            actor=actor,
            action="brief.create",
            obj=brief,
            after=snapshot(brief, AUDIT_FIELDS) | {"skills": required},
            organization_id=enterprise.pk,
        )
    return brief


def brief_update(
    *,
    actor: Any,
    brief: ProjectBrief,
    data: dict[str, Any],
    required_skills: Sequence[tuple[str, int]] | None = None,
) -> ProjectBrief:
    access_brief(actor, brief, Action.EDIT)
    unknown = set(data) - set(BRIEF_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("Unknown field."))
    required = _check_skills(required_skills) if required_skills is not None else None
    with transaction.atomic():
        locked = ProjectBrief.objects.select_for_update().get(pk=brief.pk)
        if locked.status not in (BriefStatus.DRAFT, BriefStatus.APPROVED, BriefStatus.OPEN):
            raise _conflict(_("A brief can be edited only before work starts."))
        before = snapshot(locked, AUDIT_FIELDS)
        for key, value in data.items():
            setattr(locked, key, value)
        _check_brief(locked)
        locked.save()
        if required is not None:
            locked.skills.all().delete()
            BriefSkill.objects.bulk_create(
                BriefSkill(brief=locked, concept_id=c, level=level) for c, level in required
            )
        after = snapshot(locked, AUDIT_FIELDS)
        audit_record(
            actor=actor,
            action="brief.update",
            obj=locked,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
            organization_id=locked.enterprise_id,
        )
    return locked


def _transition(
    *,
    actor: Any,
    brief: ProjectBrief,
    allowed_from: Iterable[str],
    to: str,
    action: str,
    **changes: Any,
) -> ProjectBrief:
    with transaction.atomic():
        locked = ProjectBrief.objects.select_for_update().get(pk=brief.pk)
        if locked.status not in allowed_from:
            raise _conflict(
                _("This cannot be done while the brief is “%(status)s”.")
                % {"status": BriefStatus(locked.status).label}
            )
        before = locked.status
        locked.status = to
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save()
        audit_record(
            actor=actor,
            action=f"brief.{action}",
            obj=locked,
            before={"status": before},
            after={"status": to, **{k: str(v) for k, v in changes.items()}},
            organization_id=locked.enterprise_id,
        )
    return locked


def _brief_url(brief: ProjectBrief) -> str:
    return reverse("projects:brief-detail", kwargs={"pk": brief.pk})


def brief_submit(
    *,
    actor: Any,
    brief: ProjectBrief,
    college: Organization | None = None,
    community: Community | None = None,
) -> ProjectBrief:
    """Send a draft to a college (its admin approves) or a community (its secretariat)."""
    access_brief(actor, brief, Action.EDIT)
    if (college is None) == (community is None):
        raise invalid("reviewer", _("Choose either a college or a community to approve the brief."))
    if college is not None and college.kind != "college":
        raise invalid("reviewer", _("Only a college can approve a brief."))
    updated = _transition(
        actor=actor,
        brief=brief,
        allowed_from=[BriefStatus.DRAFT],
        to=BriefStatus.SUBMITTED,
        action="submit",
        review_college=college,
        review_community=community,
    )
    approvers = _approvers(updated)
    notify(approvers, "brief_submitted", {"brief": updated.title_zh}, _brief_url(updated))
    return updated


def _approvers(brief: ProjectBrief) -> list[Any]:
    if brief.review_college_id:
        return [
            m.user
            for m in brief.review_college.memberships.filter(role=OrgRole.ADMIN).select_related(  # type: ignore[union-attr]
                "user"
            )
        ]
    if brief.review_community_id:
        return [s.user for s in brief.review_community.staff.select_related("user")]  # type: ignore[union-attr]
    return []


def _enterprise_people(brief: ProjectBrief) -> list[Any]:
    return [
        m.user
        for m in brief.enterprise.memberships.filter(role__in=ENTERPRISE_ROLES).select_related(
            "user"
        )
    ]


def brief_decide(*, actor: Any, brief: ProjectBrief, approve: bool, note: str = "") -> ProjectBrief:
    access_brief(actor, brief, Action.DECIDE)
    to = BriefStatus.APPROVED if approve else BriefStatus.DRAFT
    updated = _transition(
        actor=actor,
        brief=brief,
        allowed_from=[BriefStatus.SUBMITTED],
        to=to,
        action="approve" if approve else "reject",
        decision_note=note[:1000],
    )
    decision = "accepted" if approve else "declined"
    notify(
        _enterprise_people(updated),
        "brief_decided",
        {"brief": updated.title_zh, "decision": decision},
        _brief_url(updated),
    )
    return updated


TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "open": ((BriefStatus.APPROVED,), BriefStatus.OPEN),
    "start": ((BriefStatus.OPEN,), BriefStatus.IN_PROGRESS),
    "deliver": ((BriefStatus.IN_PROGRESS,), BriefStatus.DELIVERED),
}


def brief_advance(*, actor: Any, brief: ProjectBrief, step: str) -> ProjectBrief:
    """open (approved → open), start (open → in progress), deliver (→ delivered)."""
    access_brief(actor, brief, Action.EDIT)
    if step not in TRANSITIONS and step != "close":
        raise invalid("step", _("Unknown step."))
    if step == "close":
        return brief_close(actor=actor, brief=brief)
    allowed_from, to = TRANSITIONS[step]
    if step == "start" and not brief.teams.exists():
        raise _conflict(_("Form at least one team before starting the project."))
    return _transition(actor=actor, brief=brief, allowed_from=allowed_from, to=to, action=step)


def brief_close(*, actor: Any, brief: ProjectBrief, reason: str = "closed") -> ProjectBrief:
    """Close the brief; each reviewed student's work becomes skill evidence records."""
    if actor is not None:
        access_brief(actor, brief, Action.EDIT)
    allowed = (BriefStatus.OPEN, BriefStatus.IN_PROGRESS, BriefStatus.DELIVERED)
    with transaction.atomic():
        closed = _transition(
            actor=actor,
            brief=brief,
            allowed_from=allowed,
            to=BriefStatus.CLOSED,
            action="close",
            closed_reason=reason,
        )
        created = _record_evidence(closed)
        students = {e.student for e in created}
        notify(students, "brief_closed", {"brief": closed.title_zh}, reverse("projects:evidence"))
    return closed


def _record_evidence(brief: ProjectBrief) -> list[SkillEvidence]:
    created: list[SkillEvidence] = []
    for team in brief.teams.prefetch_related("members__user", "reviews", "peer_reviews"):
        artefact = team.submissions.order_by("-created_at").first()
        shares = _average_shares(team)
        for review in team.reviews.all():
            for concept_id, level in review.scores.items():
                for member in team.members.all():
                    evidence, was_created = SkillEvidence.objects.get_or_create(
                        student=member.user,
                        concept_id=concept_id,
                        review=review,
                        defaults={
                            "level": int(level),
                            "assessed_by_id": review.reviewer_id,
                            "assessor_role": review.role,
                            "brief": brief,
                            "team": team,
                            "artefact": artefact,
                            "contribution_share": shares.get(str(member.user_id)),
                        },
                    )
                    if was_created:
                        created.append(evidence)
    return created


def _average_shares(team: Team) -> dict[str, int]:
    totals: dict[str, list[int]] = {}
    for peer in team.peer_reviews.all():
        for user_id, share in peer.shares.items():
            totals.setdefault(user_id, []).append(int(share))
    return {k: round(sum(v) / len(v)) for k, v in totals.items()}


def briefs_close_stale(*, today: datetime.date | None = None) -> int:
    """Close open briefs whose application deadline passed without any team (a task)."""
    today = today or timezone.localdate()
    stale = ProjectBrief.objects.filter(status=BriefStatus.OPEN, apply_by__lt=today, teams=None)
    count = 0
    for brief in stale:
        brief_close(actor=None, brief=brief, reason="stale")
        count += 1
    return count


def brief_mark_commercial_use(*, actor: Any, brief: ProjectBrief, note: str) -> ProjectBrief:
    access_brief(actor, brief, Action.EDIT)
    return _transition(
        actor=actor,
        brief=brief,
        allowed_from=(BriefStatus.DELIVERED, BriefStatus.CLOSED),
        to=brief.status,
        action="commercial_use",
        commercial_use=True,
        commercial_use_note=note[:1000],
    )


def _store_upload(actor: Any, upload: UploadedFile) -> StoredFile:
    original = getattr(upload, "_original_name", "") or upload.name or ""
    accepted = accept(cast(IO[bytes], upload.file), upload.size or 0, original)
    upload.name = accepted.stored_name
    return StoredFile.objects.create(
        file=upload,
        # the name it downloads under: the uploader's, with the extension of the sniffed type
        original_name=accepted.download_name[:255],
        content_type=accepted.kind.content_type,
        size=upload.size or 0,
        sha256=accepted.sha256,
        uploaded_by=actor,
    )


def brief_add_material(*, actor: Any, brief: ProjectBrief, upload: UploadedFile) -> BriefMaterial:
    access_brief(actor, brief, Action.EDIT)
    upload._original_name = upload.name  # type: ignore[attr-defined]
    with transaction.atomic():
        stored = _store_upload(actor, upload)
        material = BriefMaterial.objects.create(brief=brief, stored=stored)
        audit_record(
            actor=actor,
            action="brief.add_material",
            obj=brief,
            after={"file": stored.original_name, "sha256": stored.sha256},
            organization_id=brief.enterprise_id,
        )
    return material
