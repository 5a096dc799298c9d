"""Static token embeddings distilled from the sentence model (model2vec-style, word level).

The transformer is far too slow to run on every sentence of a large batch, so the fast path
embeds a text as the weighted mean of fixed per-token vectors:

1. The vocabulary is every token of the taxonomy's texts (labels, aliases, descriptions):
   lower-cased Latin words, jieba words of Chinese runs and their single Han characters (so an
   unknown Chinese word still reads through its characters).
2. Each vocabulary token is run once through the teacher model (multilingual-e5-small as a
   `query:`), optionally projected on its principal components (PCA, mean removed), then
   weighted by SIF, `a / (a + p(token))`, with `p` its frequency in the taxonomy texts, so
   "and" or "的" weigh little and "photoshop" a lot.
3. A text's vector is the weighted mean of its known tokens, L2-normalized; a text with no
   known token gets a zero vector (nothing semantic can be inferred from it).

The distilled table is cached on disk under `<cache>/extraction/`, keyed by the teacher
model, a hash of the vocabulary and the recipe; the first build shows a progress bar.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path

import jieba
import numpy as np
import scipy.sparse
from numpy.typing import NDArray

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.normalize import normalize_label
from talentbridge.extraction.semantic import (
    ConceptIndex,
    Embedder,
    FloatMatrix,
    ProgressCallback,
    cached_matrix,
)

_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-][a-z0-9+#]+)*")
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(_LATIN_WORD.pattern + "|" + _HAN_RUN.pattern)
_BATCH = 256
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class StaticRecipe:
    """How the token table is distilled; part of the cache key.

    `pca_dims` 0 keeps the teacher's dimensions (the mean is still removed); `sif_a` is the
    SIF smoothing constant (smaller: frequent tokens weigh less).
    """

    pca_dims: int = 256
    sif_a: float = 1e-3
    remove_mean: bool = True

    @property
    def key(self) -> str:
        return f"v{_FORMAT}-pca{self.pca_dims}-sif{self.sif_a:g}-mean{int(self.remove_mean)}"


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def raw_tokens(text: str) -> list[str]:
    """Lower-cased Latin words and jieba words of the Han runs, in text order."""
    tokens: list[str] = []
    for found in _TOKEN.finditer(text.lower()):
        piece = found.group()
        if piece[0] >= "\u3400":
            tokens.extend(_jieba().lcut(piece, HMM=False))
        else:
            tokens.append(piece)
    return tokens


def vocabulary_counts(texts: Iterable[str]) -> Counter[str]:
    """Token frequencies over the given texts; Han words also count their characters."""
    counts: Counter[str] = Counter()
    for text in texts:
        for token in raw_tokens(normalize_label(text)):
            counts[token] += 1
            if len(token) > 1 and token[0] >= "\u3400":
                counts.update(token)
    return counts


def concept_texts(concepts: Sequence[Concept]) -> list[str]:
    """Every text of the taxonomy the vocabulary is built from."""
    texts: list[str] = []
    for concept in concepts:
        texts.extend(
            text
            for text in (
                concept.label_en,
                concept.label_zh,
                *concept.aliases_en,
                *concept.aliases_zh,
                *concept.passages,
                concept.description,
            )
            if text
        )
    return texts


class Vocabulary:
    """The taxonomy's tokens with their SIF weights; also the `ContentGate` of the engine."""

    def __init__(self, counts: Counter[str], *, sif_a: float = 1e-3) -> None:
        self.tokens = tuple(sorted(counts))
        self.weights = _sif_weights(list(self.tokens), counts, sif_a)
        self.digest = hashlib.sha256("\x00".join(self.tokens).encode()).hexdigest()[:16]
        self._ids = {token: index for index, token in enumerate(self.tokens)}

    @classmethod
    def of(
        cls, concepts: Sequence[Concept], *, cache_dir: Path | None, sif_a: float = 1e-3
    ) -> Vocabulary:
        """Count the tokens of the concepts' texts (cached: jieba over every text is slow)."""
        texts = concept_texts(concepts)
        digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
        path = (
            cache_dir / "extraction" / f"vocabulary-v{_FORMAT}-{digest}.json" if cache_dir else None
        )
        counts = _load_counts(path) if path else None
        if counts is None:
            counts = vocabulary_counts(texts)
            if path:
                _write_atomically(path, json.dumps(counts, ensure_ascii=False).encode())
        return cls(counts, sif_a=sif_a)

    def __len__(self) -> int:
        return len(self.tokens)

    def token_ids(self, text: str) -> list[int]:
        """Vocabulary ids of a text's tokens (unknown Han words fall back to characters,
        unknown Latin words to their singular)."""
        ids: list[int] = []
        for token in raw_tokens(text):
            found = self._ids.get(token)
            if found is not None:
                ids.append(found)
            elif token[0] >= "\u3400":
                ids.extend(self._ids[char] for char in token if char in self._ids)
            elif token.endswith("s") and token[:-1] in self._ids:
                ids.append(self._ids[token[:-1]])
        return ids

    def weight_matrix(self, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
        """(texts × vocabulary) SIF weight of each known token of each text (a token that
        occurs twice counts twice)."""
        ids = [self.token_ids(text) for text in texts]
        lengths = np.fromiter(map(len, ids), dtype=np.intp, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.intp, count=int(lengths.sum()))
        pointers = np.concatenate([[0], np.cumsum(lengths)])
        return scipy.sparse.csr_matrix(
            (self.weights[flat], flat, pointers), shape=(len(ids), len(self))
        )

    def known_weight(self, text: str) -> float:
        """Sum of the SIF weights of the text's distinct known tokens (0: nothing we can
        read; "test test test" counts "test" once)."""
        ids = list(set(self.token_ids(text)))
        return float(self.weights[ids].sum()) if ids else 0.0


class StaticEmbedder:
    """Weighted mean of static token vectors; satisfies the `Embedder` protocol."""

    def __init__(self, vocabulary: Vocabulary, vectors: FloatMatrix, *, name: str) -> None:
        if len(vocabulary) != len(vectors):
            raise ValueError("static_table_mismatch")
        self.name = name
        self.vocabulary = vocabulary
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def known_weight(self, text: str) -> float:
        return self.vocabulary.known_weight(text)

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> FloatMatrix:
        return _unit_rows(weighted_sums(self.vocabulary, self.vectors, texts))


def weighted_sums(vocabulary: Vocabulary, table: FloatMatrix, texts: Sequence[str]) -> FloatMatrix:
    """Per text, the SIF-weighted sum of its known tokens' rows of `table` (zero without any),
    as one sparse by dense product for the batch."""
    return np.asarray(vocabulary.weight_matrix(texts) @ table, dtype=np.float32)


def _unit_rows(vectors: FloatMatrix) -> FloatMatrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0.0)


