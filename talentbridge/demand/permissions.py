"""Gatekeepers for posting sources (raw postings, runs, mapping, aggregates) and supply data.

* raw postings: public sources to everyone; private sources to members of the owner
  organization (any role) and superusers;
* managing a source (upload, mapping, runs): admins and staff of the owner organization;
  sources without an owner (created from the command line): superusers only;
* aggregates: as ``aggregate_visibility`` says: public; community (members of the chosen
  community's active member organizations and its secretariat); private (owner members).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import (
    CommunityMembership,
    Organization,
    OrganizationKind,
    OrgRole,
    VerificationStatus,
)
from talentbridge.community.permissions import (
    is_authenticated,
    is_secretariat,
    is_superuser,
    org_role,
    require_login,
)
from talentbridge.community.selectors import (
    memberships_of,
    organizations_administered_by,
    trusted_seat_exists,
)
from talentbridge.core.errors import NotFoundError, PermissionDeniedError
from talentbridge.demand.models import IngestRun, PostingSource, SupplyImportBatch, Visibility

MANAGER_ROLES: frozenset[str] = frozenset({OrgRole.ADMIN, OrgRole.STAFF})


class Action(StrEnum):
    VIEW_RAW = "view_raw"
    VIEW_AGGREGATES = "view_aggregates"
    MANAGE = "manage"


def _organization_ids(actor: Any) -> set[Any]:
    return {m.organization_id for m in memberships_of(actor)}


def member_organization_ids(actor: Any) -> set[Any]:
    """Ids of the organizations the actor belongs to (any role); empty when signed out."""
    return _organization_ids(actor)


def source_internals_visible(
    actor: Any, source: PostingSource, *, organization_ids: set[Any] | None = None
) -> bool:
    """A source's owner and column mapping are for members of its owner organization (and
    superusers), not for everyone who may see its aggregates. Pass ``organization_ids`` (from
    :func:`member_organization_ids`) when checking many sources."""
    if is_superuser(actor):
        return True
    ids = _organization_ids(actor) if organization_ids is None else organization_ids
    return source.owner_id is not None and source.owner_id in ids


def _community_ids(actor: Any) -> set[Any]:
    if not is_authenticated(actor):
        return set()
    return set(
        CommunityMembership.objects.filter(
            organization_id__in=_organization_ids(actor), status="active"
        ).values_list("community_id", flat=True)
    )


def access_source(actor: Any, source: PostingSource, action: Action) -> PostingSource:
    if is_superuser(actor):
        return source
    if action == Action.VIEW_AGGREGATES and source_aggregates_visible(actor, source):
        return source
    if action == Action.VIEW_RAW and (
        _is_owner_member(actor, source)
        or (
            source.raw_visibility == Visibility.PUBLIC
            and (source.owner is None or source.owner.is_verified)
        )
    ):
        return source
    if action == Action.MANAGE:
        require_login(actor)
        role = org_role(actor, source.owner) if source.owner is not None else None
        if role is not None and role in MANAGER_ROLES:
            return source
    if _is_owner_member(actor, source) or source.raw_visibility == Visibility.PUBLIC:
        raise PermissionDeniedError()
    raise NotFoundError()


def _is_owner_member(actor: Any, source: PostingSource) -> bool:
    return bool(source.owner_id) and source.owner_id in _organization_ids(actor)


def contributing_sources_q() -> Q:
    """Sources whose figures may be shared beyond their owner (ADR 0009): sources without an
    owner (set up by operators), sources of verified organizations, and community-only sources
    of organizations the community's secretariat trusts."""
    return (
        Q(owner__isnull=True)
        | Q(owner__verification_status=VerificationStatus.VERIFIED)
        | Q(
            trusted_seat_exists(
                community=OuterRef("community_id"), organization=OuterRef("owner_id")
            ),
            aggregate_visibility=Visibility.COMMUNITY,
        )
    )


