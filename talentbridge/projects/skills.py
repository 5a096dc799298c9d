"""Adapter over the taxonomy's vocabulary (``taxonomy.vocabulary``): validate concept ids,
label them, measure distance.

A skill is referenced by its taxonomy concept id — a digital-creative extension id such as
``dc.video.edit.editing`` or an ESCO skill URI; merged concepts and exactly mapped ESCO URIs
resolve to the surviving concept (``canonical``), so curated merges, aliases and retired
concepts reach projects. Callers in ``projects`` use only this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

from talentbridge.taxonomy import vocabulary
from talentbridge.taxonomy.data import load_crosswalks, load_majors
from talentbridge.taxonomy.vocabulary import SkillInfo as SkillConcept


def get(concept_id: str) -> SkillConcept | None:
    """The concept, or None when the id is unknown to the taxonomy (or retired)."""
    return vocabulary.get(concept_id)


def unknown(concept_ids: Iterable[str]) -> list[str]:
    return vocabulary.unknown(concept_ids)


def label(concept_id: str) -> str:
    return vocabulary.label(concept_id)


def canonical(concept_id: str) -> str:
    """Merged concepts and ESCO URIs that the extension maps to compare under one id."""
    concept = get(concept_id)
    return concept.id if concept else concept_id


def distance(a: str, b: str) -> int | None:
    """Edges between two concepts in the taxonomy tree; None when unrelated."""
    ca, cb = get(a), get(b)
    if ca is None or cb is None:
        return None
    if ca.id == cb.id:
        return 0
    common = 0
    for x, y in zip(ca.path, cb.path, strict=False):
        if x != y:
            break
        common += 1
    if common == 0:
        return None
    return (len(ca.path) - common) + (len(cb.path) - common)


SIMILARITY_BY_DISTANCE = {0: 1.0, 1: 0.7, 2: 0.5, 3: 0.3, 4: 0.2}


def similarity(a: str, b: str) -> float:
    """1 for the same concept, 0.5 for siblings in an area, 0.2 in the same domain, else 0."""
    d = distance(a, b)
    return 0.0 if d is None else SIMILARITY_BY_DISTANCE.get(d, 0.0)


def choices() -> list[tuple[str, str]]:
    """Extension concepts as (id, "label · id") for forms, in the current language."""
    return vocabulary.choices()


def major_skills(major_code: str) -> dict[str, float]:
    """Concept id -> weight for a major (curated crosswalk)."""
    return {
        link.concept_id: link.weight
        for link in load_crosswalks().major_skill
        if link.major_code == major_code
    }


def major_name(major_code: str) -> str:
    english = (get_language() or "").startswith("en")
    for major in load_majors():
        if major.code == major_code:
            return (major.name_en or major.name_zh) if english else major.name_zh
    return major_code
