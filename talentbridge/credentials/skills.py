"""The only place credentials reads the skill vocabulary (taxonomy data files, like every
context until ``taxonomy.vocabulary`` lands on main — then these functions point at it).

A skill is stored under its canonical concept id: an extension id (``dc.…``) or, for ESCO
concepts the extension does not map, the ESCO URI. Credentials align to ESCO URIs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.translation import get_language

from talentbridge.taxonomy.data import (
    TAGGABLE_KINDS,
    load_certificates,
    load_crosswalks,
    load_esco_skills,
    load_esco_zh_labels,
    load_extension,
    load_majors,
)

ESCO_PREFIX = "http://data.europa.eu/esco/skill/"


@dataclass(frozen=True)
class SkillInfo:
    id: str
    label_zh: str
    label_en: str
    esco_uri: str

    @property
    def label(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.label_en or self.label_zh) if english else (self.label_zh or self.label_en)


@functools.cache
def _extension() -> dict[str, SkillInfo]:
    return {
        c.id: SkillInfo(c.id, c.label_zh, c.label_en, c.esco_uri or "")
        for c in load_extension()
        if c.kind in TAGGABLE_KINDS
    }


@functools.cache
def _esco_to_extension() -> dict[str, str]:
    return {s.esco_uri: s.id for s in _extension().values() if s.esco_uri}


@functools.cache
def _esco() -> dict[str, SkillInfo]:
    zh = load_esco_zh_labels()
    return {s.uri: SkillInfo(s.uri, zh.get(s.uri, ""), s.label, s.uri) for s in load_esco_skills()}


def get(skill_ref: str) -> SkillInfo | None:
    found = _extension().get(skill_ref)
    if found is not None:
        return found
    if skill_ref.startswith(ESCO_PREFIX):
        mapped = _esco_to_extension().get(skill_ref)
        return _extension()[mapped] if mapped else _esco().get(skill_ref)
    return None


def canonical(skill_ref: str) -> str | None:
    info = get(skill_ref)
    return info.id if info else None


def label(skill_id: str) -> str:
    info = get(skill_id)
    return info.label if info else skill_id


def choices() -> list[tuple[str, str]]:
    return sorted((s.id, f"{s.label} · {s.id}") for s in _extension().values())


def major_crosswalk(major_code: str) -> dict[str, float]:
    """Catalogue crosswalk major → skills (weight), the fallback target profile."""
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


@functools.cache
def _certificates() -> dict[str, tuple[str, str]]:
    return {c.id: (c.name_zh, c.name_en or c.name_zh) for c in load_certificates()}


def certificate_name(code: str) -> str:
    names = _certificates().get(code)
    if not names:
        return code
    english = (get_language() or "").startswith("en")
    return names[1] if english else names[0]


def certificate_known(code: str) -> bool:
    return code in _certificates()


def certificate_choices() -> list[tuple[str, str]]:
    return sorted((code, f"{names[0]} · {code}") for code, names in _certificates().items())
