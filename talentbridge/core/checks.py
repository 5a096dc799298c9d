"""System checks of core settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def task_lease_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A heartbeat must renew the lease at least twice before it runs out (ADR 0012)."""
    lease, beat = settings.TASK_LEASE_SECONDS, settings.TASK_HEARTBEAT_SECONDS
    if beat <= 0 or lease < 2 * beat:
        return [
            Error(
                f"TASK_LEASE_SECONDS ({lease}) must be at least twice TASK_HEARTBEAT_SECONDS "
                f"({beat}), which must be positive.",
                id="talentbridge.core.E001",
            )
        ]
    return []
