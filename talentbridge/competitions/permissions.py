"""Gatekeepers, one per entity: competitions (and their tracks, propositions, phases,
judges, assignments, rankings), entries (and their submissions), judging (a judge's view).

* The organizer's admins/staff and the community's secretariat manage a competition.
* Entrants (team members, advisors) see their own entry; the organizer sees identities only
  when the competition is not blind or its results are frozen.
* A judge sees entries assigned to them, by code only.
"""

from __future__ import annotations

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
from talentbridge.community.selectors import is_staff_of_any_community, memberships_of
from talentbridge.competitions.models import Competition, Entry, Judge
from talentbridge.core.errors import NotFoundError, PermissionDeniedError


class Action(StrEnum):
    VIEW = "view"
    MANAGE = "manage"
    SEE_IDENTITIES = "see_identities"
    SUBMIT = "submit"
    SCORE = "score"


def manages(actor: Any, competition: Competition) -> bool:
    if is_superuser(actor):
        return True
    if org_role(actor, competition.organizer) in (OrgRole.ADMIN, OrgRole.STAFF):
        return True
    return competition.community is not None and is_secretariat(actor, competition.community)


def is_entrant(actor: Any, entry: Entry) -> bool:
    if not is_authenticated(actor):
        return False
    return entry.leader_id == actor.pk or entry.members.filter(user=actor).exists()


def access_competition(actor: Any, competition: Competition, action: Action) -> Competition:
    if action == Action.VIEW:
        return competition
    require_login(actor)
    if action == Action.MANAGE and manages(actor, competition):
        return competition
    unsealed = not competition.blind or competition.results_frozen_at is not None
    if action == Action.SEE_IDENTITIES and unsealed and manages(actor, competition):
        return competition
    raise PermissionDeniedError()


def access_entry(actor: Any, entry: Entry, action: Action) -> Entry:
    require_login(actor)
    competition = entry.competition
    if action in (Action.VIEW, Action.SUBMIT) and is_entrant(actor, entry):
        return entry
    if action == Action.VIEW and (manages(actor, competition)):
        return entry
    if action == Action.MANAGE and manages(actor, competition):
        return entry
    if action == Action.VIEW:
        raise NotFoundError()
    raise PermissionDeniedError()


def access_judging(actor: Any, judge: Judge, action: Action) -> Judge:
    """A judge acts only as themself; organizers see (not act for) the judge's record."""
    require_login(actor)
    if action == Action.SCORE and judge.user_id == actor.pk:
        return judge
    if action == Action.VIEW and (judge.user_id == actor.pk or manages(actor, judge.competition)):
        return judge
    raise PermissionDeniedError()


def can_create_competition(actor: Any) -> None:
    """Organizations' admins/staff and community secretariats organise competitions."""
    require_login(actor)
    if is_superuser(actor) or is_staff_of_any_community(actor):
        return
    if any(m.role in (OrgRole.ADMIN, OrgRole.STAFF) for m in memberships_of(actor)):
        return
    raise PermissionDeniedError()


def can_register(actor: Any) -> None:
    """Students register entries."""
    require_login(actor)
    if is_superuser(actor) or any(m.role == OrgRole.STUDENT for m in memberships_of(actor)):
        return
    raise PermissionDeniedError()
