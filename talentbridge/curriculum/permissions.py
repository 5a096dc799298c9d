"""Gatekeepers of the curriculum app: one per entity, called before any input is read.

A major offering (and everything under it: plans, versions, courses, alignment) is visible to
the staff of its college (admin, teacher) and to the members (admin, staff) of its partner
enterprises. College admins manage the offering and act as the approval committee; teachers
edit drafts; partner enterprise members comment, propose skills and sign off.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from talentbridge.community.models import Organization, OrgRole
from talentbridge.community.permissions import is_superuser, org_role, require_login
from talentbridge.community.selectors import acting_organization, acting_organizations
from talentbridge.core.errors import NotFoundError, PermissionDeniedError
from talentbridge.curriculum.models import MajorOffering, OfferingPartner, TrainingPlanVersion

COLLEGE_STAFF = frozenset({OrgRole.ADMIN, OrgRole.TEACHER})
ENTERPRISE_MEMBERS = frozenset({OrgRole.ADMIN, OrgRole.STAFF})


class Action(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # offering settings, enrollment, partners, college rules
    EDIT = "edit"  # draft contents, imports, syllabus suggestions, new versions
    SUBMIT = "submit"  # draft → enterprise review
    DECIDE = "decide"  # committee: advance, return, publish; accept/reject proposals
    COMMENT = "comment"
    CO_AUTHOR = "co_author"  # partner enterprise: propose skills, sign off


def partner_organizations(actor: Any, offering: MajorOffering) -> list[Organization]:
    """The partner enterprises of ``offering`` the actor belongs to (admin or staff)."""
    enterprise_ids = OfferingPartner.objects.filter(offering=offering).values_list(
        "enterprise_id", flat=True
    )
    return acting_organizations(actor, roles=ENTERPRISE_MEMBERS, among=list(enterprise_ids))


def partner_organization(
    actor: Any, offering: MajorOffering, *, acting_for: Any = None
) -> Organization | None:
    """The partner enterprise the actor acts for on ``offering`` (community's one answer:
    the explicit or session choice, or the only one; several and no choice → 400), or None
    when the actor belongs to no partner."""
    partners = partner_organizations(actor, offering)
    if not partners:
        return None
    return acting_organization(actor, among=partners, preferred=acting_for)


def college_role(actor: Any, college: Organization) -> str | None:
    role = org_role(actor, college)
    return role if role in COLLEGE_STAFF else None


def access_college_curriculum(actor: Any, college: Organization, action: Action) -> Organization:
    """Creating offerings and setting plan rules of a college."""
    require_login(actor)
    if is_superuser(actor):
        return college
    role = college_role(actor, college)
    if action == Action.VIEW and role:
        return college
    if role == OrgRole.ADMIN and action == Action.MANAGE:
        return college
    raise PermissionDeniedError()


def access_offering(actor: Any, offering: MajorOffering, action: Action) -> MajorOffering:
    require_login(actor)
    if is_superuser(actor):
        return offering
    role = college_role(actor, offering.college)
    partners = partner_organizations(actor, offering) if role is None else []
    if role is None and not partners:
        raise NotFoundError()
    allowed = {
        OrgRole.ADMIN: set(Action) - {Action.CO_AUTHOR},
        OrgRole.TEACHER: {Action.VIEW, Action.EDIT, Action.SUBMIT, Action.COMMENT},
        "partner": {Action.VIEW, Action.COMMENT, Action.CO_AUTHOR},
    }
    if action in allowed[role or "partner"]:
        return offering
    raise PermissionDeniedError()


def access_version(actor: Any, version: TrainingPlanVersion, action: Action) -> TrainingPlanVersion:
    access_offering(actor, version.plan.offering, action)
    return version
