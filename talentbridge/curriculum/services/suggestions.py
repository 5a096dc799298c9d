"""Skill suggestions from syllabi and the decisions on them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.curriculum import adapters
from talentbridge.curriculum.models import (
    Course,
    DecisionStatus,
    LearningOutcome,
    SkillLevel,
    SkillSuggestion,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_version,
)
from talentbridge.curriculum.services._common import (
    _audit,
    _college_id,
    _locked_version,
    _require_draft,
)

# --- Syllabus suggestions --------------------------------------------------------------------


def syllabus_suggest(
    *, actor: Any, course: Course, text: str | None = None, top_k: int = 20
) -> list[SkillSuggestion]:
    """Store the syllabus (when given) and record the engine's skill suggestions as pending.
    Skills already mapped to the course or already decided are not suggested again; nothing
    is applied until a teacher accepts it."""
    access_version(actor, course.version, Action.EDIT)
    _require_draft(course.version)
    syllabus = (text if text is not None else course.syllabus).strip()
    if not syllabus:
        raise invalid("text", _("Paste the syllabus text or upload a file."))
    found = adapters.suggest_for_text(syllabus, top_k=top_k)
    with transaction.atomic():
        _require_draft(_locked_version(course.version))
        if text is not None:
            course.syllabus = syllabus[:100000]
            course.save(update_fields=["syllabus", "updated_at"])
        mapped = set(course.outcomes.values_list("skill_id", flat=True))
        known = set(course.suggestions.values_list("skill_id", flat=True))
        created = SkillSuggestion.objects.bulk_create(
            SkillSuggestion(
                course=course, skill_id=s.skill_id, score=s.score, evidence=s.evidence, kind=s.kind
            )
            for s in found
            if s.skill_id not in mapped and s.skill_id not in known
        )
        _audit(
            actor,
            "curriculum.syllabus_suggest",
            course,
            _college_id(course.version),
            after={"suggested": [s.skill_id for s in created]},
        )
    return created


def suggestion_decide(
    *,
    actor: Any,
    suggestion: SkillSuggestion,
    accept: bool,
    level: str = SkillLevel.MASTER,
    description: str = "",
) -> SkillSuggestion:
    course = suggestion.course
    access_version(actor, course.version, Action.EDIT)
    if accept and level not in SkillLevel.values:
        raise invalid("level", _("Choose 了解, 掌握 or 熟练."))
    with transaction.atomic():
        _require_draft(_locked_version(course.version))
        suggestion = SkillSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != DecisionStatus.PENDING:
            raise ApplicationError("conflict", _("This suggestion has already been decided."))
        suggestion.status = DecisionStatus.ACCEPTED if accept else DecisionStatus.REJECTED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save()
        if accept:
            LearningOutcome.objects.update_or_create(
                course=course,
                skill_id=suggestion.skill_id,
                defaults={"level": level, "description": description[:1000] or suggestion.evidence},
            )
        _audit(
            actor,
            "curriculum.suggestion_decide",
            suggestion,
            _college_id(course.version),
            after={"skill": suggestion.skill_id, "status": suggestion.status, "level": level},
        )
    return suggestion
