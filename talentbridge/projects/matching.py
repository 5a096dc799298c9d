"""Fit between a student and a brief, with its explanation.

score = 0.6 · skill fit + 0.2 · availability + 0.2 · preference, each in 0..1.

* skill fit: for each required skill, the best of the student's skills weighted by taxonomy
  similarity (same concept 1, same area 0.5, same domain 0.2), by level (held / required,
  capped at 1) and by source (assessed evidence 1, self-claimed 0.6); averaged over the
  brief's skills;
* availability: the student's hours per week over the brief's expected hours (capped at 1);
* preference: half for a preferred deliverable, half for a paid brief when the student
  prefers paid work (when the student states no preference, 0.5).

Each component carries reasons (code + parameters) rendered by ``explain`` in the reader's
language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from talentbridge.projects import skills

WEIGHTS = {"skill": 0.6, "availability": 0.2, "preference": 0.2}
CLAIM_CONFIDENCE = 0.6


@dataclass(frozen=True)
class HeldSkill:
    concept_id: str
    level: int
    assessed: bool


@dataclass(frozen=True)
class StudentFacts:
    user_id: str
    skills: tuple[HeldSkill, ...]
    hours_per_week: int
    preferred_deliverables: frozenset[str]
    prefers_paid: bool


@dataclass(frozen=True)
class BriefFacts:
    brief_id: str
    required: tuple[tuple[str, int], ...]  # (concept id, level)
    hours_per_week: int
    deliverables: frozenset[str]
    paid: bool


@dataclass
class Fit:
    score: float
    components: dict[str, float]
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    covers: frozenset[str] = frozenset()


def _best_match(
    required: str, level: int, held: Iterable[HeldSkill]
) -> tuple[float, HeldSkill | None]:
    best, best_skill = 0.0, None
    for h in held:
        sim = skills.similarity(required, h.concept_id)
        if sim == 0:
            continue
        value = sim * min(1.0, h.level / max(1, level)) * (1.0 if h.assessed else CLAIM_CONFIDENCE)
        if value > best:
            best, best_skill = value, h
    return best, best_skill


def fit(student: StudentFacts, brief: BriefFacts) -> Fit:
    reasons: list[tuple[str, dict[str, Any]]] = []
    covers: set[str] = set()
    per_skill = []
    for concept_id, level in brief.required:
        value, held = _best_match(concept_id, level, student.skills)
        per_skill.append(value)
        if held is None:
            reasons.append(("skill_missing", {"skill": concept_id}))
            continue
        if skills.canonical(held.concept_id) == skills.canonical(concept_id) and (
            held.level >= level - 1
        ):
            covers.add(concept_id)
        reasons.append(
            (
                "skill_evidence" if held.assessed else "skill_claimed",
                {"skill": concept_id, "held": held.concept_id, "value": round(value, 2)},
            )
        )
    skill_fit = sum(per_skill) / len(per_skill) if per_skill else 0.0
    availability = min(1.0, student.hours_per_week / max(1, brief.hours_per_week))
    reasons.append(("availability", {"have": student.hours_per_week, "need": brief.hours_per_week}))
    preference = _preference(student, brief, reasons)
    components = {"skill": skill_fit, "availability": availability, "preference": preference}
    score = sum(WEIGHTS[k] * v for k, v in components.items())
    return Fit(round(score, 4), components, reasons, frozenset(covers))


def _preference(
    student: StudentFacts, brief: BriefFacts, reasons: list[tuple[str, dict[str, Any]]]
) -> float:
    if not student.preferred_deliverables and not student.prefers_paid:
        return 0.5
    value = 0.0
    liked = sorted(student.preferred_deliverables & brief.deliverables)
    if liked:
        value += 0.5
        reasons.append(("likes_deliverable", {"deliverables": liked}))
    if student.prefers_paid and brief.paid:
        value += 0.5
        reasons.append(("paid", {}))
    elif student.prefers_paid:
        reasons.append(("unpaid", {}))
    if not student.preferred_deliverables:
        value += 0.5 if not student.prefers_paid or brief.paid else 0.0
    return min(1.0, value)


def explain(code: str, params: Mapping[str, Any]) -> str:
    """A reason in the current language."""
    from talentbridge.projects.models import Deliverable

    if code == "skill_missing":
        return _("No evidence for %(skill)s") % {"skill": skills.label(params["skill"])}
    if code == "skill_evidence":
        return _("Assessed earlier work in %(held)s counts for %(skill)s (%(value)s)") % {
            "held": skills.label(params["held"]),
            "skill": skills.label(params["skill"]),
            "value": params["value"],
        }
    if code == "skill_claimed":
        return _("Claims %(held)s, which counts for %(skill)s (%(value)s)") % {
            "held": skills.label(params["held"]),
            "skill": skills.label(params["skill"]),
            "value": params["value"],
        }
    if code == "availability":
        return _("Available %(have)s h/week; the brief expects %(need)s h/week") % params
    if code == "likes_deliverable":
        labels = ", ".join(str(Deliverable(d).label) for d in params["deliverables"])
        return _("Prefers this kind of work: %(labels)s") % {"labels": labels}
    if code == "paid":
        return _("Paid, as preferred")
    if code == "unpaid":
        return _("Unpaid, but paid work is preferred")
    return code
