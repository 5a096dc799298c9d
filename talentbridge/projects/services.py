"""Writes for briefs, adoption, applications, teams, allocation, delivery, reviews, evidence.

Every service: keyword-only arguments, gatekeeper first, validate, write inside
``transaction.atomic()``, audit, notify (e-mail after commit).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.accounts.models import User
from talentbridge.community.models import Community, Organization, OrgRole
from talentbridge.community.permissions import is_superuser, org_role
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record, snapshot
from talentbridge.projects import allocation, reallocation, skills
from talentbridge.projects.matching import fit
from talentbridge.projects.models import (
    HOLDING_STATUSES,
    Adoption,
    AllocationRun,
    Application,
    ApplicationStatus,
    BriefMaterial,
    BriefSkill,
    BriefStatus,
    CourseOffering,
    Deliverable,
    IpTerms,
    Milestone,
    PeerReview,
    ProjectBrief,
    Review,
    SkillEvidence,
    SkillLevel,
    StoredFile,
    StudentProfile,
    Submission,
    Team,
    TeamMember,
)
from talentbridge.projects.notifications import notify
from talentbridge.projects.permissions import (
    ENTERPRISE_ROLES,
    Action,
    access_application,
    access_brief,
    access_offering,
    access_run,
    access_team,
    can_create_brief,
    can_create_offering,
    managed_offerings,
    manages_all_applicants,
    reviewer_role,
)
from talentbridge.projects.selectors import brief_facts, student_facts
from talentbridge.projects.uploads import inspect

BRIEF_FIELDS = (
    "title_zh",
    "title_en",
    "background_zh",
    "background_en",
    "deliverables",
    "region_code",
    "team_size_min",
    "team_size_max",
    "max_teams",
    "places",
    "hours_per_week",
    "starts_on",
    "ends_on",
    "apply_by",
    "honorarium_cny",
    "ip_terms",
    "license_note",
    "nda_required",
    "contact_mentor",
)
AUDIT_FIELDS = (*BRIEF_FIELDS, "status")


def _error(message: Any, fields: dict[str, list[Any]] | None = None) -> ApplicationError:
    return ApplicationError("invalid", message, fields=fields)


def _conflict(message: Any) -> ApplicationError:
    return ApplicationError("conflict", message)


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
    kind, digest = inspect(cast(IO[bytes], upload.file), upload.size or 0)
    safe_name = f"{uuid.uuid4().hex}.{kind.extension}"
    upload.name = safe_name
    return StoredFile.objects.create(
        file=upload,
        original_name=(getattr(upload, "_original_name", "") or safe_name)[:255],
        content_type=kind.content_type,
        size=upload.size or 0,
        sha256=digest,
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


# --- Course offerings and adoption ------------------------------------------------------------


def offering_create(
    *, actor: Any, college: Organization, data: dict[str, Any], students: Iterable[Any] = ()
) -> CourseOffering:
    """A course taught to one class this semester (to be linked to curriculum later)."""
    can_create_offering(actor)
    if not is_superuser(actor) and org_role(actor, college) not in (OrgRole.ADMIN, OrgRole.TEACHER):
        raise ApplicationError("forbidden", _("You do not teach at this college."))
    for name in ("course_code", "course_name_zh", "class_name", "semester"):
        if not str(data.get(name, "")).strip():
            raise invalid(name, _("This field is required."))
    members = list(students)
    outsiders = [u for u in members if org_role(u, college) != OrgRole.STUDENT]
    if outsiders:
        raise invalid("students", _("Only students of the college can be in the class."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                offering = CourseOffering.objects.create(
                    college=college, teacher=data.pop("teacher", None) or actor, **data
                )
        except IntegrityError as exc:
            raise _conflict(_("This course already has this class this semester.")) from exc
        offering.students.set(members)
        audit_record(
            actor=actor,
            action="offering.create",
            obj=offering,
            after=snapshot(offering, ("course_code", "class_name", "semester", "teacher")),
            organization_id=college.pk,
        )
    return offering


def brief_adopt(
    *, actor: Any, brief: ProjectBrief, offering: CourseOffering, weight: int, note: str = ""
) -> Adoption:
    access_brief(actor, brief, Action.ADOPT)
    access_offering(actor, offering, Action.MANAGE)
    if not 0 <= weight <= 100:
        raise invalid("assessment_weight", _("The weight is a percentage from 0 to 100."))
    adoptable = (BriefStatus.APPROVED, BriefStatus.OPEN, BriefStatus.IN_PROGRESS)
    if brief.status not in adoptable:
        raise _conflict(_("Only approved or open briefs can be adopted."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    brief=brief,
                    offering=offering,
                    assessment_weight=weight,
                    assessment_note=note[:500],
                    adopted_by=actor,
                )
        except IntegrityError as exc:
            raise _conflict(_("This course offering already adopted the brief.")) from exc
        audit_record(
            actor=actor,
            action="brief.adopt",
            obj=adoption,
            after={"brief": str(brief.pk), "offering": str(offering), "weight": weight},
            organization_id=offering.college_id,
        )
        notify(
            _enterprise_people(brief),
            "brief_adopted",
            {"brief": brief.title_zh, "course": str(offering)},
            _brief_url(brief),
        )
    return adoption


def profile_update(*, actor: Any, data: dict[str, Any]) -> StudentProfile:
    from talentbridge.community.permissions import require_login

    require_login(actor)
    claimed = list(data.get("claimed_skills", []))
    missing = skills.unknown(claimed)
    if missing:
        raise invalid("claimed_skills", _("Unknown skills: %(ids)s") % {"ids": ", ".join(missing)})
    if set(data.get("preferred_deliverables", [])) - set(Deliverable.values):
        raise invalid("preferred_deliverables", _("Unknown deliverable."))
    with transaction.atomic():
        profile, _created = StudentProfile.objects.get_or_create(user=actor)
        for key in (
            "major_code",
            "claimed_skills",
            "hours_per_week",
            "preferred_deliverables",
            "prefers_paid",
        ):
            if key in data:
                setattr(profile, key, data[key])
        profile.save()
        audit_record(actor=actor, action="project_profile.update", obj=profile)
    return profile


# --- Applications and teams ---------------------------------------------------------------------


def places_taken(brief: ProjectBrief) -> int:
    people = set(TeamMember.objects.filter(brief=brief).values_list("user_id", flat=True))
    for application in brief.applications.filter(status__in=HOLDING_STATUSES).prefetch_related(
        "members"
    ):
        people.add(application.applicant_id)
        people.update(m.pk for m in application.members.all())
    return len(people)


def application_submit(
    *,
    actor: Any,
    brief: ProjectBrief,
    statement: str,
    portfolio_links: Sequence[str] = (),
    members: Sequence[Any] = (),
    team_name: str = "",
) -> Application:
    """Apply alone or as a team. Places are held while the application is pending; two
    concurrent applications for the last place never over-fill the brief (row lock)."""
    access_brief(actor, brief, Action.APPLY)
    if not statement.strip():
        raise invalid("statement", _("Write a short statement."))
    people = [actor, *[m for m in members if m.pk != actor.pk]]
    if members and not team_name.strip():
        raise invalid("team_name", _("A team application needs a team name."))
    with transaction.atomic():
        locked = ProjectBrief.objects.select_for_update().get(pk=brief.pk)
        if locked.status != BriefStatus.OPEN:
            raise _conflict(_("This brief is not open for applications."))
        if members and not (locked.team_size_min <= len(people) <= locked.team_size_max):
            raise invalid(
                "members",
                _("A team for this brief has %(min)d to %(max)d members.")
                % {"min": locked.team_size_min, "max": locked.team_size_max},
            )
        _check_not_engaged(locked, people)
        if places_taken(locked) + len(people) > locked.places:
            raise _conflict(_("There are not enough places left on this brief."))
        application = Application.objects.create(
            brief=locked,
            applicant=actor,
            statement=statement[:2000],
            portfolio_links=list(portfolio_links)[:10],
            team_name=team_name[:100],
            size=len(people),
        )
        application.members.set(people[1:])
        audit_record(
            actor=actor,
            action="application.submit",
            obj=application,
            after={"brief": str(locked.pk), "size": len(people)},
            organization_id=locked.enterprise_id,
        )
        managers = _enterprise_people(locked) + [a.offering.teacher for a in locked.adoptions.all()]
        notify(
            managers,
            "application_received",
            {"brief": locked.title_zh, "who": str(actor)},
            reverse("projects:brief-applications", kwargs={"pk": locked.pk}),
        )
    return application


def _check_not_engaged(brief: ProjectBrief, people: Sequence[Any]) -> None:
    ids = {p.pk for p in people}
    in_team = TeamMember.objects.filter(brief=brief, user_id__in=ids).exists()
    holding = Application.objects.filter(brief=brief, status__in=HOLDING_STATUSES)
    applied = (
        holding.filter(applicant_id__in=ids).exists() or holding.filter(members__in=ids).exists()
    )
    if in_team or applied:
        raise _conflict(_("Someone in this application already applied to or works on this brief."))
    not_students = [p for p in people if not _is_student(p)]
    if not_students:
        raise invalid("members", _("Only students can apply."))


def _is_student(user: Any) -> bool:
    return user.org_memberships.filter(role=OrgRole.STUDENT).exists()


def application_decide(*, actor: Any, application: Application, accept: bool) -> Application:
    brief = application.brief
    access_application(actor, application, Action.MANAGE_APPLICANTS)
    with transaction.atomic():
        ProjectBrief.objects.select_for_update().get(pk=brief.pk)
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.PENDING:
            raise _conflict(_("This application was already decided."))
        locked.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_by", "updated_at"])
        audit_record(
            actor=actor,
            action="application.decide",
            obj=locked,
            after={"status": locked.status},
            organization_id=brief.enterprise_id,
        )
        people = [locked.applicant, *locked.members.all()]
        if accept and locked.team_name:
            _create_team(actor, brief, locked.team_name, people, offering=None)
        notify(
            people,
            "application_decided",
            {"brief": brief.title_zh, "decision": "accepted" if accept else "declined"},
            _brief_url(brief),
        )
    return locked


def application_withdraw(*, actor: Any, application: Application) -> Application:
    if application.applicant_id != getattr(actor, "pk", None) and not is_superuser(actor):
        raise ApplicationError("forbidden", _("Only the applicant can withdraw."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.PENDING:
            raise _conflict(_("Only a pending application can be withdrawn."))
        locked.status = ApplicationStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="application.withdraw", obj=locked)
    return locked


def _create_team(
    actor: Any,
    brief: ProjectBrief,
    name: str,
    people: Sequence[Any],
    offering: CourseOffering | None,
) -> Team:
    if brief.teams.count() >= brief.max_teams:
        raise _conflict(_("This brief already has its maximum number of teams."))
    try:
        with transaction.atomic():
            team = Team.objects.create(
                brief=brief, name=name[:100], formed_by=actor, offering=offering
            )
            TeamMember.objects.bulk_create(
                TeamMember(team=team, brief=brief, user=u, is_lead=(i == 0))
                for i, u in enumerate(people)
            )
    except IntegrityError as exc:
        raise _conflict(
            _("A student can be in only one team per brief, and team names must be unique.")
        ) from exc
    audit_record(
        actor=actor,
        action="team.form",
        obj=team,
        after={"members": [str(u.pk) for u in people]},
        organization_id=brief.enterprise_id,
    )
    notify(
        people,
        "team_formed",
        {"team": team.name, "brief": brief.title_zh},
        reverse("projects:team-detail", kwargs={"pk": team.pk}),
    )
    return team


def team_form(
    *,
    actor: Any,
    brief: ProjectBrief,
    name: str,
    members: Sequence[Any],
    offering: CourseOffering | None = None,
) -> Team:
    """The teacher (or the enterprise) forms a team from accepted applicants or the class."""
    access_brief(actor, brief, Action.MANAGE_APPLICANTS)
    if offering is not None:
        access_offering(actor, offering, Action.MANAGE)
        if not brief.adoptions.filter(offering=offering).exists():
            raise invalid("offering", _("This course has not adopted the brief."))
    if not name.strip():
        raise invalid("name", _("Give the team a name."))
    if not brief.team_size_min <= len(members) <= brief.team_size_max:
        raise invalid(
            "members",
            _("A team for this brief has %(min)d to %(max)d members.")
            % {"min": brief.team_size_min, "max": brief.team_size_max},
        )
    with transaction.atomic():
        locked = ProjectBrief.objects.select_for_update().get(pk=brief.pk)
        if locked.status not in (BriefStatus.OPEN, BriefStatus.IN_PROGRESS):
            raise _conflict(_("Teams can be formed only while the brief is open or in progress."))
        _check_team_members(actor, locked, members)
        return _create_team(actor, locked, name, members, offering)


def _check_team_members(actor: Any, brief: ProjectBrief, members: Sequence[Any]) -> None:
    """Members are students who applied to the brief or study in a class that adopted it (for
    a teacher: one of their own classes). Joining a second team of the brief is refused by
    the database (see ``_create_team``)."""
    if any(not _is_student(m) for m in members):
        raise invalid("members", _("Only students can be in a team."))
    eligible = _team_candidates(actor, brief)
    if any(m.pk not in eligible for m in members):
        raise invalid(
            "members",
            _("Every member must have applied to the brief or be in a class that adopted it."),
        )


def _team_candidates(actor: Any, brief: ProjectBrief) -> set[Any]:
    if manages_all_applicants(actor, brief):
        offerings = [a.offering_id for a in brief.adoptions.all()]
        holding = brief.applications.filter(status__in=HOLDING_STATUSES)
        applied = set(holding.values_list("applicant_id", flat=True))
        applied |= set(holding.exclude(members=None).values_list("members", flat=True))
    else:
        offerings = [o.pk for o in managed_offerings(actor, brief)]
        applied = set()
    in_class = User.objects.filter(project_classes__in=offerings).values_list("pk", flat=True)
    return applied | set(in_class)


# --- Allocation -------------------------------------------------------------------------------


def allocation_run(
    *,
    actor: Any,
    offering: CourseOffering,
    locks: dict[str, str] | None = None,
    base: AllocationRun | None = None,
) -> AllocationRun:
    """Assign the class's free students to the offering's adopted briefs and teams. Locked
    students stay on their brief. With ``base`` (an earlier run of this class) the run starts
    from it and re-solves only what the change reaches (``reallocation.resolve``)."""
    access_offering(actor, offering, Action.MANAGE)
    if base is not None and base.offering_id != offering.pk:
        raise invalid("base", _("That allocation belongs to another class."))
    locks = dict(locks or {})
    briefs = [
        a.brief
        for a in offering.adoptions.select_related("brief").filter(
            brief__status__in=(BriefStatus.OPEN, BriefStatus.IN_PROGRESS)
        )
    ]
    if not briefs:
        raise _conflict(_("The course has no open adopted briefs to allocate."))
    brief_ids = {str(b.pk) for b in briefs}
    busy = set(TeamMember.objects.filter(brief__in=briefs).values_list("user_id", flat=True))
    students = [s for s in offering.students.all() if s.pk not in busy]
    student_ids = {str(s.pk) for s in students}
    bad = {k: v for k, v in locks.items() if k not in student_ids or v not in brief_ids}
    if bad:
        raise invalid("locks", _("A lock names a student or brief outside this class."))
    problem, fits = _allocation_problem(briefs, students, locks)
    previous = {r["student"]: r["brief"] for r in base.assignments} if base else {}
    if base is not None:
        solution = reallocation.resolve(problem, previous, time_limit=10.0)
    else:
        solution = allocation.solve(problem, time_limit=10.0)
    assignments = [
        {
            "student": sid,
            "brief": bid,
            "team": next(t + 1 for t, team in enumerate(solution.teams[bid]) if sid in team),
            "score": round(fits[(sid, bid)], 3),
        }
        for sid, bid in sorted(solution.assignment.items())
    ]
    with transaction.atomic():
        run = AllocationRun.objects.create(
            offering=offering,
            created_by=actor,
            locks=[{"student": k, "brief": v} for k, v in sorted(locks.items())],
            objective=solution.objective,
            optimal=solution.optimal,
            status=solution.status,
            duration_ms=round(solution.seconds * 1000),
            assignments=assignments,
            unmet=[u.__dict__ for u in solution.unmet],
            base=base,
            moved=reallocation.moved(previous, solution.assignment) if base else None,
        )
        audit_record(
            actor=actor,
            action="allocation.run",
            obj=run,
            after={
                "objective": solution.objective,
                "assigned": len(assignments),
                "unmet": len(solution.unmet),
            },
            organization_id=offering.college_id,
        )
    return run


def _allocation_problem(
    briefs: Sequence[ProjectBrief], students: Sequence[Any], locks: dict[str, str]
) -> tuple[allocation.Problem, dict[tuple[str, str], float]]:
    facts = {str(s.pk): student_facts(s) for s in students}
    brief_in = []
    fits: dict[tuple[str, str], float] = {}
    covers: dict[str, set[str]] = {sid: set() for sid in facts}
    for brief in briefs:
        bf = brief_facts(brief)
        taken = places_taken(brief)
        existing_teams = brief.teams.count()
        brief_in.append(
            allocation.BriefIn(
                id=str(brief.pk),
                places=max(0, brief.places - taken),
                team_min=brief.team_size_min,
                team_max=brief.team_size_max,
                max_teams=max(0, brief.max_teams - existing_teams),
                required=tuple(c for c, _level in bf.required),
            )
        )
        for sid, sf in facts.items():
            result = fit(sf, bf)
            fits[(sid, str(brief.pk))] = result.score
            covers[sid] |= set(result.covers)
    student_in = [allocation.StudentIn(sid, frozenset(covers[sid])) for sid in facts]
    return allocation.Problem(student_in, brief_in, fits, locks), fits


def allocation_apply(*, actor: Any, run: AllocationRun) -> list[Team]:
    """Create the teams of a run (students already placed meanwhile are skipped)."""
    access_run(actor, run, Action.MANAGE)
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if locked.applied_at is not None:
            raise _conflict(_("This allocation was already applied."))
        grouped: dict[tuple[str, int], list[str]] = {}
        for row in locked.assignments:
            grouped.setdefault((row["brief"], row["team"]), []).append(row["student"])
        users = {
            str(u.pk): u
            for u in User.objects.filter(pk__in=[r["student"] for r in locked.assignments])
        }
        teams = []
        for (brief_id, number), member_ids in sorted(grouped.items()):
            brief = ProjectBrief.objects.select_for_update().get(pk=brief_id)
            free = [
                users[m]
                for m in member_ids
                if not TeamMember.objects.filter(brief=brief, user_id=m).exists()
            ]
            if not free:
                continue
            name = f"{locked.offering.class_name} · {number}"
            suffix = brief.teams.filter(name__startswith=name).count()
            teams.append(
                _create_team(
                    actor,
                    brief,
                    name if not suffix else f"{name}-{suffix + 1}",
                    free,
                    locked.offering,
                )
            )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at", "updated_at"])
        audit_record(
            actor=actor,
            action="allocation.apply",
            obj=locked,
            after={"teams": [str(t.pk) for t in teams]},
            organization_id=locked.offering.college_id,
        )
    return teams


# --- Delivery and review ------------------------------------------------------------------------


def submission_create(
    *,
    actor: Any,
    team: Team,
    milestone: Milestone,
    note: str = "",
    link: str = "",
    upload: UploadedFile | None = None,
) -> Submission:
    access_team(actor, team, Action.SUBMIT_WORK)
    if milestone.brief_id != team.brief_id:
        raise invalid("milestone", _("This milestone belongs to another brief."))
    if not (note.strip() or link or upload):
        raise invalid("file", _("Attach a file, a link or a note."))
    if link:
        _check_link(link)
    if _current_status(team) not in (BriefStatus.OPEN, BriefStatus.IN_PROGRESS):
        raise _conflict(_("Work can be submitted only while the project runs."))
    if upload is not None:
        upload._original_name = upload.name  # type: ignore[attr-defined]
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=team.pk)
        stored = _store_upload(actor, upload) if upload is not None else None
        last = team.submissions.filter(milestone=milestone).aggregate(v=Max("version"))["v"] or 0
        submission = Submission.objects.create(
            team=team,
            milestone=milestone,
            version=last + 1,
            note=note[:2000],
            link=link,
            stored=stored,
            submitted_by=actor,
        )
        audit_record(
            actor=actor,
            action="submission.create",
            obj=submission,
            after={"version": submission.version, "file": stored.sha256 if stored else ""},
            organization_id=team.brief.enterprise_id,
        )
        reviewers = [team.brief.contact_mentor, team.offering.teacher if team.offering else None]
        notify(
            reviewers,
            "submission_received",
            {"team": team.name, "milestone": milestone.title_zh},
            reverse("projects:team-detail", kwargs={"pk": team.pk}),
        )
    return submission


WEB_LINK = URLValidator(schemes=["http", "https"])


def _check_link(link: str) -> None:
    """Only http(s) links: a ``javascript:`` or ``data:`` link would run in the reader's page."""
    try:
        WEB_LINK(link)
    except ValidationError as exc:
        raise invalid("link", _("Enter a web address starting with http:// or https://.")) from exc


