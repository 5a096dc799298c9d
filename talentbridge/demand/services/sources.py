"""Posting sources."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.demand.ingest.mapping import mapping_problems
from talentbridge.demand.models import (
    PostingSource,
    Visibility,
)
from talentbridge.demand.permissions import Action, access_source, can_create_source

# --- sources ------------------------------------------------------------------------------


def source_create(*, actor: Any, data: dict[str, Any]) -> PostingSource:
    can_create_source(actor)
    owner = data.get("owner")
    if owner is not None and not getattr(actor, "is_superuser", False):
        from talentbridge.community.selectors import organizations_administered_by

        if not organizations_administered_by(actor).filter(pk=owner.pk).exists():
            raise ApplicationError(
                "forbidden", _("You can only create sources for organizations you administer.")
            )
    if PostingSource.objects.filter(name=data["name"]).exists():
        raise ApplicationError(
            "conflict", _("A source with this name exists."), fields={"name": [_("Taken.")]}
        )
    with transaction.atomic():
        source = PostingSource.objects.create(**data)
        audit_record(
            actor=actor,
            action="demand.source_create",
            obj=source,
            after={"name": source.name},
            organization_id=source.owner_id,
        )
    return source


def source_get_or_create_for_cli(*, name: str) -> PostingSource:
    """Command-line imports by operators: a source without owner (raw rows private)."""
    with transaction.atomic():
        source, created = PostingSource.objects.get_or_create(
            name=name,
            defaults={"label": name, "raw_visibility": Visibility.PRIVATE},
        )
        if created:
            audit_record(
                actor=None, action="demand.source_create", obj=source, after={"name": name}
            )
    return source


def source_update(*, actor: Any, source: PostingSource, data: dict[str, Any]) -> PostingSource:
    access_source(actor, source, Action.MANAGE)
    mapping = data.get("column_mapping")
    if mapping is not None:
        bad = mapping_problems(mapping, headers=list(mapping.values()))
        if any(problem.code == "unknown_field" for problem in bad):
            raise ApplicationError("invalid", _("The mapping names an unknown field."))
    before = {k: getattr(source, k) for k in data}
    with transaction.atomic():
        for key, value in data.items():
            setattr(source, key, value)
        source.save()
        audit_record(
            actor=actor,
            action="demand.source_update",
            obj=source,
            before={k: str(v) for k, v in before.items()},
            after={k: str(v) for k, v in data.items()},
            organization_id=source.owner_id,
        )
    return source
