"""Helpers shared by the projects services: the brief field list and error shortcuts."""

from __future__ import annotations

from typing import Any

from talentbridge.core.errors import ApplicationError

BRIEF_FIELDS = (
    "title_zh",
    "title_en",
    "background_zh",
    "background_en",
    "deliverables",
    "region_code",
    "team_size_min",
    "team_size_max",
    "max_teams",
    "places",
    "hours_per_week",
    "starts_on",
    "ends_on",
    "apply_by",
    "honorarium_cny",
    "ip_terms",
    "license_note",
    "nda_required",
    "contact_mentor",
)
AUDIT_FIELDS = (*BRIEF_FIELDS, "status")


def _error(message: Any, fields: dict[str, list[Any]] | None = None) -> ApplicationError:
    return ApplicationError("invalid", message, fields=fields)


def _conflict(message: Any) -> ApplicationError:
    return ApplicationError("conflict", message)
