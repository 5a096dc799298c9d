"""Writes owned by ``core``: the audit log."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from talentbridge.core import context
from talentbridge.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """A JSON-able dict of the named fields (foreign keys by their ``*_id``)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _jsonable(getattr(instance, attname))
    return result


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organization_id: uuid.UUID | None = None,
    community_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Record one state change. Call it inside the service's transaction."""
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        organization_id=organization_id,
        community_id=community_id,
    )


def validate_instance(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run model validation and raise an ``invalid`` ApplicationError with field messages."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext_lazy as _

    from talentbridge.core.errors import ApplicationError

    try:
        instance.full_clean(exclude=list(exclude), validate_unique=True)
    except ValidationError as exc:
        fields = {k: list(v) for k, v in exc.message_dict.items()}
        raise ApplicationError(
            "invalid", _("Please correct the errors below."), fields=fields
        ) from exc
