"""Per-filter cache of dashboard figures and forecasts, shared by every process.

A snapshot is keyed by what was asked (kind, filters, options, language) and by the set of
sources whose aggregates the actor may see, so two users who see the same sources share it
and a change of visibility (or a deleted source) gives a new key. It is valid while

- its ``version`` equals the ``AggregateVersion`` counter, which ``bump`` increments inside
  every transaction that changes the aggregate tables (``aggregates.add_chunk``), and
- its ``fingerprint`` equals the current posting totals (count, sum of new postings and of
  re-posts over the small ``PostingCount`` table: about a millisecond at 1M postings), which
  change with every committed ingest chunk even where ``bump`` is not called.

So a new ingest chunk makes every snapshot stale the moment it commits; a rolled-back chunk
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q, Sum

from talentbridge.demand.models import AggregateVersion, DashboardSnapshot, PostingCount
from talentbridge.demand.permissions import sources_with_visible_aggregates


def current_version() -> int:
    value = AggregateVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return int(value or 0)


def fingerprint() -> str:
    totals = PostingCount.objects.aggregate(
        rows=Count("pk"), new=Sum("new_postings"), reposts=Sum("reposts")
    )
    return f"{totals['rows']}:{totals['new'] or 0}:{totals['reposts'] or 0}"


def bump() -> None:
    """Mark every snapshot stale (call inside the transaction that changes aggregates)."""
    if not AggregateVersion.objects.filter(pk=1).update(value=F("value") + 1):
        AggregateVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def clear() -> None:
    DashboardSnapshot.objects.all().delete()


def visible_source_ids(actor: Any) -> list[str]:
    return sorted(
        str(pk) for pk in sources_with_visible_aggregates(actor).values_list("pk", flat=True)
    )


def snapshot_key(kind: str, source_ids: Iterable[str], parts: dict[str, Any]) -> str:
    text = json.dumps(
        {"kind": kind, "sources": list(source_ids), **parts}, sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def cached(
    kind: str, *, actor: Any, parts: dict[str, Any], compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The snapshot for (kind, parts, the actor's visible sources) at the current aggregate
    version, computed and stored on a miss. ``compute`` must return JSON-serializable data."""
    key = snapshot_key(kind, visible_source_ids(actor), parts)
    version, current = current_version(), fingerprint()
    hit = DashboardSnapshot.objects.filter(
        key=key, version=version, fingerprint=current
    ).values_list("payload", flat=True)
    for payload in hit:
        return dict(payload)
    payload = compute()
    try:
        with transaction.atomic():
            DashboardSnapshot.objects.exclude(Q(version=version) & Q(fingerprint=current)).delete()
            DashboardSnapshot.objects.update_or_create(
                key=key,
                defaults={"version": version, "fingerprint": current, "payload": payload},
            )
    except DatabaseError:
        # a concurrent request stored the same key first, or the database is busy with an
        # ingest (SQLite: one writer): serve the figures without storing them
        pass
    return payload
