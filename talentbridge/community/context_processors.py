from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from talentbridge.community.personas import PERSONA_LABELS, nav_items, persona_keys


def persona(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's main persona, shown in the navigation bar."""
    keys = persona_keys(getattr(request, "user", None))
    return {"nav_persona": PERSONA_LABELS[keys[0]], "nav_items": nav_items()}
