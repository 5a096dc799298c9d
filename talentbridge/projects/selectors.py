"""Reads: brief search, matching (both directions), fit to my courses/majors, dashboards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from talentbridge.community.models import OrgRole
from talentbridge.community.permissions import is_authenticated, is_secretariat, is_superuser
from talentbridge.community.selectors import memberships_of
from talentbridge.core.errors import NotFoundError
from talentbridge.projects import skills
from talentbridge.projects.matching import BriefFacts, Fit, HeldSkill, StudentFacts, fit
from talentbridge.projects.models import (
    AllocationRun,
    Application,
    BriefStatus,
    CourseOffering,
    Notification,
    ProjectBrief,
    SkillEvidence,
    StudentProfile,
    Team,
)
from talentbridge.projects.permissions import (
    ENTERPRISE_ROLES,
    PUBLIC_STATUSES,
    Action,
    access_application,
    access_brief,
    access_offering,
    access_run,
    access_team,
    managed_offerings,
    manages_all_applicants,
    may_view_team,
)


def _get(model: Any, pk: Any, **related: Any) -> Any:
    try:
        return model.objects.select_related(*related.get("select", ())).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError() from exc


def brief_get(*, actor: Any, pk: uuid.UUID | str) -> ProjectBrief:
    brief = _get(ProjectBrief, pk, select=("enterprise", "contact_mentor"))
    return access_brief(actor, brief, Action.VIEW)


def offering_get(*, actor: Any, pk: uuid.UUID | str) -> CourseOffering:
    return access_offering(actor, _get(CourseOffering, pk, select=("college",)), Action.VIEW)


def team_get(*, actor: Any, pk: uuid.UUID | str) -> Team:
    return access_team(actor, _get(Team, pk, select=("brief", "offering")), Action.VIEW)


def run_get(*, actor: Any, pk: uuid.UUID | str) -> AllocationRun:
    return access_run(actor, _get(AllocationRun, pk, select=("offering",)), Action.VIEW)


def application_get(*, actor: Any, pk: uuid.UUID | str) -> Application:
    application = _get(Application, pk, select=("brief",))
    return access_application(actor, application, Action.VIEW)


def applications_for_brief(*, actor: Any, brief: ProjectBrief) -> QuerySet[Application]:
    """The enterprise sees every application; a teacher those of their own classes' students."""
    access_brief(actor, brief, Action.MANAGE_APPLICANTS)
    qs = brief.applications.select_related("applicant").prefetch_related("members")
    if manages_all_applicants(actor, brief):
        return qs
    return qs.filter(applicant__project_classes__in=managed_offerings(actor, brief)).distinct()


def teams_for_brief(*, actor: Any, brief: ProjectBrief) -> list[Team]:
    access_brief(actor, brief, Action.MANAGE_APPLICANTS)
    return [t for t in brief.teams.prefetch_related("members") if may_view_team(actor, t)]


def _visible(actor: Any) -> Q:
    """Drafts and briefs under review only for those ``access_brief`` lets see them."""
    if is_superuser(actor):
        return Q()
    visible = Q(status__in=PUBLIC_STATUSES)
    if is_authenticated(actor):
        roles = memberships_of(actor)
        enterprise_orgs = [m.organization_id for m in roles if m.role in ENTERPRISE_ROLES]
        admin_orgs = [m.organization_id for m in roles if m.role == OrgRole.ADMIN]
        visible |= Q(enterprise_id__in=enterprise_orgs) | Q(review_college_id__in=admin_orgs)
        visible |= Q(review_community__staff__user=actor)
    return visible


