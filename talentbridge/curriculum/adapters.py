"""The only place where curriculum reads the taxonomy (skills, majors, occupations, 1+X
certificates) and the extraction engine (syllabus → skill suggestions).

Skills come from the taxonomy's vocabulary (``taxonomy.vocabulary``, the one source every
context and the extraction engine read); majors, occupations and certificates from its
selectors; suggestions from its ``extract_skills`` service. A skill id is a digital-creative
extension id (``dc.video.edit.editing``) or an ESCO skill URI; an ESCO URI that the extension
maps exactly, and a concept merged into another, compare under the surviving extension id
(``canonical_skill``), so every spelling meets.

Pages ask for the same few hundred concepts many times, so the reads are kept per process
for ``MEMO_SECONDS`` (taxonomy changes — imports, curation releases, merges — show up after
at most that long); ``reset()`` forgets them at once (tests, after an import).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.utils.translation import get_language

from talentbridge.core.errors import ApplicationError
from talentbridge.taxonomy import selectors, services, vocabulary

MEMO_SECONDS = 60.0
ACTIVE = "active"
GROUP_KIND = "group"
EXACT_MATCH = "exact"

T = TypeVar("T")


class _Memo:
    """Values computed once and kept for ``ttl`` seconds (all of them dropped together)."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._values: dict[Any, Any] = {}
        self._born = time.monotonic()

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        with self._lock:
            if time.monotonic() - self._born > self.ttl:
                self._values.clear()
                self._born = time.monotonic()
            if key in self._values:
                return cast(T, self._values[key])
        value = compute()
        with self._lock:
            self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._born = time.monotonic()


_memo = _Memo(MEMO_SECONDS)


def reset() -> None:
    """Forget every remembered taxonomy read."""
    _memo.clear()
    vocabulary.reset()


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _pick(zh: str, en: str) -> str:
    return (en or zh) if _english() else (zh or en)


# --- Skills -----------------------------------------------------------------------------------


SkillInfo = vocabulary.SkillInfo


def canonical_skill(skill_id: str) -> str:
    """The id under which two spellings of one concept compare equal."""
    return vocabulary.canonical(skill_id)


def skill_get(skill_id: str) -> SkillInfo | None:
    """The concept, or None when the taxonomy does not know the id."""
    return vocabulary.get(skill_id)


def unknown_skills(skill_ids: Iterable[str]) -> list[str]:
    return vocabulary.unknown(skill_ids)


def skill_label(skill_id: str) -> str:
    return vocabulary.label(skill_id)


def area_label(area_id: str) -> str:
    return vocabulary.group_label(area_id)


def skill_choices() -> list[tuple[str, str]]:
    """Extension concepts as (id, "label · id") for forms, in the current language."""
    return vocabulary.choices()


# --- Majors, occupations, certificates -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class MajorInfo:
    code: str
    name_zh: str
    name_en: str
    level: str
    category_zh: str
    verified: bool
    source: str

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


def _majors() -> dict[tuple[str, str], MajorInfo]:
    return _memo.get("majors", _load_majors)


def _load_majors() -> dict[tuple[str, str], MajorInfo]:
    return {
        (m.code, m.level): MajorInfo(
            m.code, m.name_zh, m.name_en, m.level, m.category_zh, m.verified, m.source
        )
        for m in selectors.major_list()
    }


def major_get(code: str, level: str = "") -> MajorInfo | None:
    """The catalogue entry for a code (at the given level, when one is given)."""
    majors = _majors()
    if level:
        return majors.get((code, level))
    return next((m for (c, _lvl), m in majors.items() if c == code), None)


def major_choices() -> list[tuple[str, str]]:
    return [
        (m.code, f"{m.code} {m.name}") for m in sorted(_majors().values(), key=lambda m: m.code)
    ]


@dataclass(frozen=True, slots=True)
class OccupationInfo:
    code: str
    name_zh: str
    name_en: str
    verified: bool

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


def _occupations() -> dict[str, OccupationInfo]:
    return _memo.get("occupations", _load_occupations)


def _load_occupations() -> dict[str, OccupationInfo]:
    return {
        o.code: OccupationInfo(o.code, o.name_zh, o.name_en, o.verified)
        for o in selectors.occupation_list()
    }


def occupation_get(code: str) -> OccupationInfo | None:
    return _occupations().get(code)


