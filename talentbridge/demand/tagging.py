"""Skill tagging of postings through ONE function, ``tag_texts``.

The ingest calls it with ``semantic=False`` (exact label/alias matches: fast, deterministic);
the separate, resumable ``semantic_tagging_pass`` (services) calls it with ``semantic=True``
later. The engine is ``talentbridge.extraction``; the concept list comes from the taxonomy's
vocabulary (``taxonomy.vocabulary.engine_concepts``), so curated releases, merges, new aliases
and retired concepts reach the tagging: the engines are rebuilt (and the clause cache dropped)
when the vocabulary changes. Tests and benchmarks may swap the engine with ``use_tagger``.

Lexical tagging runs once per distinct clause (LRU cache, ``CLAUSE_CACHE`` entries): postings
repeat boilerplate and requirement clauses, and a lexical match never crosses a clause break
(line break, 。；！？ and ASCII ;!?), so merging the clauses' scores (best score per concept,
then the engine's own order and ``TOP_K``) gives the whole-text result. The one text-level input
of the gazetteer, "does the text contain an upper-case letter" (acronym rule), is part of the
cache key. The semantic engine's query embedder is wrapped in ``CachedQueryEmbedder``: the
model runs once per distinct sentence/clause across postings, not once per posting.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np

from talentbridge.extraction import Extraction, Extractor
from talentbridge.extraction.normalize import has_cjk
from talentbridge.taxonomy import vocabulary

TOP_K = 12  # the engine's own ``min_score`` decides what counts as found
AIGC_PREFIXES = ("dc.aigc.", "dc.tool.aigc.")
AIGC_MARKER = "_aigc"  # pseudo skill in the aggregates: "asks for at least one AIGC skill"
Tagger = Callable[[Sequence[str], bool], list[tuple[str, ...]]]
_override: list[Tagger] = []
CLAUSE_CACHE = 300_000
_CLAUSE_BREAK = re.compile(r"[\n。；！？;!?]+")
_UPPER_SENTINEL = "\nÞ"  # an upper-case letter no label contains: keeps the acronym rule
_CJK_SENTINEL = "\n亍"  # a Han character no label contains: keeps the Chinese-context rule
_ALL = 1_000_000
VECTOR_CACHE = 100_000  # clause vectors kept by the semantic pass (384 floats each)


def tag_texts(
    texts: Sequence[str], *, semantic: bool = False, fast: bool = False
) -> list[tuple[str, ...]]:
    """Concept ids found in each text, best first (an unusable text gets no skills). With
    ``semantic``, ``fast`` picks the extraction engine's static-vector mode over e5."""
    if _override:
        return _override[-1](texts, semantic)
    if not semantic:
        return [lexical_tags(text) for text in texts]
    extractor = _semantic_extractor(fast)
    return [_ids(result) for result in extractor.extract_many(list(texts), top_k=TOP_K)]


def lexical_tags(text: str) -> tuple[str, ...]:
    """Lexical concept ids of one text, assembled from cached per-clause results."""
    extractor = _lexical_extractor()  # first: a changed vocabulary drops the clause cache
    if len(text) > MAX_CLAUSED_TEXT:
        return _ids(extractor.extract_many([text], top_k=TOP_K)[0])
    has_upper = any(char.isupper() for char in text)
    text_has_cjk = has_cjk(text)
    best: dict[str, float] = {}
    for clause in _CLAUSE_BREAK.split(text):
        if not clause.strip():
            continue
        for concept_id, score in _clause_scores(clause, has_upper, text_has_cjk):
            if score > best.get(concept_id, -1.0):
                best[concept_id] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return tuple(concept_id for concept_id, _ in ranked[:TOP_K])


MAX_CLAUSED_TEXT = 100_000  # the engine truncates longer texts; those go through it whole


@lru_cache(maxsize=CLAUSE_CACHE)
def _clause_scores(
    clause: str, text_has_upper: bool, text_has_cjk: bool
) -> tuple[tuple[str, float], ...]:
    """The clause's concepts as they score inside the whole text: the gazetteer's case and
    Chinese-context rules look at the whole text, so sentinels stand in for what it has."""
    probe = clause
    if text_has_upper and not any(char.isupper() for char in clause):
        probe += _UPPER_SENTINEL
    if text_has_cjk and not has_cjk(clause):
        probe += _CJK_SENTINEL
    result = _lexical_extractor().extract_many([probe], top_k=_ALL)[0]
    if not isinstance(result, Extraction):
        return ()
    return tuple((skill.concept_id, skill.score) for skill in result.skills)