def brief_list(
    *,
    actor: Any,
    q: str = "",
    skill: str = "",
    region: str = "",
    enterprise: str = "",
    max_weeks: int | None = None,
    paid: str = "",
    status: str = "",
) -> QuerySet[ProjectBrief]:
    """Briefs the actor may see. ``q`` searches titles, backgrounds (Chinese and English) and
    skill labels in both languages; every whitespace-separated term must match."""
    qs = ProjectBrief.objects.filter(_visible(actor)).select_related("enterprise").distinct()
    for term in q.split()[:8]:
        matching_skills = _skills_matching(term)
        qs = qs.filter(
            Q(title_zh__icontains=term)
            | Q(title_en__icontains=term)
            | Q(background_zh__icontains=term)
            | Q(background_en__icontains=term)
            | Q(enterprise__name_zh__icontains=term)
            | Q(enterprise__name_en__icontains=term)
            | Q(skills__concept_id__in=matching_skills)
        )
    if skill:
        qs = qs.filter(skills__concept_id=skill)
    if region:
        prefix = region.rstrip("0") or region
        qs = qs.filter(region_code__startswith=prefix[: max(2, len(prefix))])
    if enterprise:
        try:
            qs = qs.filter(enterprise_id=uuid.UUID(enterprise))
        except ValueError:
            return qs.none()
    if paid == "yes":
        qs = qs.filter(honorarium_cny__gt=0)
    elif paid == "no":
        qs = qs.filter(Q(honorarium_cny__isnull=True) | Q(honorarium_cny=0))
    if status:
        qs = qs.filter(status=status)
    if max_weeks:
        qs = [b for b in qs if b.duration_weeks <= max_weeks]  # type: ignore[assignment]
        return ProjectBrief.objects.filter(pk__in=[b.pk for b in qs]).select_related("enterprise")
    return qs.order_by("-created_at")


def _skills_matching(term: str) -> list[str]:
    term = term.lower()
    return [
        cid for cid, label in skills.choices() if term in label.lower() or term in _other_label(cid)
    ][:200]


def _other_label(concept_id: str) -> str:
    concept = skills.get(concept_id)
    return f"{concept.label_zh} {concept.label_en}".lower() if concept else ""


# --- Matching --------------------------------------------------------------------------------


def student_facts(user: Any) -> StudentFacts:
    profile = StudentProfile.objects.filter(user=user).first()
    held: dict[str, HeldSkill] = {}
    if profile is not None:
        for concept_id in profile.claimed_skills:
            held[concept_id] = HeldSkill(concept_id, 2, assessed=False)
    for evidence in SkillEvidence.objects.filter(student=user).order_by("level"):
        held[evidence.concept_id] = HeldSkill(evidence.concept_id, evidence.level, assessed=True)
    return StudentFacts(
        user_id=str(user.pk),
        skills=tuple(held.values()),
        hours_per_week=profile.hours_per_week if profile else 6,
        preferred_deliverables=frozenset(profile.preferred_deliverables if profile else ()),
        prefers_paid=bool(profile and profile.prefers_paid),
    )


def brief_facts(brief: ProjectBrief) -> BriefFacts:
    return BriefFacts(
        brief_id=str(brief.pk),
        required=tuple((s.concept_id, s.level) for s in brief.skills.all()),
        hours_per_week=brief.hours_per_week,
        deliverables=frozenset(brief.deliverables),
        paid=brief.is_paid,
    )


@dataclass
class Ranked:
    item: Any
    fit: Fit


def briefs_for_student(*, actor: Any, student: Any, limit: int = 20) -> list[Ranked]:
    facts = student_facts(student)
    open_briefs = brief_list(actor=actor, status=BriefStatus.OPEN).prefetch_related("skills")
    ranked = [Ranked(b, fit(facts, brief_facts(b))) for b in open_briefs]
    ranked.sort(key=lambda r: -r.fit.score)
    return ranked[:limit]


def students_for_brief(*, actor: Any, brief: ProjectBrief, limit: int = 50) -> list[Ranked]:
    """Candidates, best fit first: for the enterprise the classes that adopted the brief and the
    applicants; for a teacher the students of their own adopting classes."""
    access_brief(actor, brief, Action.MANAGE_APPLICANTS)
    from talentbridge.accounts.models import User

    if manages_all_applicants(actor, brief):
        scope = Q(project_classes__adoptions__brief=brief) | Q(project_applications__brief=brief)
    else:
        scope = Q(project_classes__in=managed_offerings(actor, brief))
    candidates = User.objects.filter(scope).distinct()
    facts = brief_facts(brief)
    ranked = [Ranked(u, fit(student_facts(u), facts)) for u in candidates]
    ranked.sort(key=lambda r: -r.fit.score)
    return ranked[:limit]


