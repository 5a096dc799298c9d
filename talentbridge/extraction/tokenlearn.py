"""Fit the static token table to the sentence model's sentence vectors (tokenlearn-style).

The plain distillation (`static.distill`) embeds every token alone; a sentence's static vector
is then a weighted mean of vectors the teacher never saw in context, and it lives in a
different space from the teacher's concept vectors. Here the table is fitted so that the
static vector of a training sentence approximates the teacher's `query:` vector of the same
sentence, in the teacher's own 384-dimensional space:

    min_W ||A W − T||² + λ ||W − W0||²

with A the (n × V) row-normalised SIF-weighted token-count matrix of n training sentences,
T their teacher vectors and W0 the tokens' own teacher vectors (unseen tokens keep them).
The closed form in the dual, W = W0 + Aᵀ (A Aᵀ + λ I)⁻¹ (T − A W0), needs one n × n
Cholesky solve. The static query vectors can then be compared with the teacher's cached
concept matrix (the accurate mode's index) directly.

Training sentences: texts of the taxonomy shipped with the product (ESCO v1.1 texts,
CC BY 4.0, and the project's digital-creative extension) — description sentences, labels and
aliases in templated job-ad phrases ("experience with X", "熟练使用X", "负责X") — plus, when
the recipe asks for it, real English job-ad sentences shipped in
``data/skillspan_sentences.txt.xz`` (SkillSpan train/dev splits, MIT; every sentence of the
SkillSpan test split, which the TECH/HOUSE benchmarks annotate, removed — see
``data/SOURCE.md``). Never the benchmark sentences.
"""

from __future__ import annotations

import hashlib
import lzma
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import numpy as np
import scipy.sparse
from numpy.typing import NDArray

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.semantic import (
    Embedder,
    FloatMatrix,
    ProgressCallback,
    cached_matrix,
)
from talentbridge.extraction.static import (
    StaticEmbedder,
    Vocabulary,
    distill_raw,
)

_FORMAT = 1
_BATCH = 64
CORPUS = Path(__file__).resolve().parent / "data" / "skillspan_sentences.txt.xz"
_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s*")
EN_TEMPLATES = (
    "{x}",
    "Experience with {x}.",
    "You will {x}.",
    "Ability to {x}.",
    "Knowledge of {x} is a plus.",
    "Strong skills in {x}.",
    "Responsible for {x}.",
    "We are looking for someone who can {x}.",
    "Proven experience in {x} and {y}.",
    "Familiar with {x}, {y}.",
)
CHINESE_SHARE = 0.3  # of the training sentences; the rest are English
CHINESE_REPEATS = 8  # templated sentences per Chinese-labelled concept
ZH_TEMPLATES = (
    "{x}",
    "熟练使用{x}",
    "负责{x}",
    "具备{x}能力",
    "熟悉{x}和{y}",
    "有{x}相关经验者优先",
    "能独立完成{x}",
    "负责{x}，{y}",
    "精通{x}",
    "了解{x}",
)


@dataclass(frozen=True, slots=True)
class TokenlearnRecipe:
    """How the table is fitted; part of the cache key."""

    sentences: int = 8000
    ridge: float = 0.1
    seed: int = 13
    corpus_weight: float = 0.0  # 0: no job-ad corpus; else the weight of its rows in the fit

    @property
    def key(self) -> str:
        corpus = f"-c{self.corpus_weight:g}" if self.corpus_weight else ""
        return f"tl{_FORMAT}-n{self.sentences}-l{self.ridge:g}-s{self.seed}{corpus}"


@cache
def corpus_sentences() -> tuple[str, ...]:
    """The shipped real job-ad sentences (one per line)."""
    with lzma.open(CORPUS, "rt", encoding="utf-8") as handle:
        return tuple(line.rstrip("\n") for line in handle if line.strip())


def training_texts(concepts: Sequence[Concept], count: int, *, seed: int = 13) -> list[str]:
    """`count` distinct training sentences built from the concepts' own texts (deterministic)."""
    rng = random.Random(seed)
    english_pool: list[str] = []
    chinese_pool: list[str] = []
    english = [c for c in concepts if c.label_en]
    chinese = [c for c in concepts if c.label_zh]
    for concept in concepts:
        sentences = [s for s in _SENTENCE_END.split(concept.description) if len(s) > 12]
        english_pool.extend(sentences[:2])
    for concept in english:
        english_pool.append(_fill(rng, EN_TEMPLATES, _english_surface(rng, concept), english))
    for concept in chinese:
        for _repeat in range(CHINESE_REPEATS):
            chinese_pool.append(_fill(rng, ZH_TEMPLATES, _chinese_surface(rng, concept), chinese))
    chinese_texts = _sample(rng, chinese_pool, round(count * CHINESE_SHARE))
    return chinese_texts + _sample(rng, english_pool, count - len(chinese_texts))


def _sample(rng: random.Random, pool: list[str], count: int) -> list[str]:
    distinct = sorted(set(pool))
    rng.shuffle(distinct)
    return distinct[: max(count, 0)]


def _english_surface(rng: random.Random, concept: Concept) -> str:
    return rng.choice([concept.label_en, *concept.aliases_en])


def _chinese_surface(rng: random.Random, concept: Concept) -> str:
    return rng.choice([concept.label_zh, *concept.aliases_zh])


