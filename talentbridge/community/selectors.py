"""Reads for organizations and communities. Gatekeepers decide visibility of single objects;
list selectors return only what the actor may see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from talentbridge.community.models import (
    TIER_ORDER,
    ApplicationStatus,
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    MembershipStatus,
    Organization,
    OrganizationMembership,
    OrgRole,
    VerificationStatus,
)
from talentbridge.community.permissions import (
    Action,
    access_community,
    access_organization,
    is_authenticated,
    is_superuser,
)
from talentbridge.core.selectors import audit_event_list

ORG_ORDERINGS = {"name": "name_zh", "-name": "-name_zh", "created": "created_at",
                 "-created": "-created_at", "kind": "kind", "region": "region_code"}  # fmt: skip
COMMUNITY_ORDERINGS = {"name": "name_zh", "-name": "-name_zh", "founded": "founded_on",
                       "-founded": "-founded_on", "-members": "-member_count"}  # fmt: skip


def organization_list(
    *, actor: Any, q: str = "", kind: str = "", region: str = "", ordering: str = ""
) -> QuerySet[Organization]:
    qs = Organization.objects.all()
    if not is_superuser(actor):
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        # A province code (xx0000) matches its cities; a city code (xxxx00) its districts.
        prefix = region.rstrip("0") if len(region) == 6 else region
        qs = qs.filter(region_code__startswith=prefix[: max(2, len(prefix))])
    return qs.order_by(ORG_ORDERINGS.get(ordering, "name_zh"), "id")


def organization_get(*, actor: Any, pk: uuid.UUID | str) -> Organization:
    from talentbridge.core.errors import NotFoundError

    try:
        org = Organization.objects.get(pk=pk)
    except (Organization.DoesNotExist, ValueError) as exc:
        raise NotFoundError() from exc
    return access_organization(actor, org, Action.VIEW)


def organization_members(
    *, actor: Any, organization: Organization, role: str = "", q: str = ""
) -> QuerySet[OrganizationMembership]:
    access_organization(actor, organization, Action.VIEW_MEMBERS)
    qs = organization.memberships.select_related("user").order_by("role", "user__email")
    if role:
        qs = qs.filter(role=role)
    if q:
        qs = qs.filter(Q(user__email__icontains=q) | Q(user__display_name__icontains=q))
    return qs


def memberships_of(user: Any) -> QuerySet[OrganizationMembership]:
    if not is_authenticated(user):
        return OrganizationMembership.objects.none()
    return OrganizationMembership.objects.filter(user=user).select_related("organization")


def organizations_administered_by(user: Any) -> QuerySet[Organization]:
    if not is_authenticated(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=OrgRole.ADMIN
    ).distinct()


def invitation_list(*, actor: Any, organization: Organization) -> QuerySet[Invitation]:
    access_organization(actor, organization, Action.MANAGE_MEMBERS)
    return organization.invitations.select_related("invited_by").order_by("-created_at")


def community_list(
    *, actor: Any, q: str = "", kind: str = "", ordering: str = ""
) -> QuerySet[Community]:
    qs = Community.objects.select_related("secretariat", "guiding_unit").annotate(
        # Community statistics count trusted seats only (ADR 0009). A subquery, not a Count over
        # a join: the visibility filter below joins memberships again and would multiply it.
        member_count=Coalesce(
            Subquery(
                CommunityMembership.objects.filter(
                    Q(trusted_at__isnull=False)
                    | Q(organization__verification_status=VerificationStatus.VERIFIED),
                    community_id=OuterRef("pk"),
                    status=MembershipStatus.ACTIVE,
                )
                .order_by()
                .values("community_id")
                .annotate(n=Count("id"))
                .values("n")
            ),
            0,
        )
    )
    if not is_superuser(actor):
        visible = Q(is_public=True)
        if is_authenticated(actor):
            visible |= Q(staff__user=actor) | Q(
                memberships__status=MembershipStatus.ACTIVE,
                memberships__organization__memberships__user=actor,
            )
        qs = qs.filter(visible).distinct()
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by(COMMUNITY_ORDERINGS.get(ordering, "name_zh"), "id")


def community_get(*, actor: Any, slug: str) -> Community:
    from talentbridge.core.errors import NotFoundError

    try:
        community = Community.objects.select_related("secretariat", "guiding_unit").get(slug=slug)
    except Community.DoesNotExist as exc:
        raise NotFoundError() from exc
    return access_community(actor, community, Action.VIEW)


def community_seats(
    *,
    actor: Any,
    community: Community,
    tier: str = "",
    kind: str = "",
    region: str = "",
    include_left: bool = False,
) -> list[CommunityMembership]:
    access_community(actor, community, Action.VIEW)
    qs = community.memberships.select_related("organization")
    if not include_left:
        qs = qs.filter(status=MembershipStatus.ACTIVE)
    if tier:
        qs = qs.filter(tier=tier)
    if kind:
        qs = qs.filter(organization__kind=kind)
    if region:
        qs = qs.filter(organization__region_code__startswith=region[:2])
    return sorted(qs, key=lambda s: (TIER_ORDER[s.tier], s.organization.name_zh))


@dataclass
class CommunitySummary:
    """Figures of a community's member units. Only trusted seats count (verified by the platform
    or trusted by the secretariat, ADR 0009); ``untrusted`` says how many were left out."""

    by_tier: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_province: dict[str, int] = field(default_factory=dict)
    total: int = 0
    untrusted: int = 0


def community_summary(*, actor: Any, community: Community) -> CommunitySummary:
    all_seats = community_seats(actor=actor, community=community)
    seats = [s for s in all_seats if s.is_trusted]
    summary = CommunitySummary(total=len(seats), untrusted=len(all_seats) - len(seats))
    for seat in seats:
        summary.by_tier[seat.tier] = summary.by_tier.get(seat.tier, 0) + 1
        kind = seat.organization.kind
        summary.by_kind[kind] = summary.by_kind.get(kind, 0) + 1
        province = (seat.organization.region_code or "")[:2]
        if province:
            summary.by_province[province + "0000"] = (
                summary.by_province.get(province + "0000", 0) + 1
            )
    return summary


def application_list(
    *, actor: Any, community: Community, status: str = ApplicationStatus.PENDING
) -> QuerySet[MembershipApplication]:
    access_community(actor, community, Action.MANAGE)
    qs = community.applications.select_related("organization", "submitted_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def applications_of_actor(*, actor: Any) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(
        organization__in=organizations_administered_by(actor)
    ).select_related("community", "organization")


def communities_run_by(user: Any) -> QuerySet[Community]:
    """Communities the user operates for a verified secretariat organization."""
    if not is_authenticated(user):
        return Community.objects.none()
    return Community.objects.filter(
        staff__user=user, secretariat__verification_status=VerificationStatus.VERIFIED
    )


def audit_for_organization(*, actor: Any, organization: Organization, action: str = ""):  # type: ignore[no-untyped-def]
    access_organization(actor, organization, Action.VIEW_AUDIT)
    return audit_event_list(organization_ids=[organization.pk], community_ids=None, action=action)


def audit_for_community(*, actor: Any, community: Community, action: str = ""):  # type: ignore[no-untyped-def]
    access_community(actor, community, Action.VIEW_AUDIT)
    return audit_event_list(organization_ids=None, community_ids=[community.pk], action=action)


def is_staff_of_any_community(user: Any) -> bool:
    return (
        is_authenticated(user)
        and CommunityStaff.objects.filter(
            user=user, community__secretariat__verification_status=VerificationStatus.VERIFIED
        ).exists()
    )


# --- Trust (ADR 0009): the one answer to "does this organization count in shared figures" ----


def verified_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(verification_status=VerificationStatus.VERIFIED)


def is_verified_q(prefix: str = "") -> Q:
    """``Q`` matching rows whose organization (at ``prefix``, e.g. ``"owner__"``) is verified."""
    return Q(**{f"{prefix}verification_status": VerificationStatus.VERIFIED})


def trusted_seat_exists(*, community: Any, organization: Any) -> Exists:
    """An ``Exists`` expression: the organization (an ``OuterRef`` or id) holds an active seat in
    the community (an ``OuterRef`` or id) that its secretariat has trusted."""
    return Exists(
        CommunityMembership.objects.filter(
            community_id=community,
            organization_id=organization,
            status=MembershipStatus.ACTIVE,
            trusted_at__isnull=False,
        )
    )


def is_trusted_in(organization: Organization, community: Community) -> bool:
    """Counts in ``community``'s figures: verified, or trusted by its secretariat."""
    return (
        organization.is_verified
        or CommunityMembership.objects.filter(
            community=community,
            organization=organization,
            status=MembershipStatus.ACTIVE,
            trusted_at__isnull=False,
        ).exists()
    )
