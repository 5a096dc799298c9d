"""Helpers shared by the projects services: the audited brief fields and error shortcuts."""

from __future__ import annotations

from typing import Any

from talentbridge.core.errors import ApplicationError
from talentbridge.projects.models import BRIEF_FIELDS

AUDIT_FIELDS = (*BRIEF_FIELDS, "status")


def _error(message: Any, fields: dict[str, list[Any]] | None = None) -> ApplicationError:
    return ApplicationError("invalid", message, fields=fields)


def _conflict(message: Any) -> ApplicationError:
    return ApplicationError("conflict", message)
