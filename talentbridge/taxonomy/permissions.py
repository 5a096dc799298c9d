"""The taxonomy gatekeeper. Everyone may read the taxonomy; taxonomy editors — the staff of
any community secretariat (``CommunityStaff``) and superusers — may propose, review, merge
and publish."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from talentbridge.community.permissions import is_superuser, require_login
from talentbridge.community.selectors import is_staff_of_any_community
from talentbridge.core.errors import PermissionDeniedError


class Action(StrEnum):
    VIEW = "view"
    PROPOSE = "propose"
    REVIEW = "review"
    MERGE = "merge"
    PUBLISH = "publish"


def is_taxonomy_editor(actor: Any) -> bool:
    return is_superuser(actor) or is_staff_of_any_community(actor)


def access_taxonomy(actor: Any, action: Action) -> None:
    """Raise unless ``actor`` may perform ``action`` on the taxonomy (concepts, changes,
    releases alike: the taxonomy is one shared, curated resource)."""
    if action == Action.VIEW:
        return
    require_login(actor)
    if not is_taxonomy_editor(actor):
        raise PermissionDeniedError()
