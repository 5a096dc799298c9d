"""The curriculum's "what you can do next" items on the home page (registered in ``apps``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talentbridge.community.personas import NextAction
from talentbridge.curriculum import selectors


def home_actions(user: Any, persona_keys: list[str]) -> list[NextAction]:
    """At most one query per persona the user has."""
    url = reverse("curriculum:offering-list")
    actions: list[NextAction] = []
    if "college_admin" in persona_keys:
        waiting = selectors.versions_awaiting_committee(actor=user).count()
        actions.append(
            NextAction(_("Review your training plans"), url, "journal-check", badge=waiting or None)
        )
    if "teacher" in persona_keys:
        actions.append(NextAction(_("Map your course outcomes to skills"), url, "diagram-2"))
    if "enterprise_staff" in persona_keys:
        pending = selectors.versions_awaiting_partner_review(actor=user).count()
        if pending:
            label = ngettext(
                "Review %(n)d training plan", "Review %(n)d training plans", pending
            ) % {"n": pending}
            actions.append(NextAction(label, url, "pencil-square", badge=pending))
    if "government_officer" in persona_keys and selectors.offering_list(actor=user).exists():
        actions.append(NextAction(_("Major-setting evidence"), url, "file-earmark-bar-graph"))
    return actions