def _current_status(team: Team) -> str:
    return ProjectBrief.objects.values_list("status", flat=True).get(pk=team.brief_id)


def comment_add(*, actor: Any, submission: Submission, body: str) -> Any:
    from talentbridge.projects.models import Comment

    access_team(actor, submission.team, Action.VIEW)
    if not body.strip():
        raise invalid("body", _("The comment is empty."))
    with transaction.atomic():
        comment = Comment.objects.create(submission=submission, author=actor, body=body[:2000])
        audit_record(actor=actor, action="comment.add", obj=comment)
    return comment


def review_submit(
    *, actor: Any, team: Team, scores: dict[str, int], overall: int, feedback: str
) -> Review:
    """Rubric review by the brief's mentor or the class teacher; criteria are the brief's
    skills; one review per role, a new one replaces the old."""
    access_team(actor, team, Action.REVIEW)
    role = reviewer_role(actor, team)
    if role is None:  # superuser acting for the mentor
        role = "mentor"
    criteria = set(team.brief.skills.values_list("concept_id", flat=True))
    if set(scores) - criteria:
        raise invalid("scores", _("Score only the skills the brief asks for."))
    if not scores:
        raise invalid("scores", _("Score at least one skill."))
    if any(int(v) not in SkillLevel.values for v in scores.values()):
        raise invalid("scores", _("Skill levels go from 1 (basic) to 4 (expert)."))
    if not 0 <= overall <= 100:
        raise invalid("overall", _("The overall score goes from 0 to 100."))
    if not feedback.strip():
        raise invalid("feedback", _("Write some feedback."))
    if _current_status(team) not in (BriefStatus.IN_PROGRESS, BriefStatus.DELIVERED):
        raise _conflict(_("Reviews are given while the project runs or after delivery."))
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            team=team,
            role=role,
            defaults={
                "reviewer": actor,
                "scores": {k: int(v) for k, v in scores.items()},
                "overall": overall,
                "feedback": feedback[:5000],
            },
        )
        audit_record(
            actor=actor,
            action="review.submit",
            obj=review,
            after={"scores": review.scores, "overall": overall},
            organization_id=team.brief.enterprise_id,
        )
        notify(
            [m.user for m in team.members.select_related("user")],
            "review_received",
            {"team": team.name, "brief": team.brief.title_zh},
            reverse("projects:team-detail", kwargs={"pk": team.pk}),
        )
    return review


