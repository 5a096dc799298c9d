"""Gatekeepers for briefs, course offerings, teams and allocation runs.

Rules in one place:
* enterprise members (admin/staff) manage their enterprise's briefs;
* the approving college's admin or the approving community's secretariat decide on a brief;
* college admins and teachers adopt visible briefs into course offerings;
* students of any college apply to open briefs;
* an offering's teacher (and the college's admins) manage its class: applications, teams,
  allocation runs; the brief's contact mentor and the offering's teacher review teams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from talentbridge.community.models import OrgRole
from talentbridge.community.permissions import (
    is_authenticated,
    is_secretariat,
    is_superuser,
    org_role,
    require_login,
)
from talentbridge.community.selectors import memberships_of
from talentbridge.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from talentbridge.projects.models import (
    AllocationRun,
    Application,
    BriefStatus,
    CourseOffering,
    ProjectBrief,
    ReviewerRole,
    Team,
)

PUBLIC_STATUSES = (
    BriefStatus.OPEN,
    BriefStatus.IN_PROGRESS,
    BriefStatus.DELIVERED,
    BriefStatus.CLOSED,
)
ENTERPRISE_ROLES = (OrgRole.ADMIN, OrgRole.STAFF)
COLLEGE_STAFF_ROLES = (OrgRole.ADMIN, OrgRole.TEACHER)


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    DECIDE = "decide"
    ADOPT = "adopt"
    APPLY = "apply"
    MANAGE_APPLICANTS = "manage_applicants"
    SUBMIT_WORK = "submit_work"
    REVIEW = "review"
    PEER_REVIEW = "peer_review"
    MANAGE = "manage"


def is_enterprise_member(actor: Any, brief: ProjectBrief) -> bool:
    return org_role(actor, brief.enterprise) in ENTERPRISE_ROLES


def is_approver(actor: Any, brief: ProjectBrief) -> bool:
    if brief.review_college is not None and org_role(actor, brief.review_college) == OrgRole.ADMIN:
        return True
    return brief.review_community is not None and is_secretariat(actor, brief.review_community)


def is_college_staff(actor: Any) -> bool:
    return any(
        m.organization.kind == "college" and m.role in COLLEGE_STAFF_ROLES
        for m in memberships_of(actor)
    )


def is_student(actor: Any) -> bool:
    return any(m.role == OrgRole.STUDENT for m in memberships_of(actor))


def manages_offering(actor: Any, offering: CourseOffering) -> bool:
    if offering.teacher_id == getattr(actor, "pk", None):
        return True
    return org_role(actor, offering.college) == OrgRole.ADMIN


def adopted_by_actor(actor: Any, brief: ProjectBrief) -> bool:
    return bool(managed_offerings(actor, brief))


def managed_offerings(actor: Any, brief: ProjectBrief) -> list[CourseOffering]:
    """The course offerings that adopted the brief and that the actor manages."""
    adoptions = brief.adoptions.select_related("offering", "offering__college")
    return [a.offering for a in adoptions if manages_offering(actor, a.offering)]


def manages_all_applicants(actor: Any, brief: ProjectBrief) -> bool:
    """The enterprise (and superusers) see every applicant; teachers only their own classes."""
    return is_superuser(actor) or (is_authenticated(actor) and is_enterprise_member(actor, brief))


def teaches_any(actor: Any, brief: ProjectBrief, user_ids: Iterable[Any]) -> bool:
    """Whether one of these users studies in a class of the actor that adopted the brief."""
    offerings = managed_offerings(actor, brief)
    return CourseOffering.objects.filter(
        pk__in=[o.pk for o in offerings], students__in=list(user_ids)
    ).exists()


def access_brief(actor: Any, brief: ProjectBrief, action: Action) -> ProjectBrief:
    if action == Action.VIEW:
        if brief.status in PUBLIC_STATUSES or is_superuser(actor):
            return brief
        if is_authenticated(actor) and (
            is_enterprise_member(actor, brief) or is_approver(actor, brief)
        ):
            return brief
        raise NotFoundError()
    require_login(actor)
    access_brief(actor, brief, Action.VIEW)
    if is_superuser(actor):
        return brief
    allowed: dict[Action, Callable[[Any, ProjectBrief], bool]] = {
        Action.EDIT: is_enterprise_member,
        Action.DECIDE: is_approver,
        Action.ADOPT: lambda a, b: is_college_staff(a),
        Action.APPLY: lambda a, b: is_student(a),
        Action.MANAGE_APPLICANTS: lambda a, b: is_enterprise_member(a, b) or adopted_by_actor(a, b),
    }
    check = allowed.get(action)
    if check is not None and check(actor, brief):
        return brief
    raise PermissionDeniedError()


def access_application(actor: Any, application: Application, action: Action) -> Application:
    """The applicant sees their own application; the enterprise manages every application, a
    teacher (or college admin) only those of students in their own adopting classes."""
    if action == Action.VIEW and application.applicant_id == getattr(actor, "pk", None):
        return application
    brief = application.brief
    access_brief(actor, brief, Action.MANAGE_APPLICANTS)
    if manages_all_applicants(actor, brief) or teaches_any(
        actor, brief, [application.applicant_id]
    ):
        return application
    raise NotFoundError()


def access_offering(actor: Any, offering: CourseOffering, action: Action) -> CourseOffering:
    require_login(actor)
    if is_superuser(actor) or manages_offering(actor, offering):
        return offering
    if action == Action.VIEW and org_role(actor, offering.college) in COLLEGE_STAFF_ROLES:
        return offering
    raise NotFoundError() if org_role(actor, offering.college) is None else PermissionDeniedError()


def can_create_offering(actor: Any) -> None:
    require_login(actor)
    if not (is_superuser(actor) or is_college_staff(actor)):
        raise PermissionDeniedError()


def can_create_brief(actor: Any) -> None:
    require_login(actor)
    enterprise = any(
        m.organization.kind == "enterprise" and m.role in ENTERPRISE_ROLES
        for m in memberships_of(actor)
    )
    if not (is_superuser(actor) or enterprise):
        raise PermissionDeniedError()


def is_team_member(actor: Any, team: Team) -> bool:
    return is_authenticated(actor) and team.members.filter(user=actor).exists()


def reviewer_role(actor: Any, team: Team) -> str | None:
    """The role in which the actor is assigned to review this team, if any."""
    if team.brief.contact_mentor_id == getattr(actor, "pk", None):
        return ReviewerRole.MENTOR
    if (
        team.offering_id
        and team.offering
        and team.offering.teacher_id == getattr(actor, "pk", None)
    ):
        return ReviewerRole.TEACHER
    return None


def teaches_team(actor: Any, team: Team) -> bool:
    """A team of a class: its teacher (or college admin). A team formed from applicants: the
    teacher of an adopting class one of its members studies in."""
    if team.offering is not None:
        return manages_offering(actor, team.offering)
    member_ids = team.members.values_list("user_id", flat=True)
    return teaches_any(actor, team.brief, member_ids)


def may_view_team(actor: Any, team: Team) -> bool:
    try:
        access_team(actor, team, Action.VIEW)
    except ApplicationError:
        return False
    return True


def access_team(actor: Any, team: Team, action: Action) -> Team:
    require_login(actor)
    if is_superuser(actor):
        return team
    member = is_team_member(actor, team)
    staff = is_enterprise_member(actor, team.brief) or teaches_team(actor, team)
    if not (member or staff):
        raise NotFoundError()
    rules = {
        Action.VIEW: member or staff,
        Action.SUBMIT_WORK: member,
        Action.PEER_REVIEW: member,
        Action.REVIEW: reviewer_role(actor, team) is not None,
        Action.MANAGE: staff,
    }
    if rules.get(action, False):
        return team
    raise PermissionDeniedError()


def access_run(actor: Any, run: AllocationRun, action: Action) -> AllocationRun:
    access_offering(actor, run.offering, Action.MANAGE if action != Action.VIEW else action)
    return run