def use_tagger(tagger: Tagger | None) -> None:
    """Replace the engine (``None`` restores the default)."""
    _override.clear()
    if tagger is not None:
        _override.append(tagger)


def _ids(result: object) -> tuple[str, ...]:
    if not isinstance(result, Extraction):
        return ()
    return tuple(skill.concept_id for skill in result.skills)


class _EngineCache:
    """The tagging engines of this process, rebuilt when the vocabulary changes."""

    def __init__(self) -> None:
        self.concepts: tuple[Any, ...] | None = None
        self.lexical: Extractor | None = None
        self.semantic: dict[bool, Extractor] = {}

    def current(self) -> tuple[Any, ...]:
        concepts = vocabulary.engine_concepts()
        if concepts is not self.concepts:
            self.concepts, self.lexical = concepts, None
            self.semantic.clear()
            _clause_scores.cache_clear()
            _skill_labels.cache_clear()
            _aigc_skill_ids.cache_clear()
        return concepts


_engines = _EngineCache()


def _lexical_extractor() -> Extractor:
    concepts = _engines.current()
    if _engines.lexical is None:
        _engines.lexical = Extractor(concepts)
    return _engines.lexical


class CachedQueryEmbedder:
    """An embedder that embeds each distinct query text (sentence or clause) once.

    The semantic engine embeds every sentence and clause of a posting; postings share most
    of their clauses (boilerplate, standard requirements), so across a corpus the model runs
    once per distinct clause and the vectors of repeated ones come from this LRU table.
    """

    def __init__(self, inner: Any, size: int = VECTOR_CACHE) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "cached")
        self.size = size
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self.embedded = 0  # texts the model embedded (misses)
        self.requested = 0

    def embed_queries(self, texts: Sequence[str]) -> Any:
        self.requested += len(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self.embedded += len(missing)
            for text, vector in zip(missing, self.inner.embed_queries(missing), strict=True):
                self._vectors[text] = vector
        rows = []
        for text in texts:
            self._vectors.move_to_end(text)
            rows.append(self._vectors[text])
        while len(self._vectors) > self.size:
            self._vectors.popitem(last=False)
        return np.stack(rows) if rows else self.inner.embed_queries([])

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self.inner.embed_passages(texts)


def _semantic_extractor(fast: bool = False) -> Extractor:
    from talentbridge.extraction import default_cache_dir
    from talentbridge.extraction.factory import EngineFactory

    concepts = _engines.current()
    found = _engines.semantic.get(fast)
    if found is not None:
        return found
    factory = EngineFactory.create(
        concepts,
        release=vocabulary.data_release(),
        cache_dir=default_cache_dir(),
        semantic=True,
        fast=fast,
    )
    extractor = factory.build()
    if extractor.embedder is not None and not fast:  # static vectors cost less than a lookup
        extractor.embedder = CachedQueryEmbedder(extractor.embedder)
    _engines.semantic[fast] = extractor
    return extractor


def skill_labels() -> dict[str, tuple[str, str]]:
    """concept id -> (label_zh, label_en), for display (ESCO skills and the extension)."""
    _engines.current()
    return _skill_labels()


@cache
def _skill_labels() -> dict[str, tuple[str, str]]:
    labels = {concept.id: (concept.label_zh, concept.label_en) for concept in _engines.current()}
    for info in vocabulary.extension_concepts():
        labels.setdefault(info.id, (info.label_zh, info.label_en))
    return labels


def aigc_skill_ids() -> frozenset[str]:
    """Concept ids of the AIGC domain and AIGC tools of the digital-creative extension (as
    the tagger names them: the ESCO URI where the extension concept maps exactly to ESCO)."""
    _engines.current()
    return _aigc_skill_ids()


@cache
def _aigc_skill_ids() -> frozenset[str]:
    engine_ids = {concept.id for concept in _engines.current()}
    return frozenset(
        info.esco_uri if info.esco_match == "exact" and info.esco_uri in engine_ids else info.id
        for info in vocabulary.extension_concepts()
        if info.id.startswith(AIGC_PREFIXES)
    )
