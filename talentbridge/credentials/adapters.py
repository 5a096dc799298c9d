"""The foundations other engineers build (verified organizations, the acting-organization
selector, the upload gate, the export writer), reached through one module so switching to
them is a change here only."""

from __future__ import annotations

from typing import Any

from talentbridge.community.models import Organization


def is_verified(organization: Organization) -> bool:
    """Only verified organizations issue credentials (ADR 0009 of trust-identity). Until the
    verification field exists every active organization counts as verified."""
    status = getattr(organization, "verification_status", None)
    if status is None:
        return bool(organization.is_active)
    return bool(organization.is_active) and status == "verified"


def organizations_acted_for(
    actor: Any, *, roles: tuple[str, ...], kind: str | None = None
) -> list[Organization]:
    from talentbridge.community.models import OrganizationMembership

    if not getattr(actor, "is_authenticated", False):
        return []
    memberships = OrganizationMembership.objects.filter(user=actor, role__in=list(roles))
    qs = Organization.objects.filter(is_active=True, pk__in=memberships.values("organization_id"))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("name_zh", "id"))
