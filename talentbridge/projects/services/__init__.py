"""Writes for briefs, adoption, applications, teams, allocation, delivery, reviews, evidence.

Every service: keyword-only arguments, gatekeeper first, validate, write inside
``transaction.atomic()``, audit, notify (e-mail after commit).
"""

from talentbridge.projects.services._common import AUDIT_FIELDS, BRIEF_FIELDS
from talentbridge.projects.services.allocation_runs import allocation_apply, allocation_run
from talentbridge.projects.services.applications import (
    application_decide,
    application_submit,
    application_withdraw,
    places_taken,
    team_form,
)
from talentbridge.projects.services.briefs import (
    TRANSITIONS,
    brief_add_material,
    brief_advance,
    brief_close,
    brief_create,
    brief_decide,
    brief_mark_commercial_use,
    brief_submit,
    brief_update,
    briefs_close_stale,
)
from talentbridge.projects.services.delivery import (
    WEB_LINK,
    comment_add,
    milestones_remind,
    peer_review_submit,
    review_submit,
    submission_create,
)
from talentbridge.projects.services.offerings import brief_adopt, offering_create
from talentbridge.projects.services.profiles import profile_update

__all__ = [
    "AUDIT_FIELDS",
    "BRIEF_FIELDS",
    "TRANSITIONS",
    "WEB_LINK",
    "allocation_apply",
    "allocation_run",
    "application_decide",
    "application_submit",
    "application_withdraw",
    "brief_add_material",
    "brief_adopt",
    "brief_advance",
    "brief_close",
    "brief_create",
    "brief_decide",
    "brief_mark_commercial_use",
    "brief_submit",
    "brief_update",
    "briefs_close_stale",
    "comment_add",
    "milestones_remind",
    "offering_create",
    "peer_review_submit",
    "places_taken",
    "profile_update",
    "review_submit",
    "submission_create",
    "team_form",
]