def distill(
    concepts: Sequence[Concept],
    teacher: Callable[[], Embedder] | None,
    *,
    cache_dir: Path | None,
    teacher_name: str,
    recipe: StaticRecipe | None = None,
    progress: ProgressCallback | None = None,
) -> StaticEmbedder:
    """The static embedder for this taxonomy: loaded from the cache, or distilled from the
    teacher (built by the `teacher` callable only when the cache is cold)."""
    recipe = recipe or StaticRecipe()
    vocabulary, raw = distill_raw(
        concepts,
        teacher,
        cache_dir=cache_dir,
        teacher_name=teacher_name,
        sif_a=recipe.sif_a,
        progress=progress,
    )
    name = f"static-{teacher_name}-{vocabulary.digest}-{recipe.key}"
    folder = cache_dir / "extraction" if cache_dir else None
    vectors = cached_matrix(
        folder / f"{name}.npy" if folder else None,
        len(vocabulary),
        lambda: _project(raw, recipe).astype(np.float16).astype(np.float32),  # as stored
    )
    return StaticEmbedder(vocabulary, vectors, name=name)


def distill_raw(
    concepts: Sequence[Concept],
    teacher: Callable[[], Embedder] | None,
    *,
    cache_dir: Path | None,
    teacher_name: str,
    sif_a: float = 1e-3,
    progress: ProgressCallback | None = None,
) -> tuple[Vocabulary, FloatMatrix]:
    """The vocabulary and each token's own teacher vector (cached; the teacher is built only
    when the cache is cold)."""
    vocabulary = Vocabulary.of(concepts, cache_dir=cache_dir, sif_a=sif_a)
    tokens = list(vocabulary.tokens)
    base = f"static-{teacher_name}-{vocabulary.digest}"
    folder = cache_dir / "extraction" if cache_dir else None

    def teach() -> FloatMatrix:
        if teacher is None:
            raise LookupError("static_cache_missing")
        return _teach(teacher(), tokens, progress).astype(np.float16).astype(np.float32)

    raw = cached_matrix(folder / f"{base}-teacher.npy" if folder else None, len(tokens), teach)
    return vocabulary, raw


