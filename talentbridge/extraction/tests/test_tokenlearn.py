"""The static table fitted to the teacher's sentence vectors (tokenlearn.py)."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse

from talentbridge.extraction import Concept
from talentbridge.extraction.semantic import FloatMatrix, LazyEmbedder
from talentbridge.extraction.static import StaticEmbedder, Vocabulary, vocabulary_counts
from talentbridge.extraction.tests.conftest import ToyEmbedder
from talentbridge.extraction.tokenlearn import (
    TokenlearnRecipe,
    corpus_sentences,
    fit_table,
    learn,
    token_matrix,
    training_texts,
)

TOY = TokenlearnRecipe(sentences=40, ridge=0.05)


class CountingTeacher(ToyEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.texts += len(texts)
        return super().embed_queries(texts)


def toy_problem(seed: int = 0) -> tuple[scipy.sparse.csr_matrix, FloatMatrix, FloatMatrix]:
    """30 sentences over 12 tokens (tokens 10 and 11 never used), targets from a known table."""
    rng = np.random.default_rng(seed)
    dense = rng.random((30, 12)) * (rng.random((30, 12)) < 0.4)
    dense[:, 10:] = 0.0
    dense[dense.sum(axis=1) == 0, 0] = 1.0
    dense /= dense.sum(axis=1, keepdims=True)
    truth = rng.normal(size=(12, 5)).astype(np.float32)
    start = rng.normal(size=(12, 5)).astype(np.float32)
    return scipy.sparse.csr_matrix(dense), (dense @ truth).astype(np.float32), start


def test_the_fit_solves_the_regularised_least_squares_problem() -> None:
    matrix, targets, start = toy_problem()
    ridge = 0.3
    table = fit_table(matrix, targets, start, ridge)
    dense = matrix.toarray()
    # normal equations of min ||A W − T||² + λ ||W − W0||²
    expected = np.linalg.solve(
        dense.T @ dense + ridge * np.eye(12), dense.T @ targets + ridge * start
    )
    assert np.allclose(table, expected, atol=1e-4)


def test_a_small_ridge_reproduces_the_targets_and_unseen_tokens_keep_their_start() -> None:
    matrix, targets, start = toy_problem(1)
    table = fit_table(matrix, targets, start, 1e-6)
    assert np.abs(matrix @ table - targets).max() < 1e-3
    assert np.array_equal(table[10:], start[10:])  # no sentence used them
    heavy = fit_table(matrix, targets, start, 1e6)
    assert np.abs(heavy - start).max() < 1e-3  # a huge ridge keeps the start table
    with pytest.raises(ValueError):
        fit_table(matrix, targets, start, 0.0)


def test_token_rows_are_sif_weighted_and_sum_to_one() -> None:
    vocabulary = Vocabulary(vocabulary_counts(["the video", "the photo", "the web"]))
    matrix = token_matrix(vocabulary, ["the video", "asdf", "the web"]).toarray()
    assert np.allclose(matrix.sum(axis=1), [1.0, 0.0, 1.0])
    the, video = vocabulary.tokens.index("the"), vocabulary.tokens.index("video")
    assert matrix[0, video] > matrix[0, the]  # the frequent word weighs less


def test_training_texts_are_templated_from_the_taxonomy_and_deterministic(
    concepts: list[Concept],
) -> None:
    texts = training_texts(concepts, 30, seed=1)
    assert texts == training_texts(concepts, 30, seed=1)
    assert len(texts) == len(set(texts)) <= 30
    assert any("视频剪辑" in text or "剪辑" in text for text in texts)
    assert any("photographing goods" in text for text in texts)  # a description sentence


def test_the_fitted_table_is_cached_by_teacher_vocabulary_and_recipe(
    concepts: list[Concept], tmp_path: Path
) -> None:
    teacher = CountingTeacher()
    first = learn(concepts, lambda: teacher, cache_dir=tmp_path, teacher_name="toy", recipe=TOY)
    texts = training_texts(concepts, TOY.sentences, seed=TOY.seed)
    assert teacher.texts == len(first.vocabulary) + len(texts)  # tokens, then sentences
    assert first.dim == 256  # the teacher's space: comparable with its concept vectors
    again = learn(concepts, None, cache_dir=tmp_path, teacher_name="toy", recipe=TOY)
    assert again.name == first.name and np.array_equal(again.vectors, first.vectors)
    teacher.texts = 0
    other = learn(
        concepts,
        lambda: teacher,
        cache_dir=tmp_path,
        teacher_name="toy",
        recipe=TokenlearnRecipe(sentences=40, ridge=1.0),
    )
    assert teacher.texts == 0  # a new ridge reuses the cached token and sentence vectors
    assert other.name != first.name and not np.array_equal(other.vectors, first.vectors)
    grown = [*concepts, Concept("new", "u:new", label_en="storyboard artist")]
    bigger = learn(grown, lambda: teacher, cache_dir=tmp_path, teacher_name="toy", recipe=TOY)
    assert teacher.texts > 0 and bigger.name != first.name  # a new vocabulary: fitted again
    with pytest.raises(LookupError):
        learn(concepts, None, cache_dir=tmp_path, teacher_name="other", recipe=TOY)


def test_the_shipped_job_ad_corpus_is_read_and_weighted_into_the_fit(
    concepts: list[Concept], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentences = corpus_sentences()
    assert len(sentences) > 5000 and all(s.strip() == s and s for s in sentences)
    assert any("experience" in s.lower() for s in sentences)  # real English job-ad text
    monkeypatch.setattr(
        "talentbridge.extraction.tokenlearn.corpus_sentences",
        lambda: ("you will edit short videos in premiere", "photo retouching for shops"),
    )
    teacher = CountingTeacher()
    plain = learn(concepts, lambda: teacher, cache_dir=tmp_path, teacher_name="toy", recipe=TOY)
    teacher.texts = 0
    recipe = TokenlearnRecipe(sentences=40, ridge=0.05, corpus_weight=3.0)
    weighted = learn(
        concepts, lambda: teacher, cache_dir=tmp_path, teacher_name="toy", recipe=recipe
    )
    assert teacher.texts == 2  # only the corpus sentences are new to the teacher
    assert weighted.name != plain.name and "-c3-" in weighted.name
    assert not np.array_equal(weighted.vectors, plain.vectors)
    heavier = learn(
        concepts,
        lambda: teacher,
        cache_dir=tmp_path,
        teacher_name="toy",
        recipe=TokenlearnRecipe(sentences=40, ridge=0.05, corpus_weight=30.0),
    )
    assert teacher.texts == 2  # cached per group of texts
    truth = teacher.embed_queries(["you will edit short videos in premiere"])

    def agreement(table: StaticEmbedder) -> float:
        return float(
            np.sum(table.embed_queries(["you will edit short videos in premiere"]) * truth)
        )

    # the heavier the corpus rows, the closer the fit follows the teacher on them
    assert agreement(heavier) > agreement(weighted) > agreement(plain)


def test_the_fit_moves_sentence_vectors_towards_the_teacher(
    concepts: list[Concept], tmp_path: Path
) -> None:
    teacher = ToyEmbedder()
    fitted = learn(concepts, lambda: teacher, cache_dir=None, teacher_name="toy", recipe=TOY)
    unfitted = learn(
        concepts,
        lambda: teacher,
        cache_dir=None,
        teacher_name="toy",
        recipe=TokenlearnRecipe(sentences=40, ridge=1e6),
    )
    texts = training_texts(concepts, TOY.sentences, seed=TOY.seed)
    truth = teacher.embed_queries(texts)

    def agreement(static: FloatMatrix) -> float:
        return float(np.mean(np.sum(static * truth, axis=1)))

    assert agreement(fitted.embed_queries(texts)) > agreement(unfitted.embed_queries(texts)) + 0.05


def test_a_lazy_embedder_loads_its_model_only_when_asked() -> None:
    made: list[ToyEmbedder] = []

    def make() -> ToyEmbedder:
        made.append(ToyEmbedder())
        return made[-1]

    lazy = LazyEmbedder("toy-trigram-256", make)
    assert not lazy.loaded and made == []
    assert lazy.embed_passages(["video"]).shape == (1, 256)
    assert lazy.loaded and len(made) == 1
    lazy.embed_queries(["photo"])
    assert len(made) == 1


def test_the_joint_embedder_blends_the_two_cosines(concepts: list[Concept]) -> None:
    from talentbridge.extraction import build_index
    from talentbridge.extraction.static import JointEmbedder, StaticRecipe, distill, joint_index

    teacher = ToyEmbedder()
    fitted = learn(concepts, lambda: teacher, cache_dir=None, teacher_name="toy", recipe=TOY)
    plain = distill(
        concepts,
        lambda: teacher,
        cache_dir=None,
        teacher_name="toy",
        recipe=StaticRecipe(pca_dims=8),
    )
    joint = JointEmbedder(fitted, plain, share=0.75)
    index = joint_index(
        joint,
        build_index(concepts, teacher, cache_dir=None, release="t"),
        build_index(concepts, plain, cache_dir=None, release="t"),
    )
    text = ["photos of products for the shop"]
    fitted_cos = build_index(concepts, teacher, cache_dir=None, release="t").similarities(
        fitted.embed_queries(text)
    )
    plain_cos = build_index(concepts, plain, cache_dir=None, release="t").similarities(
        plain.embed_queries(text)
    )
    # max-pooling over passages happens on the blend, so compare concepts with one passage
    # (the three indexes group the same passages, so their columns line up)
    single = index.columns_of(
        [i for i, c in enumerate(concepts) if not c.label_zh and not c.passages]
    )
    assert single.size
    blended = index.similarities(joint.embed_queries(text))
    assert joint.dim == fitted.dim + plain.dim
    assert np.allclose(
        blended[0, single], 0.75 * fitted_cos[0, single] + 0.25 * plain_cos[0, single], atol=1e-5
    )
    with pytest.raises(ValueError):
        JointEmbedder(fitted, plain, share=1.0)
