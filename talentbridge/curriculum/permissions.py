"""Gatekeepers of the curriculum app: one per entity, called before any input is read.

A major offering (and everything under it: plans, versions, courses, alignment) is visible to
the staff of its college (admin, teacher) and to the members (admin, staff) of its partner
enterprises. College admins manage the offering and act as the approval committee; teachers
edit drafts; partner enterprise members comment, propose skills and sign off.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from talentbridge.community.models import Organization, OrganizationMembership, OrgRole
from talentbridge.community.permissions import is_superuser, org_role, require_login
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


def partner_organization(actor: Any, offering: MajorOffering) -> Organization | None:
    """The partner enterprise the actor belongs to (admin or staff), if any."""
    if not getattr(actor, "is_authenticated", False):
        return None
    enterprise_ids = OfferingPartner.objects.filter(offering=offering).values("enterprise_id")
    membership = (
        OrganizationMembership.objects.filter(
            user=actor, organization_id__in=enterprise_ids, role__in=ENTERPRISE_MEMBERS
        )
        .select_related("organization")
        .order_by("organization__name_zh")
        .first()
    )
    return membership.organization if membership else None


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
    partner = partner_organization(actor, offering) if role is None else None
    if role is None and partner is None:
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
