"""The extraction pipeline: normalize → split → gazetteer + dense retrieval → re-rank."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.gazetteer import Gazetteer, Mention
from talentbridge.extraction.normalize import NormalizedText, count_cjk, normalize_text
from talentbridge.extraction.segment import Segment, split_clauses, split_sentences
from talentbridge.extraction.semantic import ConceptIndex, Embedder, FloatMatrix

MAX_TEXT_CHARS = 100_000
MAX_QUERIES = 256  # sentences + clauses embedded per text; the gazetteer reads everything
LANGUAGES = ("auto", "zh", "en")


class ContentGate(Protocol):
    """Says how much readable content a text has: the summed weight of its tokens that the
    taxonomy's vocabulary knows (0 for "asdf qwer"); `StaticEmbedder` is one."""

    def known_weight(self, text: str) -> float: ...


class ExtractionError(ValueError):
    """Input the engine refuses; `code` is stable and meant for translation by the caller."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """How lexical, semantic and prior evidence combine into one score in [0, 1].

    Cosines are rescaled from [semantic_floor, semantic_ceiling] to [0, 1]. A concept with no
    exact mention (inferred) is kept only when its cosine is above the floor and its score
    reaches `min_inferred`; no concept is inferred from a text whose known content weight (see
    `ContentGate`) is below `min_content`.
    """

    lexical: float = 0.3
    semantic: float = 1.0
    prior: float = 0.1
    alias_factor: float = 0.9
    contained_factor: float = 0.6
    semantic_floor: float = 0.78
    semantic_ceiling: float = 0.93
    sentence_share: float = 0.6
    candidates_per_query: int = 40
    preselect_factor: int = 4
    min_score: float = 0.02
    min_inferred: float = 0.0
    min_content: float = 0.0
    # a semantic candidate gains label_overlap × (share of its English label's content words
    # that the text contains) on the rescaled cosine: "lead and motivate people" lifts
    # "motivate others" above its near neighbours
    label_overlap: float = 0.0


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
        content_gate: ContentGate | None = None,
    ) -> None:
        self.concepts = tuple(concepts)
        self.content_gate = content_gate
        self.gazetteer = Gazetteer(self.concepts)
        self.index = index if embedder is not None else None
        self.embedder = embedder
        self.weights = weights or RankingWeights()
        self._priors = np.asarray([c.prior for c in self.concepts], dtype=np.float32)
        self._label_words: dict[int, frozenset[str]] = {}

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

    def _semantic_scores(self, items: list[_Prepared]) -> Iterator[_QueryScores | None]:
        """Yield, per prepared text, its sentence scores and clause vectors (or None).

        Every query of the batch is embedded at once and every sentence is scored against
        every concept in one matrix product; clauses are scored later, against the
        sentence-level candidates only (see `_add_semantic`).
        """
        if self.index is None or self.embedder is None or not items:
            return iter([None] * len(items))
        texts = [query.text for item in items for query in item.queries]
        vectors = self.embedder.embed_queries(texts)
        sentence_rows = np.concatenate(
            [_sentence_rows(item, start) for item, start in zip(items, _starts(items), strict=True)]
        )
        sentence_scores = self.index.similarities(vectors[sentence_rows])
        return _per_item(items, vectors, sentence_scores)

    def _rank(self, item: _Prepared, scores: _QueryScores | None, top_k: int) -> Extraction:
        evidence: dict[int, _Evidence] = {}
        self._add_mentions(evidence, self.gazetteer.find(item.normalized))
        if scores is not None and self.index is not None and self._has_content(item):
            self._add_semantic(evidence, item, scores, self.index)
        skills = self._score(evidence, item.normalized, top_k)
        return Extraction(tuple(skills), item.lang, item.warnings)

    def _has_content(self, item: _Prepared) -> bool:
        if self.content_gate is None or self.weights.min_content <= 0.0:
            return True
        return self.content_gate.known_weight(item.normalized.text) >= self.weights.min_content

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
        self,
        evidence: dict[int, _Evidence],
        item: _Prepared,
        scores: _QueryScores,
        index: ConceptIndex,
    ) -> None:
        """Per concept: share × best sentence cosine + (1 − share) × best clause cosine
        (never below the sentence's), for the top candidates and the exact mentions."""
        weights = self.weights
        by_sentence = scores.sentences
        if not by_sentence.size:
            return
        best_sentence = by_sentence.max(axis=0)
        count = min(weights.candidates_per_query * max(len(item.sentences), 1), best_sentence.size)
        pool = min(count * max(weights.preselect_factor, 1), best_sentence.size)
        columns = _top_columns(best_sentence, pool)
        mentioned = _columns_of(index, list(evidence))
        columns = np.union1d(columns, mentioned) if mentioned.size else columns
        sentence_part = best_sentence[columns]
        best_query = by_sentence[:, columns].argmax(axis=0)
        combined = sentence_part
        if len(scores.clauses):
            by_clause = index.similarities_for(scores.clauses, columns)
            best_clause = by_clause.max(axis=0)
            clause_wins = best_clause > sentence_part
            best_query = np.where(
                clause_wins, len(item.sentences) + by_clause.argmax(axis=0), best_query
            )
            share = weights.sentence_share
            combined = share * sentence_part + (1 - share) * np.maximum(best_clause, sentence_part)
        top = np.argpartition(-combined, min(count, combined.size) - 1)[:count]
        concept_ids = index.concept_ids[columns].tolist()
        scores_list = combined.tolist()
        queries = best_query.tolist()
        for position in top.tolist():
            found = evidence.setdefault(concept_ids[position], _Evidence())
            found.semantic = scores_list[position]
            query = item.queries[queries[position]]
            found.semantic_span = (query.start, query.end)
        if mentioned.size:
            positions = np.searchsorted(columns, mentioned).tolist()
            for position in positions:
                found = evidence[concept_ids[position]]
                found.semantic = max(found.semantic, scores_list[position])

    def _score(
        self, evidence: dict[int, _Evidence], normalized: NormalizedText, top_k: int
    ) -> list[ExtractedSkill]:
        """Score every concept with evidence; build results for the best `top_k` only."""
        weights = self.weights
        span = weights.semantic_ceiling - weights.semantic_floor
        total = weights.lexical + weights.semantic + weights.prior
        text_words = content_words(normalized.text) if weights.label_overlap else frozenset()
        scored: list[tuple[float, str, int]] = []
        for concept_index, found in evidence.items():
            rescaled = (found.semantic - weights.semantic_floor) / span
            if text_words and found.semantic > 0.0:
                rescaled += weights.label_overlap * self._overlap(concept_index, text_words)
            semantic = min(max(rescaled, 0.0), 1.0)
            prior = float(self._priors[concept_index])
            score = (
                weights.lexical * found.lexical
                + weights.semantic * semantic
                + weights.prior * prior
            ) / total
            if score < weights.min_score:
                continue
            if found.lexical == 0.0 and (semantic <= 0.0 or score < weights.min_inferred):
                continue
            scored.append((-score, self.concepts[concept_index].id, concept_index))
        scored.sort()
        return [
            self._skill(concept_index, evidence[concept_index], -negative, normalized)
            for negative, _id, concept_index in scored[: max(top_k, 0)]
        ]

    def _overlap(self, concept_index: int, text_words: frozenset[str]) -> float:
        """Share of the concept's English label content words found in the text."""
        words = self._label_words.get(concept_index)
        if words is None:
            words = content_words(self.concepts[concept_index].label_en)
            self._label_words[concept_index] = words
        return len(words & text_words) / len(words) if words else 0.0

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


@dataclass(frozen=True, slots=True)
class _QueryScores:
    """One text's sentence × concept cosines and its clause vectors."""

    sentences: FloatMatrix
    clauses: FloatMatrix


def _starts(items: list[_Prepared]) -> list[int]:
    starts, position = [], 0
    for item in items:
        starts.append(position)
        position += len(item.queries)
    return starts


def _sentence_rows(item: _Prepared, start: int) -> NDArray[np.intp]:
    return np.arange(start, start + len(item.sentences), dtype=np.intp)


def _per_item(
    items: list[_Prepared], vectors: FloatMatrix, sentence_scores: FloatMatrix
) -> Iterator[_QueryScores]:
    """Cut the batch's matrices back into one `_QueryScores` per text (queries are the
    sentences followed by the clauses of sentences that have several)."""
    sentence_position = 0
    for item, start in zip(items, _starts(items), strict=True):
        count = len(item.sentences)
        yield _QueryScores(
            sentence_scores[sentence_position : sentence_position + count],
            vectors[start + count : start + len(item.queries)],
        )
        sentence_position += count


_WORD = re.compile(r"[a-z]+")
_STOP_WORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
    "as", "is", "are", "be", "you", "your", "our", "we", "will", "can", "who", "that", "this",
    "it", "its", "other", "others", "use", "using", "work",
})  # fmt: skip


