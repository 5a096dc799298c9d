from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from talentbridge.community.personas import PERSONA_LABELS, nav_items, persona_keys
from talentbridge.community.selectors import ACTING_ORGANIZATION_SESSION_KEY, acting_organizations


def persona(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's main persona and the organizations the user may act for (the
    navbar offers a choice when there are several), shown in the navigation bar."""
    user = getattr(request, "user", None)
    keys = persona_keys(user)
    organizations = acting_organizations(user)
    session = getattr(request, "session", {})
    chosen = str(session.get(ACTING_ORGANIZATION_SESSION_KEY, ""))
    return {
        "nav_persona": PERSONA_LABELS[keys[0]],
        "nav_items": nav_items(),
        "nav_organizations": organizations,
        "nav_acting_organization": next((o for o in organizations if str(o.pk) == chosen), None),
    }
