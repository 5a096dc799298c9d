"""Student profiles (skills and preferences used by matching)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import invalid
from talentbridge.core.services import audit_record
from talentbridge.projects import skills
from talentbridge.projects.models import (
    Deliverable,
    StudentProfile,
)


def profile_update(*, actor: Any, data: dict[str, Any]) -> StudentProfile:
    from talentbridge.community.permissions import require_login

    require_login(actor)
    claimed = list(data.get("claimed_skills", []))
    missing = skills.unknown(claimed)
    if missing:
        raise invalid("claimed_skills", _("Unknown skills: %(ids)s") % {"ids": ", ".join(missing)})
    if set(data.get("preferred_deliverables", [])) - set(Deliverable.values):
        raise invalid("preferred_deliverables", _("Unknown deliverable."))
    with transaction.atomic():
        profile, _created = StudentProfile.objects.get_or_create(user=actor)
        for key in (
            "major_code",
            "claimed_skills",
            "hours_per_week",
            "preferred_deliverables",
            "prefers_paid",
        ):
            if key in data:
                setattr(profile, key, data[key])
        profile.save()
        audit_record(actor=actor, action="project_profile.update", obj=profile)
    return profile
