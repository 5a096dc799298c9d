"""The extraction pipeline: normalize → split → gazetteer + dense retrieval → re-rank."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.gazetteer import Gazetteer, Mention
from talentbridge.extraction.normalize import NormalizedText, count_cjk, normalize_text
from talentbridge.extraction.segment import Segment, split_clauses, split_sentences
from talentbridge.extraction.semantic import ConceptIndex, Embedder, FloatMatrix

MAX_TEXT_CHARS = 100_000
MAX_QUERIES = 256  # sentences + clauses embedded per text; the gazetteer reads everything
LANGUAGES = ("auto", "zh", "en")


class ExtractionError(ValueError):
    """Input the engine refuses; `code` is stable and meant for translation by the caller."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """How lexical, semantic and prior evidence combine into one score in [0, 1]."""

    lexical: float = 0.3
    semantic: float = 1.0
    prior: float = 0.1
    alias_factor: float = 0.9
    contained_factor: float = 0.6
    semantic_floor: float = 0.78
    semantic_ceiling: float = 0.93
    sentence_share: float = 0.6
    candidates_per_query: int = 40
    min_score: float = 0.02


@dataclass(frozen=True, slots=True)
class ExtractedSkill:
    """One ranked concept with its evidence (offsets into the caller's text)."""

    concept_id: str
    uri: str
    label_en: str
    label_zh: str
    score: float
    kind: str
    spans: tuple[tuple[int, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "label_en": self.label_en,
            "label_zh": self.label_zh,
            "score": round(self.score, 4),
            "kind": self.kind,
            "spans": [list(span) for span in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result for one text: skills best first, the language used, warning codes."""

    skills: tuple[ExtractedSkill, ...]
    lang: str
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Evidence:
    lexical: float = 0.0
    semantic: float = 0.0
    spans: list[tuple[int, int]] = field(default_factory=list)
    semantic_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Prepared:
    normalized: NormalizedText
    lang: str
    warnings: tuple[str, ...]
    sentences: tuple[Segment, ...]
    queries: tuple[Segment, ...]


class Extractor:
    """Extract ranked taxonomy concepts from Chinese, English or mixed text.

    `index` and `embedder` enable the semantic path; without them only exact mentions count.
    """

    def __init__(
        self,
        concepts: Sequence[Concept],
        *,
        index: ConceptIndex | None = None,
        embedder: Embedder | None = None,
        weights: RankingWeights | None = None,
    ) -> None:
        self.concepts = tuple(concepts)
        self.gazetteer = Gazetteer(self.concepts)
        self.index = index if embedder is not None else None
        self.embedder = embedder
        self.weights = weights or RankingWeights()
        self._priors = np.asarray([c.prior for c in self.concepts], dtype=np.float32)

    def extract(self, text: object, *, top_k: int = 20, lang: str = "auto") -> Extraction:
        """Extract concepts from one text; raises `ExtractionError` for unusable input."""
        result = self.extract_many([text], top_k=top_k, lang=lang)[0]
        if isinstance(result, ExtractionError):
            raise result
        return result

    def extract_many(
        self, texts: Sequence[object], *, top_k: int = 20, lang: str = "auto"
    ) -> list[Extraction | ExtractionError]:
        """Extract from many texts at once (one embedding batch); errors are returned."""
        if lang not in LANGUAGES:
            raise ExtractionError("unknown_language")
        prepared: list[_Prepared | ExtractionError] = []
        for text in texts:
            try:
                prepared.append(_prepare(text, lang))
            except ExtractionError as error:
                prepared.append(error)
        similarities = self._semantic_scores(
            [item for item in prepared if isinstance(item, _Prepared)]
        )
        results: list[Extraction | ExtractionError] = []
        for item in prepared:
            if isinstance(item, ExtractionError):
                results.append(item)
                continue
            results.append(self._rank(item, next(similarities, None), top_k))
        return results

    def _semantic_scores(self, items: list[_Prepared]) -> Any:
        """Yield, per prepared text, its (queries × concepts) similarity matrix or None."""
        if self.index is None or self.embedder is None:
            return iter([None] * len(items))
        texts = [query.text for item in items for query in item.queries]
        vectors = self.embedder.embed_queries(texts) if texts else None
        return _per_item(items, vectors, self.index)

    def _rank(self, item: _Prepared, similarities: FloatMatrix | None, top_k: int) -> Extraction:
        evidence: dict[int, _Evidence] = {}
        self._add_mentions(evidence, self.gazetteer.find(item.normalized))
        if similarities is not None and similarities.size:
            self._add_semantic(evidence, item, similarities)
        skills = self._score(evidence, item.normalized)
        return Extraction(tuple(skills[: max(top_k, 0)]), item.lang, item.warnings)

    def _add_mentions(self, evidence: dict[int, _Evidence], mentions: list[Mention]) -> None:
        weights = self.weights
        for mention in mentions:
            strength = 1.0 if mention.is_label else weights.alias_factor
            if mention.contained:
                strength *= weights.contained_factor
            found = evidence.setdefault(mention.concept, _Evidence())
            found.lexical = max(found.lexical, strength)
            found.spans.append((mention.start, mention.end))

    def _add_semantic(
        self, evidence: dict[int, _Evidence], item: _Prepared, similarities: FloatMatrix
    ) -> None:
        """Sentence-level similarity blended with the best clause, top candidates only."""
        weights = self.weights
        combined, best_query = _blend_queries(item, similarities, weights.sentence_share)
        count = min(weights.candidates_per_query * max(len(item.sentences), 1), combined.size)
        candidates = np.argpartition(-combined, count - 1)[:count]
        candidate_ids = self.index.concept_ids if self.index is not None else candidates
        for column in candidates:
            concept = int(candidate_ids[column])
            found = evidence.setdefault(concept, _Evidence())
            found.semantic = float(combined[column])
            query = item.queries[int(best_query[column])]
            found.semantic_span = (query.start, query.end)
        for concept, found in evidence.items():
            if found.semantic == 0.0 and self.index is not None:
                column = int(np.searchsorted(self.index.concept_ids, concept))
                if column < combined.size and self.index.concept_ids[column] == concept:
                    found.semantic = float(combined[column])

    def _score(
        self, evidence: dict[int, _Evidence], normalized: NormalizedText
    ) -> list[ExtractedSkill]:
        weights = self.weights
        span = weights.semantic_ceiling - weights.semantic_floor
        total = weights.lexical + weights.semantic + weights.prior
        skills = []
        for concept_index, found in evidence.items():
            semantic = min(max((found.semantic - weights.semantic_floor) / span, 0.0), 1.0)
            prior = float(self._priors[concept_index])
            score = (
                weights.lexical * found.lexical
                + weights.semantic * semantic
                + weights.prior * prior
            ) / total
            if score < weights.min_score:
                continue
            skills.append(self._skill(concept_index, found, score, normalized))
        skills.sort(key=lambda skill: (-skill.score, skill.concept_id))
        return skills

    def _skill(
        self, concept_index: int, found: _Evidence, score: float, normalized: NormalizedText
    ) -> ExtractedSkill:
        concept = self.concepts[concept_index]
        explicit = found.lexical > 0.0
        raw_spans = _outermost(found.spans) if explicit else [found.semantic_span or (0, 0)]
        spans = tuple(normalized.to_original(start, end) for start, end in raw_spans)
        return ExtractedSkill(
            concept_id=concept.id,
            uri=concept.uri,
            label_en=concept.label_en,
            label_zh=concept.label_zh,
            score=score,
            kind="explicit" if explicit else "inferred",
            spans=spans,
        )


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Distinct spans in text order, without spans nested inside another one."""
    ordered = sorted(set(spans), key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in ordered:
        if kept and kept[-1][0] <= start and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def _per_item(items: list[_Prepared], vectors: FloatMatrix | None, index: ConceptIndex) -> Any:
    position = 0
    for item in items:
        count = len(item.queries)
        if vectors is None or count == 0:
            yield None
            continue
        yield index.similarities(vectors[position : position + count])
        position += count


def _blend_queries(
    item: _Prepared, similarities: FloatMatrix, sentence_share: float
) -> tuple[FloatMatrix, Any]:
    """Per concept: share × best sentence score + (1 − share) × best clause score.

    Queries are the sentences followed by the clauses of sentences that have several.
    Returns the blended scores and, per concept, the query that scored best.
    """
    sentence_count = len(item.sentences)
    best_query = similarities.argmax(axis=0)
    best_sentence = similarities[:sentence_count].max(axis=0)
    if len(item.queries) == sentence_count:
        return best_sentence, best_query
    best_clause = similarities[sentence_count:].max(axis=0)
    best_clause = np.maximum(best_clause, best_sentence)
    return sentence_share * best_sentence + (1 - sentence_share) * best_clause, best_query


def _prepare(text: object, lang: str) -> _Prepared:
    if not isinstance(text, str):
        raise ExtractionError("not_text")
    warnings: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        warnings.append("truncated")
    if not text.strip():
        raise ExtractionError("empty_text")
    if _looks_binary(text):
        raise ExtractionError("binary_text")
    normalized = normalize_text(text)
    sentences = split_sentences(normalized.text)
    if not sentences:
        raise ExtractionError("no_words")
    detected = _detect_language(normalized.text) if lang == "auto" else lang
    sentences = _distinct(sentences)
    clauses = _distinct(
        [clause for sentence in sentences for clause in _clauses_if_several(sentence)]
    )
    if len(sentences) + len(clauses) > MAX_QUERIES:
        warnings.append("semantic_truncated")
        sentences = sentences[:MAX_QUERIES]
        clauses = clauses[: MAX_QUERIES - len(sentences)]
    return _Prepared(
        normalized, detected, tuple(warnings), tuple(sentences), (*sentences, *clauses)
    )


def _distinct(segments: list[Segment]) -> list[Segment]:
    """First occurrence of each distinct text (repeated boilerplate is embedded once)."""
    seen: set[str] = set()
    kept = []
    for segment in segments:
        if segment.text not in seen:
            seen.add(segment.text)
            kept.append(segment)
    return kept


def _clauses_if_several(sentence: Segment) -> list[Segment]:
    clauses = split_clauses(sentence)
    if len(clauses) == 1 and clauses[0].text == sentence.text:
        return []
    return clauses


def _looks_binary(text: str) -> bool:
    """Mostly control characters, replacement characters or private-use code points."""
    sample = text[:4096]
    bad = sum(
        1
        for char in sample
        if char == "\ufffd"
        or (unicodedata.category(char) in ("Cc", "Co", "Cs") and char not in "\t\n\r")
    )
    return bad > 0.1 * len(sample)


def _detect_language(text: str) -> str:
    """ "zh" when Han characters make up a fair share of the letters, else "en"."""
    letters = [char for char in text[:4096] if char.isalpha()]
    if not letters:
        return "en"
    han = count_cjk("".join(letters))
    return "zh" if han >= 0.2 * len(letters) else "en"
