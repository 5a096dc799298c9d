"""Skill tagging of postings through ONE function, ``tag_texts``.

The ingest calls it with ``semantic=False`` (exact label/alias matches: fast, deterministic);
the separate, resumable ``semantic_tagging_pass`` (services) calls it with ``semantic=True``
later. The engine is ``talentbridge.extraction``; the concept list comes from the taxonomy
data files. Tests and benchmarks may swap the engine with ``use_tagger``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from talentbridge.extraction import Extraction, Extractor

TOP_K = 12  # the engine's own ``min_score`` decides what counts as found
AIGC_PREFIXES = ("dc.aigc.", "dc.tool.aigc.")
AIGC_MARKER = "_aigc"  # pseudo skill in the aggregates: "asks for at least one AIGC skill"
Tagger = Callable[[Sequence[str], bool], list[tuple[str, ...]]]
_override: list[Tagger] = []


def tag_texts(texts: Sequence[str], *, semantic: bool = False) -> list[tuple[str, ...]]:
    """Concept ids found in each text, best first (an unusable text gets no skills)."""
    if _override:
        return _override[-1](texts, semantic)
    extractor = _semantic_extractor() if semantic else _lexical_extractor()
    return [_ids(result) for result in extractor.extract_many(list(texts), top_k=TOP_K)]


def use_tagger(tagger: Tagger | None) -> None:
    """Replace the engine (``None`` restores the default)."""
    _override.clear()
    if tagger is not None:
        _override.append(tagger)


def _ids(result: object) -> tuple[str, ...]:
    if not isinstance(result, Extraction):
        return ()
    return tuple(skill.concept_id for skill in result.skills)


@cache
def _lexical_extractor() -> Extractor:
    from talentbridge.taxonomy.management.commands.extract_skills import taxonomy_concepts

    return Extractor(taxonomy_concepts())


@cache
def _semantic_extractor() -> Extractor:
    from talentbridge.extraction import default_cache_dir
    from talentbridge.extraction.factory import EngineFactory
    from talentbridge.taxonomy.data import release_id
    from talentbridge.taxonomy.management.commands.extract_skills import taxonomy_concepts

    factory = EngineFactory.create(
        taxonomy_concepts(), release=release_id(), cache_dir=default_cache_dir(), semantic=True
    )
    return factory.build()


@cache
def skill_labels() -> dict[str, tuple[str, str]]:
    """concept id -> (label_zh, label_en), for display (ESCO skills and the extension)."""
    from talentbridge.taxonomy.data import load_esco_skills, load_esco_zh_labels, load_extension

    zh = load_esco_zh_labels()
    labels = {skill.uri: (zh.get(skill.uri, ""), skill.label) for skill in load_esco_skills()}
    for concept in load_extension():
        labels.setdefault(concept.id, (concept.label_zh, concept.label_en))
        if concept.esco_match == "exact" and concept.esco_uri in labels:
            label_zh, label_en = labels[concept.esco_uri]
            labels[concept.esco_uri] = (label_zh or concept.label_zh, label_en)
    return labels


@cache
def aigc_skill_ids() -> frozenset[str]:
    """Concept ids of the AIGC domain and AIGC tools of the digital-creative extension (as
    the tagger names them: the ESCO URI where the extension concept maps exactly to ESCO)."""
    from talentbridge.taxonomy.data import load_extension

    return frozenset(
        concept.esco_uri if concept.esco_match == "exact" and concept.esco_uri else concept.id
        for concept in load_extension()
        if concept.id.startswith(AIGC_PREFIXES) and concept.is_taggable
    )