def occupation_name(code: str) -> str:
    found = occupation_get(code)
    return found.name if found else code


def major_occupations(code: str) -> list[OccupationInfo]:
    """Occupations (职业分类大典 codes) that the curated crosswalk links to a major."""
    return _memo.get(("major_occupations", code), lambda: _load_major_occupations(code))


def _load_major_occupations(code: str) -> list[OccupationInfo]:
    major = selectors.major_list().filter(code=code).first()
    if major is None:
        return []
    codes = dict.fromkeys(
        major.occupation_links.exclude(occupation=None)
        .order_by("pk")
        .values_list("occupation__code", flat=True)
    )
    occupations = _occupations()
    return [occupations.get(c) or OccupationInfo(c, c, c, False) for c in codes]


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    id: str
    name_zh: str
    name_en: str
    levels: tuple[str, ...]
    skill_ids: tuple[str, ...]  # canonical
    verified: bool

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


def certificates() -> tuple[CertificateInfo, ...]:
    return _memo.get("certificates", _load_certificates)


def _load_certificates() -> tuple[CertificateInfo, ...]:
    return tuple(
        CertificateInfo(
            c.key,
            c.name_zh,
            c.name_en,
            tuple(c.levels),
            tuple(
                dict.fromkeys(
                    canonical_skill(s.concept_id)
                    for s in sorted(c.skills.all(), key=lambda s: s.concept_id)
                )
            ),
            c.verified,
        )
        for c in selectors.certificate_list()
    )


def certificate_get(certificate_id: str) -> CertificateInfo | None:
    return next((c for c in certificates() if c.id == certificate_id), None)


# --- Extraction suggestions -------------------------------------------------------------------

EXPLICIT = "explicit"  # a label or alias of the concept is in the text
INFERRED = "inferred"  # the semantic engine finds the text close to the concept


@dataclass(frozen=True, slots=True)
class SuggestedSkill:
    skill_id: str  # canonical
    score: float
    evidence: str  # the text span(s) that triggered the suggestion
    kind: str = EXPLICIT


Suggester = Callable[[str, int], Sequence[SuggestedSkill]]
_override: list[Suggester] = []


def use_suggester(suggester: Suggester | None) -> None:
    """Swap the extraction engine (tests, benchmarks); ``None`` restores the default."""
    _override.clear()
    if suggester is not None:
        _override.append(suggester)


def suggest_skills(text: str, top_k: int = 20) -> list[SuggestedSkill]:
    """Skills the taxonomy's extraction engine finds in a syllabus, in the engine's order; an
    unusable text (empty, binary, no words, too long) gives no suggestions. With the semantic
    index cached (``load_taxonomy --embed``) the engine also returns ``inferred`` concepts."""
    if _override:
        return list(_override[-1](text, top_k))
    try:
        outcome = services.extract_skills(text=text, top_k=top_k)
    except ApplicationError:
        return []
    concepts = selectors.skills_by_uri([s["uri"] for s in outcome.skills])
    merged: dict[str, SuggestedSkill] = {}
    for found in outcome.skills:
        concept = concepts.get(found["uri"])
        if concept is None:
            continue
        cid = canonical_skill(concept.concept_id)
        spans = (text[a:b] for a, b in found["spans"])
        evidence = " / ".join(dict.fromkeys(spans))[:500]
        kind = INFERRED if found.get("kind") == INFERRED else EXPLICIT
        previous = merged.get(cid)
        # two spellings of one concept: keep the explicit finding (it carries the text span)
        if previous is None or (previous.kind == INFERRED and kind == EXPLICIT):
            merged[cid] = SuggestedSkill(cid, round(float(found["score"]), 4), evidence, kind)
    return list(merged.values())


def suggest_for_text(text: str, *, top_k: int = 10) -> list[SuggestedSkill]:
    """The suggestions a teacher sees for a syllabus text, in the order shown: explicit
    mentions first (best score first), then inferred (semantic) candidates; at most ``top_k``.

    Pure apart from reading the taxonomy and the engine (no writes, no permissions); this is
    what ``services.syllabus_suggest`` stores and what ``bench/curriculum/`` scores
    (precision@10)."""
    if top_k < 1:
        return []
    found = suggest_skills(text, max(top_k, 20))
    ranked = sorted(found, key=lambda s: (s.kind != EXPLICIT, -s.score, s.skill_id))
    return ranked[:top_k]
