"""The extraction pipeline: normalize → split → gazetteer + dense retrieval → re-rank."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _Lexical:
    """Exact mentions per concept position: the best mention strength and every span."""

    strength: dict[int, float]
    spans: dict[int, list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class _Semantic:
    """Semantic evidence, one entry per concept (the candidates and the mentioned concepts
    that have passages): concept position, combined cosine, and the query it came from."""

    concepts: NDArray[np.intp]
    cosines: NDArray[np.float64]
    queries: NDArray[np.intp]


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
        # float32 first: the same values the scores were always computed from
        self._priors = np.asarray([c.prior for c in self.concepts], np.float32).astype(np.float64)
        # ties in score go to the smaller concept id (its rank among all ids)
        self._id_ranks = np.argsort(np.argsort([c.id for c in self.concepts], kind="stable"))
        self._label_words = _LabelWords(self.concepts)
        # concept position → the position that stands for it in the view (−1: left out);
        # None: every concept stands for itself (see `with_view`)
        self._view: NDArray[np.intp] | None = None

    def with_view(self, targets: Mapping[str, str] | None) -> Extractor:
        """The same engine ranking a view of the taxonomy: ``targets`` maps a concept id to
        the id that stands for it ("" or missing: left out). A concept's evidence (score,
        spans, explicit mention) is carried to its target; a target keeps its best score.
        ``None`` is the whole taxonomy."""
        view = copy.copy(self)
        if targets is None:
            view._view = None
            return view
        position = {concept.id: index for index, concept in enumerate(self.concepts)}
        view._view = np.fromiter(
            (position.get(targets.get(concept.id) or "", -1) for concept in self.concepts),
            np.intp,
            len(self.concepts),
        )
        return view

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
        lexical = self._lexical(self.gazetteer.find(item.normalized))
        semantic = None
        if scores is not None and self.index is not None and self._has_content(item):
            semantic = self._semantic(lexical, item, scores, self.index)
        skills = self._score(lexical, semantic, item, top_k)
        return Extraction(tuple(skills), item.lang, item.warnings)

    def _has_content(self, item: _Prepared) -> bool:
        if self.content_gate is None or self.weights.min_content <= 0.0:
            return True
        return self.content_gate.known_weight(item.normalized.text) >= self.weights.min_content

    def _lexical(self, mentions: list[Mention]) -> _Lexical:
        weights = self.weights
        strength: dict[int, float] = {}
        spans: dict[int, list[tuple[int, int]]] = {}
        for mention in mentions:
            value = 1.0 if mention.is_label else weights.alias_factor
            if mention.contained:
                value *= weights.contained_factor
            concept = mention.concept
            strength[concept] = max(strength.get(concept, 0.0), value)
            spans.setdefault(concept, []).append((mention.start, mention.end))
        return _Lexical(strength, spans)

    def _semantic(
        self, lexical: _Lexical, item: _Prepared, scores: _QueryScores, index: ConceptIndex
    ) -> _Semantic | None:
        """Per concept: share × best sentence cosine + (1 − share) × best clause cosine
        (never below the sentence's), for the top candidates and the exact mentions."""
        weights = self.weights
        by_sentence = scores.sentences
        if not by_sentence.size:
            return None
        single = len(by_sentence) == 1
        best_sentence = by_sentence[0] if single else by_sentence.max(axis=0)
        count = min(weights.candidates_per_query * len(by_sentence), best_sentence.size)
        pool = min(count * max(weights.preselect_factor, 1), best_sentence.size)
        columns = _top_columns(best_sentence, pool)
        mentioned = index.columns_of(list(lexical.strength))
        mentioned_at: list[int] = []
        if mentioned.size:  # the mentioned concepts are scored too (appended if not pooled)
            missing: list[int] = []
            for column in mentioned.tolist():
                found = np.flatnonzero(columns == column)
                if found.size:
                    mentioned_at.append(int(found[0]))
                else:
                    mentioned_at.append(columns.size + len(missing))
                    missing.append(column)
            columns = np.concatenate([columns, np.asarray(missing, dtype=np.intp)])
        sentence_part = best_sentence[columns]
        if single:
            best_query = np.zeros(columns.size, dtype=np.intp)
        else:
            best_query = by_sentence[:, columns].argmax(axis=0)
        combined = sentence_part
        if len(scores.clauses):
            by_clause = index.similarities_for(scores.clauses, columns)
            best_clause = by_clause.max(axis=0)
            clause_wins = best_clause > sentence_part
            best_query = np.where(
                clause_wins, len(by_sentence) + by_clause.argmax(axis=0), best_query
            )
            share = weights.sentence_share
            combined = share * sentence_part + (1 - share) * np.maximum(best_clause, sentence_part)
        kept = np.argpartition(-combined, min(count, combined.size) - 1)[:count]
        if mentioned_at:
            chosen = set(kept.tolist())
            extra = [position for position in mentioned_at if position not in chosen]
            kept = np.concatenate([kept, np.asarray(extra, dtype=np.intp)])
        return _Semantic(
            index.concept_ids[columns[kept]].astype(np.intp),
            combined[kept].astype(np.float64),
            best_query[kept],
        )

    def _score(
        self, lexical: _Lexical, semantic: _Semantic | None, item: _Prepared, top_k: int
    ) -> list[ExtractedSkill]:
        """Score every concept with evidence at once; build results for the best `top_k`."""
        weights = self.weights
        if semantic is None:
            semantic = _Semantic(np.zeros(0, np.intp), np.zeros(0), np.zeros(0, np.intp))
        scored = semantic.concepts.tolist()
        only_lexical = lexical.strength.keys() - set(scored)
        concept_list = scored + sorted(only_lexical)
        if not concept_list:
            return []
        concepts = np.asarray(concept_list, dtype=np.intp)
        cosines = np.zeros(len(concept_list))
        cosines[: len(scored)] = semantic.cosines
        strength = np.fromiter(
            (lexical.strength.get(c, 0.0) for c in concept_list), np.float64, len(concept_list)
        )
        rescaled = (cosines - weights.semantic_floor) / (
            weights.semantic_ceiling - weights.semantic_floor
        )
        if weights.label_overlap:
            overlap = self._label_words.overlap(concept_list, content_words(item.normalized.text))
            rescaled += np.where(cosines > 0.0, weights.label_overlap * overlap, 0.0)
        semantic_part = np.minimum(np.maximum(rescaled, 0.0), 1.0)
        score = (
            weights.lexical * strength
            + weights.semantic * semantic_part
            + weights.prior * self._priors[concepts]
        ) / (weights.lexical + weights.semantic + weights.prior)
        kept = (score >= weights.min_score) & (
            (strength > 0.0) | ((semantic_part > 0.0) & (score >= weights.min_inferred))
        )
        if self._view is not None:
            return self._carried(concept_list, score, kept, scored, semantic, lexical, item, top_k)
        positions = np.flatnonzero(kept)
        order = positions[np.lexsort((self._id_ranks[concepts[positions]], -score[positions]))]
        best = order[: max(top_k, 0)].tolist()
        queries = semantic.queries.tolist()
        return [
            self._skill(
                concept_list[position],
                float(score[position]),
                queries[position] if position < len(scored) else None,
                lexical,
                item,
            )
            for position in best
        ]

    def _carried(
        self,
        concept_list: list[int],
        score: NDArray[np.float64],
        kept: NDArray[np.bool_],
        scored: list[int],
        semantic: _Semantic,
        lexical: _Lexical,
        item: _Prepared,
        top_k: int,
    ) -> list[ExtractedSkill]:
        """The ranking of a view: each kept concept's evidence goes to its target."""
        assert self._view is not None
        concepts = np.asarray(concept_list, dtype=np.intp)
        targets = self._view[concepts]
        positions = np.flatnonzero(kept & (targets >= 0))
        order = positions[np.lexsort((self._id_ranks[targets[positions]], -score[positions]))]
        sources: dict[int, list[int]] = {}
        for position in order.tolist():
            target = int(targets[position])
            if target in sources:
                sources[target].append(position)
            elif len(sources) < top_k:
                sources[target] = [position]
        queries = semantic.queries.tolist()
        skills = []
        for target, carried in sources.items():
            spans = [
                span
                for position in carried
                for span in lexical.spans.get(concept_list[position], ())
            ]
            best = carried[0]
            evidence = _Lexical({}, {target: spans}) if spans else _Lexical({}, {})
            skills.append(
                self._skill(
                    target,
                    float(score[best]),
                    queries[best] if best < len(scored) else None,
                    evidence,
                    item,
                )
            )
        return skills

    def _skill(
        self,
        concept_index: int,
        score: float,
        query_index: int | None,
        lexical: _Lexical,
        item: _Prepared,
    ) -> ExtractedSkill:
        concept = self.concepts[concept_index]
        found = lexical.spans.get(concept_index)
        if found is not None:
            raw_spans = _outermost(found)
        elif query_index is not None:
            query = item.queries[query_index]
            raw_spans = [(query.start, query.end)]
        else:
            raw_spans = [(0, 0)]
        to_original = item.normalized.to_original
        return ExtractedSkill(
            concept.id,
            concept.uri,
            concept.label_en,
            concept.label_zh,
            score,
            "explicit" if found is not None else "inferred",
            tuple([to_original(start, end) for start, end in raw_spans]),
        )


class _LabelWords:
    """The content words of each concept's English label (computed once)."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self._words = [content_words(concept.label_en) for concept in concepts]

    def overlap(self, concepts: list[int], text_words: frozenset[str]) -> NDArray[np.float64]:
        """Per concept, the share of its label's content words found among `text_words`."""
        if not text_words:
            return np.zeros(len(concepts))
        shares = (
            len(words & text_words) / len(words) if words else 0.0
            for words in map(self._words.__getitem__, concepts)
        )
        return np.fromiter(shares, np.float64, len(concepts))


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
    visible = sample.replace("\n", "").replace("\t", "").replace("\r", "")
    if visible.isprintable() and "\ufffd" not in sample:
        return False  # no control, private-use, surrogate or replacement character
    bad = sum(
        1
        for char in sample
        if char == "\ufffd"
        or (unicodedata.category(char) in ("Cc", "Co", "Cs") and char not in "\t\n\r")
    )
    return bad > 0.1 * len(sample)


def _detect_language(text: str) -> str:
    """ "zh" when Han characters make up a fair share of the letters, else "en"."""
    letters = "".join(filter(str.isalpha, text[:4096]))
    if not letters:
        return "en"
    return "zh" if count_cjk(letters) >= 0.2 * len(letters) else "en"