def source_contributes(source: PostingSource) -> bool:
    return PostingSource.objects.filter(contributing_sources_q(), pk=source.pk).exists()


def source_aggregates_visible(actor: Any, source: PostingSource) -> bool:
    if _is_owner_member(actor, source):
        return True  # an organization always sees its own figures, verified or not
    if not source_contributes(source):
        return False
    if source.aggregate_visibility == Visibility.PUBLIC or is_superuser(actor):
        return True
    return (
        source.aggregate_visibility == Visibility.COMMUNITY
        and source.community_id is not None
        and (
            source.community_id in _community_ids(actor)
            or (source.community is not None and is_secretariat(actor, source.community))
        )
    )


def sources_with_visible_aggregates(actor: Any) -> QuerySet[PostingSource]:
    """Sources whose aggregates the actor's figures include: the contributing sources the actor
    may see, plus the sources of the actor's own organizations (their own space)."""
    qs = PostingSource.objects.all()
    orgs = _organization_ids(actor)
    if is_superuser(actor):
        return qs.filter(contributing_sources_q() | Q(owner_id__in=orgs)).distinct()
    shared = (
        Q(aggregate_visibility=Visibility.PUBLIC)
        | Q(aggregate_visibility=Visibility.COMMUNITY, community_id__in=_community_ids(actor))
        | Q(
            aggregate_visibility=Visibility.COMMUNITY,
            community__staff__user=actor,
            community__secretariat__verification_status=VerificationStatus.VERIFIED,
        )
        if is_authenticated(actor)
        else Q(aggregate_visibility=Visibility.PUBLIC)
    )
    return qs.filter((shared & contributing_sources_q()) | Q(owner_id__in=orgs)).distinct()


def sources_with_visible_raw(actor: Any) -> QuerySet[PostingSource]:
    """Public raw postings count as shared data: only those of contributing sources."""
    qs = PostingSource.objects.all()
    if is_superuser(actor):
        return qs
    return qs.filter(
        Q(raw_visibility=Visibility.PUBLIC, owner__isnull=True)
        | Q(
            raw_visibility=Visibility.PUBLIC, owner__verification_status=VerificationStatus.VERIFIED
        )
        | Q(owner_id__in=_organization_ids(actor))
    )


def sources_managed_by(actor: Any) -> QuerySet[PostingSource]:
    if is_superuser(actor):
        return PostingSource.objects.all()
    if not is_authenticated(actor):
        return PostingSource.objects.none()
    managed = [m.organization_id for m in memberships_of(actor) if m.role in MANAGER_ROLES]
    return PostingSource.objects.filter(owner_id__in=managed)