def peer_review_submit(
    *, actor: Any, team: Team, shares: dict[str, int], comment: str = ""
) -> PeerReview:
    """Contribution shares (percent) for every member of the team, summing to 100."""
    access_team(actor, team, Action.PEER_REVIEW)
    members = {str(u) for u in team.members.values_list("user_id", flat=True)}
    if set(shares) != members:
        raise invalid("shares", _("Give a share for every member of the team."))
    if any(int(v) < 0 for v in shares.values()) or sum(int(v) for v in shares.values()) != 100:
        raise invalid("shares", _("The shares must add up to 100."))
    with transaction.atomic():
        peer, _created = PeerReview.objects.update_or_create(
            team=team,
            reviewer=actor,
            defaults={"shares": {k: int(v) for k, v in shares.items()}, "comment": comment[:2000]},
        )
        audit_record(actor=actor, action="peer_review.submit", obj=peer, after=peer.shares)
    return peer


def milestones_remind(*, today: datetime.date | None = None, days_ahead: int = 3) -> int:
    """Notify team members of milestones due within ``days_ahead`` days (once each)."""
    today = today or timezone.localdate()
    due = Milestone.objects.filter(
        brief__status=BriefStatus.IN_PROGRESS,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=days_ahead),
        reminded_on__isnull=True,
    ).select_related("brief")
    count = 0
    for milestone in due:
        with transaction.atomic():
            members = [
                m.user
                for m in TeamMember.objects.filter(brief=milestone.brief).select_related("user")
            ]
            notify(
                members,
                "milestone_due",
                {
                    "milestone": milestone.title_zh,
                    "brief": milestone.brief.title_zh,
                    "due": milestone.due_on.isoformat(),
                },
                _brief_url(milestone.brief),
            )
            milestone.reminded_on = today
            milestone.save(update_fields=["reminded_on", "updated_at"])
        count += 1
    return count