def _sif_weights(tokens: list[str], counts: Counter[str], smoothing: float) -> NDArray[np.float32]:
    total = float(sum(counts.values())) or 1.0
    frequency = np.asarray([counts[token] for token in tokens], dtype=np.float64) / total
    return (smoothing / (smoothing + frequency)).astype(np.float32)


def _teach(teacher: Embedder, tokens: list[str], progress: ProgressCallback | None) -> FloatMatrix:
    """Each token through the teacher once (as a query, like the texts it will stand for)."""
    chunks: list[FloatMatrix] = []
    for start in range(0, len(tokens), _BATCH):
        chunks.append(teacher.embed_queries(tokens[start : start + _BATCH]))
        if progress:
            progress(min(start + _BATCH, len(tokens)), len(tokens))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros((0, 1), np.float32)


def _project(vectors: FloatMatrix, recipe: StaticRecipe) -> FloatMatrix:
    """Remove the common mean and keep the leading principal components."""
    if not len(vectors):
        return vectors
    centred = vectors - vectors.mean(axis=0) if recipe.remove_mean else vectors
    dims = recipe.pca_dims
    if dims and dims < centred.shape[1] and len(centred) > dims:
        _u, _s, components = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
        centred = (centred @ components[:dims].T).astype(np.float32)
    return centred.astype(np.float32)


def _load_counts(path: Path) -> Counter[str] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict):
        return None
    return Counter({str(token): int(count) for token, count in stored.items()})


def _write_atomically(path: Path, data: bytes) -> None:
    """Write atomically so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class JointEmbedder:
    """Two static embedders over the same vocabulary side by side: the dot product of two
    joint vectors is `share × cos(first) + (1 − share) × cos(second)` (each part unit length,
    scaled by the square root of its share); pair it with `joint_index` over the same
    concepts. A text is tokenized once and both tables are read in one gather."""

    def __init__(self, first: StaticEmbedder, second: StaticEmbedder, *, share: float) -> None:
        if not 0.0 < share < 1.0:
            raise ValueError("share_out_of_range")
        if first.vocabulary.tokens != second.vocabulary.tokens:
            raise ValueError("vocabulary_mismatch")
        self.name = f"joint-{share:g}-{first.name}-{second.name}"
        self.vocabulary = first.vocabulary
        self.split = first.dim
        self.table = np.hstack([first.vectors, second.vectors])
        self.scales = (float(np.sqrt(share)), float(np.sqrt(1.0 - share)))

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])

    def known_weight(self, text: str) -> float:
        return self.vocabulary.known_weight(text)

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> FloatMatrix:
        sums = weighted_sums(self.vocabulary, self.table, texts)
        return self.join(_unit_rows(sums[:, : self.split]), _unit_rows(sums[:, self.split :]))

    def join(self, first: FloatMatrix, second: FloatMatrix) -> FloatMatrix:
        """Rows of the two spaces (each unit length) as joint rows."""
        return np.hstack([self.scales[0] * first, self.scales[1] * second]).astype(np.float32)


def joint_index(embedder: JointEmbedder, first: ConceptIndex, second: ConceptIndex) -> ConceptIndex:
    """The concept index in the joint space (both indexes built from the same concepts)."""
    if not np.array_equal(first.owners, second.owners):
        raise ValueError("index_mismatch")
    return first.with_vectors(embedder.join(first.vectors, second.vectors))
