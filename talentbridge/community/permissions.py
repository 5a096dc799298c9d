"""One gatekeeper per entity. Every view and API call goes through these functions.

``access_<entity>(actor, obj, action)`` returns the object when the actor may perform the
action and raises ``PermissionDeniedError`` (or ``NotFoundError`` where even the existence of
the object must stay hidden) otherwise.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import (
    ROLES_ACTING_ON_OTHERS,
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationKind,
    OrganizationMembership,
    OrgRole,
    VerificationStatus,
)
from talentbridge.core.errors import NotFoundError, PermissionDeniedError


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT = "view_audit"
    APPLY = "apply"
    MANAGE = "manage"
    DECIDE = "decide"
    WITHDRAW = "withdraw"
    ACCEPT = "accept"
    REVOKE = "revoke"
    SUBMIT_EVIDENCE = "submit_evidence"
    VIEW_EVIDENCE = "view_evidence"
    VERIFY = "verify"
    TRUST = "trust"


def is_authenticated(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def is_superuser(actor: Any) -> bool:
    return is_authenticated(actor) and bool(actor.is_superuser)


def is_operator(actor: Any) -> bool:
    """A platform operator: a superuser or a staff account (Django admin)."""
    return is_authenticated(actor) and bool(actor.is_superuser or actor.is_staff)


def org_role(actor: Any, organization: Organization) -> str | None:
    if not is_authenticated(actor):
        return None
    membership = (
        OrganizationMembership.objects.filter(user=actor, organization=organization)
        .only("role")
        .first()
    )
    return membership.role if membership else None


def is_secretariat(actor: Any, community: Community) -> bool:
    """Staff of the community whose secretariat organization is verified (an unverified
    organization holds no role that acts on others, ADR 0009)."""
    return (
        is_authenticated(actor)
        and CommunityStaff.objects.filter(
            user=actor,
            community=community,
            community__secretariat__verification_status=VerificationStatus.VERIFIED,
        ).exists()
    )


def acts_for(actor: Any, organization: Organization, role: str) -> bool:
    """The actor holds ``role`` in ``organization`` and may use it: roles that act on others
    (``ROLES_ACTING_ON_OTHERS``) count only in verified organizations."""
    if org_role(actor, organization) != role:
        return False
    return role not in ROLES_ACTING_ON_OTHERS or organization.is_verified


def require_login(actor: Any) -> None:
    if not is_authenticated(actor):
        from talentbridge.core.errors import ApplicationError

        raise ApplicationError("not_authenticated", _("Please sign in first."))


def access_organization(actor: Any, organization: Organization, action: Action) -> Organization:
    if action == Action.VIEW:
        if organization.is_active or is_superuser(actor) or org_role(actor, organization):
            return organization
        raise NotFoundError()
    require_login(actor)
    if is_superuser(actor):
        return organization
    if action == Action.VERIFY:
        if is_operator(actor):
            return organization
        raise PermissionDeniedError(_("Only platform operators verify organizations."))
    role = org_role(actor, organization)
    if action == Action.VIEW_EVIDENCE and is_operator(actor):
        return organization
    allowed: dict[Action, set[str]] = {
        Action.SUBMIT_EVIDENCE: {OrgRole.ADMIN},
        Action.VIEW_EVIDENCE: {OrgRole.ADMIN},
        Action.EDIT: {OrgRole.ADMIN},
        Action.MANAGE_MEMBERS: {OrgRole.ADMIN},
        Action.VIEW_AUDIT: {OrgRole.ADMIN},
        Action.APPLY: {OrgRole.ADMIN},
        # A teacher sees their own college's students; staff see their colleagues.
        Action.VIEW_MEMBERS: {OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STAFF, OrgRole.OFFICER},
    }
    if role is not None and role in allowed.get(action, set()):
        return organization
    raise PermissionDeniedError()


def can_create_organization(actor: Any, kind: str = "") -> None:
    """Any signed-in user may register an organization (they become its first admin), except a
    government body: only platform operators create those (ADR 0009)."""
    require_login(actor)
    if kind == OrganizationKind.GOVERNMENT and not is_operator(actor):
        raise PermissionDeniedError(
            _("Government bodies are registered by the platform operators only.")
        )


def access_community(actor: Any, community: Community, action: Action) -> Community:
    if action == Action.VIEW:
        if community.is_public or is_superuser(actor) or is_secretariat(actor, community):
            return community
        if (
            is_authenticated(actor)
            and community.memberships.filter(
                status="active", organization__memberships__user=actor
            ).exists()
        ):
            return community
        raise NotFoundError()
    require_login(actor)
    if is_superuser(actor):
        return community
    secretariat_actions = (Action.MANAGE, Action.VIEW_AUDIT, Action.DECIDE, Action.EDIT)
    if action in secretariat_actions and is_secretariat(actor, community):
        return community
    raise PermissionDeniedError()


def access_application(
    actor: Any, application: MembershipApplication, action: Action
) -> MembershipApplication:
    require_login(actor)
    if is_superuser(actor):
        return application
    secretariat = is_secretariat(actor, application.community)
    applicant_admin = org_role(actor, application.organization) == OrgRole.ADMIN
    if action == Action.VIEW and (secretariat or applicant_admin):
        return application
    if action == Action.DECIDE and secretariat:
        return application
    if action == Action.WITHDRAW and applicant_admin:
        return application
    if not (secretariat or applicant_admin):
        raise NotFoundError()
    raise PermissionDeniedError()


def access_invitation(actor: Any, invitation: Invitation, action: Action) -> Invitation:
    if action == Action.ACCEPT:
        # The token itself is the capability; the service checks the e-mail and expiry.
        return invitation
    require_login(actor)
    if is_superuser(actor) or org_role(actor, invitation.organization) == OrgRole.ADMIN:
        return invitation
    raise PermissionDeniedError()


def access_membership(
    actor: Any, membership: OrganizationMembership, action: Action
) -> OrganizationMembership:
    require_login(actor)
    if is_superuser(actor):
        return membership
    if action == Action.VIEW and membership.user_id == actor.pk:
        return membership
    if action == Action.WITHDRAW and membership.user_id == actor.pk:
        return membership  # leaving an organization oneself
    access_organization(
        actor,
        membership.organization,
        Action.MANAGE_MEMBERS if action != Action.VIEW else Action.VIEW_MEMBERS,
    )
    return membership


def access_seat(actor: Any, seat: CommunityMembership, action: Action) -> CommunityMembership:
    """A seat (成员单位席位): the secretariat manages it and grants community-level trust; the
    member's own admin may leave."""
    require_login(actor)
    if is_superuser(actor) or is_secretariat(actor, seat.community):
        return seat
    if action == Action.TRUST:
        raise PermissionDeniedError()
    if action == Action.WITHDRAW and org_role(actor, seat.organization) == OrgRole.ADMIN:
        return seat
    raise PermissionDeniedError()
