"""Applications of students and teams to a brief, and the teams formed from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talentbridge.accounts.models import User
from talentbridge.community.models import OrgRole
from talentbridge.community.permissions import is_superuser
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record
from talentbridge.projects.models import (
    HOLDING_STATUSES,
    Application,
    ApplicationStatus,
    BriefStatus,
    CourseOffering,
    ProjectBrief,
    Team,
    TeamMember,
)
from talentbridge.projects.notifications import notify
from talentbridge.projects.permissions import (
    Action,
    access_application,
    access_brief,
    access_offering,
    managed_offerings,
    manages_all_applicants,
)
from talentbridge.projects.services._common import _conflict
from talentbridge.projects.services.briefs import _brief_url, _enterprise_people

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
