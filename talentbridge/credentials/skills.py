"""The only place credentials reads the skill vocabulary: the taxonomy's one selector module
for skills (``taxonomy.vocabulary``), so curated releases and merges reach credentials.

A skill is stored under its canonical concept id: an extension id (``dc.…``) or, for ESCO
concepts the extension does not map, the ESCO URI. Credentials align to ESCO URIs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.translation import get_language

from talentbridge.taxonomy import vocabulary
from talentbridge.taxonomy.data import load_certificates, load_crosswalks, load_majors


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


def get(skill_ref: str) -> SkillInfo | None:
    """The concept (an ESCO skill the extension maps to comes back as the extension
    concept), or None when the vocabulary does not know it."""
    info = vocabulary.get(skill_ref)
    if info is None:
        return None
    if not info.is_extension:
        info = vocabulary.extension_for_esco(info.id) or info
    esco_uri = info.esco_uri if info.is_extension else info.id
    return SkillInfo(info.id, info.label_zh, info.label_en, esco_uri)


def canonical(skill_ref: str) -> str | None:
    info = get(skill_ref)
    return info.id if info else None


def label(skill_id: str) -> str:
    info = get(skill_id)
    return info.label if info else skill_id


def choices() -> list[tuple[str, str]]:
    return vocabulary.choices()


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