@dataclass
class CourseFit:
    label: str
    shared: list[str]


def fit_to_my_courses(*, actor: Any, brief: ProjectBrief) -> list[CourseFit]:
    """Which of my course offerings (teacher) or my major (student) the brief fits, and why:
    the brief's skills that the major's curated skill profile contains (by taxonomy area)."""
    if not is_authenticated(actor):
        return []
    required = list(brief.skills.values_list("concept_id", flat=True))
    results: list[CourseFit] = []
    offerings = CourseOffering.objects.filter(Q(teacher=actor) | Q(students=actor)).distinct()
    majors: list[tuple[str, str]] = [(o.major_code, str(o)) for o in offerings if o.major_code]
    profile = StudentProfile.objects.filter(user=actor).first()
    if profile and profile.major_code:
        majors.append((profile.major_code, skills.major_name(profile.major_code)))
    for major_code, label in majors:
        profile_skills = skills.major_skills(major_code)
        shared = [
            skills.label(r)
            for r in required
            if any(skills.similarity(r, m) >= 0.5 for m in profile_skills)
        ]
        if shared:
            results.append(CourseFit(label, shared))
    return results


# --- Per-person lists and dashboards ---------------------------------------------------------


def evidence_of(*, actor: Any, student: Any) -> QuerySet[SkillEvidence]:
    if actor.pk != student.pk and not is_superuser(actor):
        raise NotFoundError()
    return SkillEvidence.objects.filter(student=student).select_related(
        "brief", "assessed_by", "artefact", "team"
    )


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def teams_of(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(members__user=user).select_related("brief")


def dashboard(*, actor: Any) -> dict[str, Any]:
    """Counts and lists for the enterprise, teacher, student and community views."""
    roles = list(memberships_of(actor))
    enterprise_ids = [m.organization_id for m in roles if m.organization.kind == "enterprise"]
    college_staff = [
        m.organization_id
        for m in roles
        if m.role in (OrgRole.ADMIN, OrgRole.TEACHER) and m.organization.kind == "college"
    ]
    result: dict[str, Any] = {}
    if enterprise_ids or is_superuser(actor):
        briefs = ProjectBrief.objects.filter(
            Q() if is_superuser(actor) else Q(enterprise_id__in=enterprise_ids)
        )
        result["enterprise"] = {
            "by_status": dict(briefs.values_list("status").annotate(n=Count("id")).order_by()),
            "briefs": briefs.order_by("-created_at")[:10],
            "pending_applications": Application.objects.filter(
                brief__in=briefs, status="pending"
            ).count(),
            "commercial_use": briefs.filter(commercial_use=True).count(),
        }
    if college_staff:
        offerings = CourseOffering.objects.filter(
            Q(teacher=actor)
            | Q(college_id__in=[m.organization_id for m in roles if m.role == OrgRole.ADMIN])
        ).annotate(
            n_students=Count("students", distinct=True),
            n_adoptions=Count("adoptions", distinct=True),
        )
        result["teacher"] = {
            "offerings": offerings,
            "to_approve": ProjectBrief.objects.filter(
                status=BriefStatus.SUBMITTED, review_college_id__in=college_staff
            ),
            "teams": Team.objects.filter(offering__in=offerings).select_related("brief")[:20],
        }
    staffed = _staffed_communities(actor)
    if staffed:
        briefs = ProjectBrief.objects.filter(review_community__in=staffed)
        result["community"] = {
            "to_approve": briefs.filter(status=BriefStatus.SUBMITTED),
            "by_status": dict(briefs.values_list("status").annotate(n=Count("id")).order_by()),
            "evidence": SkillEvidence.objects.filter(brief__in=briefs).count(),
        }
    if any(m.role == OrgRole.STUDENT for m in roles):
        result["student"] = {
            "teams": teams_of(actor),
            "applications": Application.objects.filter(applicant=actor).select_related("brief"),
            "evidence": SkillEvidence.objects.filter(student=actor).count(),
        }
    return result


def _staffed_communities(actor: Any) -> list[Any]:
    from talentbridge.community.models import Community

    if not is_authenticated(actor):
        return []
    return [c for c in Community.objects.filter(staff__user=actor) if is_secretariat(actor, c)]
