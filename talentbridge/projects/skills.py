"""Adapter over the taxonomy data files: validate concept ids, label them, measure distance.

A skill is referenced by its taxonomy concept id — a digital-creative extension id such as
``dc.video.edit.editing`` or an ESCO skill URI. When the taxonomy app grows its selectors,
point these functions at them; callers in ``projects`` use only this module.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language

from talentbridge.taxonomy.data import (
    TAGGABLE_KINDS,
    load_crosswalks,
    load_esco_skills,
    load_esco_zh_labels,
    load_extension,
    load_majors,
)

ESCO_PREFIX = "http://data.europa.eu/esco/skill/"


@dataclass(frozen=True)
class SkillConcept:
    id: str
    label_zh: str
    label_en: str
    path: tuple[str, ...]  # ancestors from the domain down to the concept itself

    @property
    def label(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.label_en or self.label_zh) if english else (self.label_zh or self.label_en)


@functools.cache
def _extension_index() -> dict[str, SkillConcept]:
    concepts = {c.id: c for c in load_extension()}

    def path_of(concept_id: str) -> tuple[str, ...]:
        chain: list[str] = []
        current: str | None = concept_id
        while current:
            chain.append(current)
            current = concepts[current].parent_id or None if current in concepts else None
        return tuple(reversed(chain))

    return {
        c.id: SkillConcept(c.id, c.label_zh, c.label_en, path_of(c.id))
        for c in concepts.values()
        if c.kind in TAGGABLE_KINDS
    }


@functools.cache
def _esco_to_extension() -> dict[str, str]:
    return {c.esco_uri: c.id for c in load_extension() if c.esco_uri and c.kind in TAGGABLE_KINDS}


@functools.cache
def _esco_index() -> dict[str, SkillConcept]:
    zh = load_esco_zh_labels()
    return {
        s.uri: SkillConcept(s.uri, zh.get(s.uri, ""), s.label, (s.uri,)) for s in load_esco_skills()
    }


def get(concept_id: str) -> SkillConcept | None:
    """The concept, or None when the id is unknown to the taxonomy."""
    found = _extension_index().get(concept_id)
    if found is not None:
        return found
    if concept_id.startswith(ESCO_PREFIX):
        mapped = _esco_to_extension().get(concept_id)
        return _extension_index()[mapped] if mapped else _esco_index().get(concept_id)
    return None


def unknown(concept_ids: Iterable[str]) -> list[str]:
    return [c for c in concept_ids if get(c) is None]


def label(concept_id: str) -> str:
    concept = get(concept_id)
    return concept.label if concept else concept_id


def canonical(concept_id: str) -> str:
    """ESCO URIs that the extension maps to are compared under the extension id."""
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
    return sorted((c.id, f"{c.label} · {c.id}") for c in _extension_index().values())


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
