"""Reads owned by ``core``."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection

from django.db.models import Q, QuerySet

from talentbridge.core.models import AuditEvent


def audit_event_list(
    *,
    organization_ids: Collection[uuid.UUID] | None,
    community_ids: Collection[uuid.UUID] | None,
    action: str = "",
    since: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events scoped to the given organizations/communities; ``None`` for both means all."""
    qs = AuditEvent.objects.select_related("actor")
    if organization_ids is not None or community_ids is not None:
        qs = qs.filter(
            Q(organization_id__in=list(organization_ids or []))
            | Q(community_id__in=list(community_ids or []))
        )
    if action:
        qs = qs.filter(action__startswith=action)
    if since:
        qs = qs.filter(occurred_at__date__gte=since)
    return qs
