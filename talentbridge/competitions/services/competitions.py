"""Competitions, tracks, propositions and phases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Community, Organization, OrgRole
from talentbridge.community.permissions import is_secretariat, org_role, require_login
from talentbridge.competitions.models import (
    Competition,
    Level,
    Phase,
    PhaseKind,
    Proposition,
    Track,
)
from talentbridge.competitions.permissions import Action, access_competition
from talentbridge.core.errors import ApplicationError, PermissionDeniedError, invalid
from talentbridge.core.services import audit_record
from talentbridge.taxonomy.selectors import skill_find


def competition_create(
    *,
    actor: Any,
    organizer: Organization,
    title_zh: str,
    level: str,
    edition: int,
    community: Community | None = None,
    title_en: str = "",
    blind: bool = True,
    max_team_size: int = 5,
    college_levels: list[str] | None = None,
    judges_per_entry: int = 3,
) -> Competition:
    require_login(actor)
    allowed = actor.is_superuser or org_role(actor, organizer) in (OrgRole.ADMIN, OrgRole.STAFF)
    if community is not None and is_secretariat(actor, community):
        allowed = True
    if not allowed:
        raise PermissionDeniedError()
    errors: dict[str, list[Any]] = {}
    if not title_zh.strip():
        errors["title_zh"] = [_("A Chinese title is required.")]
    if level not in Level.values:
        errors["level"] = [_("Choose a level from the list.")]
    if not 2000 <= edition <= 2100:
        errors["edition"] = [_("The edition is a year between 2000 and 2100.")]
    if not 1 <= max_team_size <= 20:
        errors["max_team_size"] = [_("A team has 1 to 20 members.")]
    if not 1 <= judges_per_entry <= 9:
        errors["judges_per_entry"] = [_("Each entry needs 1 to 9 judges.")]
    if errors:
        raise ApplicationError("invalid", _("Please correct the fields below."), fields=errors)
    try:
        with transaction.atomic():
            competition = Competition.objects.create(
                organizer=organizer,
                community=community,
                title_zh=title_zh.strip(),
                title_en=title_en.strip(),
                level=level,
                edition=edition,
                blind=blind,
                max_team_size=max_team_size,
                college_levels=list(college_levels or []),
                judges_per_entry=judges_per_entry,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action="competition.create",
                obj=competition,
                after={"title_zh": competition.title_zh, "edition": edition},
                organization_id=organizer.pk,
                community_id=community.pk if community else None,
            )
    except IntegrityError:
        raise ApplicationError(
            "conflict", _("This organizer already has a competition of that title and edition.")
        ) from None
    return competition


def _validate_rubric(rubric: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rubric:
        raise invalid("rubric", _("A rubric needs at least one criterion."))
    cleaned, keys = [], set()
    for item in rubric:
        key = str(item.get("key", "")).strip()
        try:
            weight = float(item.get("weight", 1))
            top = float(item.get("max", 10))
        except (TypeError, ValueError):
            raise invalid("rubric", _("Weights and maxima must be numbers.")) from None
        if not key or key in keys or weight <= 0 or top <= 0:
            raise invalid(
                "rubric", _("Each criterion needs a unique key, a positive weight and maximum.")
            )
        keys.add(key)
        cleaned.append(
            {
                "key": key,
                "label_zh": str(item.get("label_zh", key)),
                "label_en": str(item.get("label_en", key)),
                "weight": weight,
                "max": top,
            }
        )
    return cleaned


def track_create(
    *, actor: Any, competition: Competition, name_zh: str, rubric: list[dict[str, Any]],
    name_en: str = "",
) -> Track:  # fmt: skip
    access_competition(actor, competition, Action.MANAGE)
    if not name_zh.strip():
        raise invalid("name_zh", _("A Chinese name is required."))
    cleaned = _validate_rubric(rubric)
    try:
        with transaction.atomic():
            track = Track.objects.create(
                competition=competition, name_zh=name_zh.strip(), name_en=name_en, rubric=cleaned
            )
            audit_record(
                actor=actor,
                action="competition.track_create",
                obj=track,
                after={"name_zh": track.name_zh},
                organization_id=competition.organizer_id,
            )
    except IntegrityError:
        raise ApplicationError("conflict", _("This competition already has that track.")) from None
    return track


def proposition_create(
    *,
    actor: Any,
    track: Track,
    author: Organization,
    title_zh: str,
    brief: str,
    skills: list[str] = (),  # type: ignore[assignment]
    title_en: str = "",
    deliverables: str = "",
    prize: str = "",
    ip_terms: str = "",
    author_judges_conflict: bool = True,
) -> Proposition:
    access_competition(actor, track.competition, Action.MANAGE)
    errors: dict[str, list[Any]] = {}
    if not title_zh.strip():
        errors["title_zh"] = [_("A Chinese title is required.")]
    if not brief.strip():
        errors["brief"] = [_("The brief is required.")]
    skill_ids = []
    for reference in skills:
        skill = skill_find(reference)
        if skill is None:
            errors.setdefault("skills", []).append(
                _("“%(skill)s” is not in the skills taxonomy.") % {"skill": reference}
            )
        else:
            skill_ids.append(skill.concept_id)
    if errors:
        raise ApplicationError("invalid", _("Please correct the fields below."), fields=errors)
    with transaction.atomic():
        proposition = Proposition.objects.create(
            track=track,
            author=author,
            title_zh=title_zh.strip(),
            title_en=title_en.strip(),
            brief=brief,
            deliverables=deliverables,
            skill_ids=skill_ids,
            prize=prize,
            ip_terms=ip_terms,
            author_judges_conflict=author_judges_conflict,
        )
        audit_record(actor=actor, action="competition.proposition_create", obj=proposition,
                     after={"title_zh": proposition.title_zh, "author": str(author.pk)},
                     organization_id=track.competition.organizer_id)  # fmt: skip
    return proposition


def phase_set(
    *, actor: Any, competition: Competition, kind: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> Phase:
    access_competition(actor, competition, Action.MANAGE)
    if kind not in PhaseKind.values:
        raise invalid("kind", _("Choose a phase from the list."))
    if ends_at <= starts_at:
        raise invalid("ends_at", _("A phase must end after it starts."))
    with transaction.atomic():
        phase, _created = Phase.objects.update_or_create(
            competition=competition, kind=kind,
            defaults={"starts_at": starts_at, "ends_at": ends_at},
        )  # fmt: skip
        audit_record(actor=actor, action="competition.phase_set", obj=phase,
                     after={"kind": kind, "starts_at": starts_at.isoformat(),
                            "ends_at": ends_at.isoformat()},
                     organization_id=competition.organizer_id)  # fmt: skip
    return phase