def _fill(
    rng: random.Random, templates: Sequence[str], surface: str, others: Sequence[Concept]
) -> str:
    template = rng.choice(templates)
    other = rng.choice(others)
    second = other.label_zh if templates is ZH_TEMPLATES else other.label_en
    return template.format(x=surface, y=second)


def token_matrix(vocabulary: Vocabulary, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
    """(texts × vocabulary) SIF-weighted token counts, each row summing to 1 (empty rows 0)."""
    weights = vocabulary.weight_matrix(texts).astype(np.float64)
    totals = np.asarray(weights.sum(axis=1)).ravel()
    scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0.0)
    return scipy.sparse.csr_matrix(scipy.sparse.diags(scale) @ weights)


def fit_table(
    matrix: scipy.sparse.csr_matrix,
    targets: FloatMatrix,
    start: FloatMatrix,
    ridge: float,
    *,
    tolerance: float = 1e-6,
    max_iterations: int = 1000,
) -> FloatMatrix:
    """argmin_W ||A W − T||² + λ ||W − W0||², by conjugate gradients on the normal equations
    (AᵀA + λI) D = Aᵀ(T − A W0), W = W0 + D, every output dimension at once (memory stays
    O(nnz + V × d), so tens of thousands of sentences fit)."""
    if ridge <= 0.0:
        raise ValueError("ridge_must_be_positive")
    operator = matrix.astype(np.float64)
    transposed = operator.T.tocsr()
    base = start.astype(np.float64)
    right = transposed @ (targets.astype(np.float64) - operator @ base)

    def apply(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(transposed @ (operator @ x) + ridge * x)

    solution = np.zeros_like(right)
    residual = right.copy()
    direction = residual.copy()
    power = np.einsum("ij,ij->j", residual, residual)
    limit = (tolerance**2) * np.maximum(power, 1e-30)
    for _step in range(max_iterations):
        if np.all(power <= limit):
            break
        image = apply(direction)
        curvature = np.einsum("ij,ij->j", direction, image)
        alpha = np.where(power > limit, power / np.maximum(curvature, 1e-300), 0.0)
        solution += direction * alpha
        residual -= image * alpha
        new_power = np.einsum("ij,ij->j", residual, residual)
        direction = residual + direction * (new_power / np.maximum(power, 1e-300))
        power = new_power
    return (base + solution).astype(np.float32)


def teacher_targets(
    teacher: Embedder, texts: Sequence[str], progress: ProgressCallback | None
) -> FloatMatrix:
    chunks: list[FloatMatrix] = []
    for begin in range(0, len(texts), _BATCH):
        chunks.append(teacher.embed_queries(list(texts[begin : begin + _BATCH])))
        if progress:
            progress(min(begin + _BATCH, len(texts)), len(texts))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros((0, 1), np.float32)


def learn(
    concepts: Sequence[Concept],
    teacher: Callable[[], Embedder] | None,
    *,
    cache_dir: Path | None,
    teacher_name: str,
    recipe: TokenlearnRecipe | None = None,
    progress: ProgressCallback | None = None,
) -> StaticEmbedder:
    """The fitted static embedder (teacher space), from the cache or fitted now.

    Cold cost: the teacher embeds every vocabulary token (shared with `static.distill`) and
    the `recipe.sentences` training sentences; the fit itself takes seconds.
    """
    recipe = recipe or TokenlearnRecipe()
    made: list[Embedder] = []

    def shared_teacher() -> Embedder:
        if not made:
            if teacher is None:
                raise LookupError("static_cache_missing")
            made.append(teacher())
        return made[0]

    vocabulary, start = distill_raw(
        concepts, shared_teacher, cache_dir=cache_dir, teacher_name=teacher_name, progress=progress
    )
    groups = [training_texts(concepts, recipe.sentences, seed=recipe.seed)]
    if recipe.corpus_weight:
        groups.append(list(corpus_sentences()))
    digests = [hashlib.sha256("\x00".join(g).encode()).hexdigest()[:16] for g in groups]
    folder = cache_dir / "extraction" if cache_dir else None
    base = f"tokenlearn-{teacher_name}-{vocabulary.digest}"
    name = f"{base}-{recipe.key}-{'-'.join(digests)}"

    def teach(texts: list[str]) -> FloatMatrix:
        return teacher_targets(shared_teacher(), texts, progress)

    def fit() -> FloatMatrix:
        targets = [  # the teacher's vectors, cached per group of texts
            cached_matrix(
                folder / f"{base}-targets-{digest}.npy" if folder else None,
                len(texts),
                partial(teach, texts),
            )
            for texts, digest in zip(groups, digests, strict=True)
        ]
        matrices = [token_matrix(vocabulary, texts) for texts in groups]
        if len(groups) > 1:  # rows weighted: scale A and T by sqrt(weight)
            scale = float(np.sqrt(recipe.corpus_weight))
            matrices[1] = matrices[1] * scale
            targets[1] = targets[1] * scale
        table = fit_table(
            scipy.sparse.vstack(matrices).tocsr(), np.concatenate(targets), start, recipe.ridge
        )
        return table.astype(np.float16).astype(np.float32)  # as stored

    table = cached_matrix(folder / f"{name}.npy" if folder else None, len(vocabulary), fit)
    return StaticEmbedder(vocabulary, table, name=name)