def content_words(text: str) -> frozenset[str]:
    """Lower-case English words of three letters or more, without function words."""
    return frozenset(
        word for word in _WORD.findall(text.lower()) if len(word) > 2 and word not in _STOP_WORDS
    )


def _top_columns(values: FloatMatrix, count: int) -> NDArray[np.intp]:
    """Positions of the `count` largest values (as `argpartition` finds them), partitioning
    only the values above a threshold read off a 1-in-16 sample when enough are above it."""
    if count >= values.size:
        return np.arange(values.size, dtype=np.intp)
    sample = values[::16]
    rank = min(2 * (count // 16) + 4, sample.size)
    threshold = np.partition(sample, sample.size - rank)[sample.size - rank]
    above = np.flatnonzero(values >= threshold)
    if above.size < count:  # the sample misjudged: partition everything
        return np.argpartition(-values, count - 1)[:count]
    return above[np.argpartition(-values[above], count - 1)[:count]]


def _columns_of(index: ConceptIndex, concepts: list[int]) -> NDArray[np.intp]:
    """Index columns of the given concept positions (those that have passages)."""
    if not concepts:
        return np.zeros(0, dtype=np.intp)
    wanted = np.asarray(sorted(concepts), dtype=np.int32)
    columns = np.searchsorted(index.concept_ids, wanted)
    columns = np.minimum(columns, len(index.concept_ids) - 1)
    return columns[index.concept_ids[columns] == wanted].astype(np.intp)


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