def may_create_source(actor: Any) -> bool:
    """Organization admins (and superusers) create sources for their organization."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return is_superuser(actor) or organizations_administered_by(actor).exists()


def can_create_source(actor: Any) -> None:
    """Gatekeeper of the sources page: see ``may_create_source``."""
    require_login(actor)
    if not may_create_source(actor):
        raise PermissionDeniedError()


def access_run(actor: Any, run: IngestRun) -> IngestRun:
    access_source(actor, run.source, Action.MANAGE)
    return run


# --- supply: who may import for which college, explicitly (ADR 0010) -------------------------


def region_covers(government_region: str, region: str) -> bool:
    """A government body's region (GB/T 2260: province ``xx0000``, city ``xxxx00``, county
    ``xxxxxx``) covers ``region`` when ``region`` lies inside it. No region covers nothing."""
    if not government_region or not region or len(government_region) != 6:
        return False
    if government_region.endswith("0000"):
        return region[:2] == government_region[:2]
    if government_region.endswith("00"):
        return region[:4] == government_region[:4]
    return region == government_region


@dataclass(frozen=True)
class SupplyScope:
    """The colleges an actor may import supply for, and as which organization.

    * a platform operator (superuser): any verified college, as no organization;
    * an admin of a verified college: that college, as the college itself;
    * an officer of a verified government body: the verified colleges in its region, as that
      government body.
    Unverified organizations give no scope at all (ADR 0009)."""

    everything: bool = False
    own_colleges: tuple[Organization, ...] = ()
    governments: tuple[Organization, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.own_colleges or self.governments)

    def contributor(self, college: Organization) -> Organization | bool | None:
        """The organization an import row for ``college`` is contributed by; ``None`` for an
        operator; ``False`` when the actor may not import for this college."""
        if not college.is_verified or college.kind != OrganizationKind.COLLEGE:
            return False
        if any(c.pk == college.pk for c in self.own_colleges):
            return next(c for c in self.own_colleges if c.pk == college.pk)
        for government in self.governments:
            if region_covers(government.region_code, college.region_code):
                return government
        return None if self.everything else False

    def colleges(self) -> QuerySet[Organization]:
        """Every college this scope may import for (verified ones only)."""
        qs = Organization.objects.filter(
            kind=OrganizationKind.COLLEGE, verification_status=VerificationStatus.VERIFIED
        )
        if self.everything:
            return qs
        allowed = Q(pk__in=[c.pk for c in self.own_colleges])
        for government in self.governments:
            region = government.region_code
            if len(region) != 6:
                continue
            if region.endswith("0000"):
                allowed |= Q(region_code__startswith=region[:2])
            elif region.endswith("00"):
                allowed |= Q(region_code__startswith=region[:4])
            else:
                allowed |= Q(region_code=region)
        return qs.filter(allowed)


def supply_scope(actor: Any) -> SupplyScope:
    if not is_authenticated(actor):
        return SupplyScope()
    memberships = [m for m in memberships_of(actor) if m.organization.is_verified]
    return SupplyScope(
        everything=is_superuser(actor),
        own_colleges=tuple(
            m.organization
            for m in memberships
            if m.role == OrgRole.ADMIN and m.organization.kind == OrganizationKind.COLLEGE
        ),
        governments=tuple(
            m.organization
            for m in memberships
            if m.role == OrgRole.OFFICER and m.organization.kind == OrganizationKind.GOVERNMENT
        ),
    )


def can_import_supply(actor: Any) -> None:
    """Admins of verified colleges (for their college), officers of verified government bodies
    (for the verified colleges of their region) and platform operators import supply data."""
    require_login(actor)
    if supply_scope(actor).is_empty:
        raise PermissionDeniedError(
            _("Supply figures are imported by verified colleges and verified government bodies.")
        )


class SupplyAction(StrEnum):
    VIEW = "view"
    REVERT = "revert"


def access_supply_batch(
    actor: Any, batch: SupplyImportBatch, action: SupplyAction
) -> SupplyImportBatch:
    """A supply import: seen and reverted by the account that made it, by the admins/officers
    of the (verified) organization it was contributed for, and by platform operators."""
    require_login(actor)
    if is_superuser(actor) or batch.imported_by_id == actor.pk:
        return batch
    if batch.organization is not None and batch.organization.is_verified:
        role = org_role(actor, batch.organization)
        if role in (OrgRole.ADMIN, OrgRole.OFFICER):
            return batch
    raise NotFoundError()


def supply_batches_visible(actor: Any) -> QuerySet[SupplyImportBatch]:
    qs = SupplyImportBatch.objects.select_related("organization", "imported_by", "reverted_by")
    if is_superuser(actor):
        return qs
    if not is_authenticated(actor):
        return qs.none()
    managed = [
        m.organization_id
        for m in memberships_of(actor)
        if m.role in (OrgRole.ADMIN, OrgRole.OFFICER) and m.organization.is_verified
    ]
    return qs.filter(Q(imported_by=actor) | Q(organization_id__in=managed))


def can_view_report(actor: Any) -> None:
    """The 供需报告 is for signed-in users (its figures come from visible aggregates only)."""
    require_login(actor)
