from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from talentbridge.extraction import (
    Concept,
    ExtractionError,
    Extractor,
    RankingWeights,
    build_index,
)
from talentbridge.extraction.engine import MAX_QUERIES, MAX_TEXT_CHARS
from talentbridge.extraction.semantic import FloatMatrix
from talentbridge.extraction.tests.conftest import ToyEmbedder

TOY_WEIGHTS = RankingWeights(semantic_floor=0.2, semantic_ceiling=0.9)


def semantic_extractor(concepts: list[Concept], cache_dir: Path | None = None) -> Extractor:
    embedder = ToyEmbedder()
    index = build_index(concepts, embedder, cache_dir=cache_dir, release="test")
    return Extractor(concepts, index=index, embedder=embedder, weights=TOY_WEIGHTS)


def test_results_are_ranked_best_first_and_cut_at_top_k(lexical_extractor: Extractor) -> None:
    text = "Photoshop, AI, JavaScript, Java and teamwork"
    skills = lexical_extractor.extract(text, top_k=3).skills
    assert len(skills) == 3
    scores = [skill.score for skill in skills]
    assert scores == sorted(scores, reverse=True)
    everything = lexical_extractor.extract(text, top_k=20).skills
    assert len(everything) == 5


def test_preferred_label_outranks_alias_and_prior_breaks_ties(
    lexical_extractor: Extractor,
) -> None:
    skills = lexical_extractor.extract("JavaScript and Photoshop and teamwork").skills
    order = [skill.concept_id for skill in skills]
    assert order.index("js") < order.index("ps")
    assert order.index("teams") < order.index("ps")


def test_spans_are_offsets_into_the_original_text(lexical_extractor: Extractor) -> None:
    text = "<b>熟練使用ＰＳ</b>，負責短視頻剪輯"
    skills = {skill.concept_id: skill for skill in lexical_extractor.extract(text).skills}
    assert [text[a:b] for a, b in skills["ps"].spans] == ["ＰＳ"]
    assert [text[a:b] for a, b in skills["video"].spans] == ["短視頻剪輯"]
    assert skills["ps"].kind == "explicit"


def test_contract_dictionary_has_exactly_the_agreed_keys(lexical_extractor: Extractor) -> None:
    skill = lexical_extractor.extract("Photoshop").skills[0]
    as_dict = skill.as_dict()
    assert set(as_dict) == {"uri", "label_en", "label_zh", "score", "kind", "spans"}
    assert as_dict["uri"] == "u:ps"
    assert as_dict["spans"] == [[0, 9]]
    assert 0.0 < as_dict["score"] <= 1.0


def test_semantic_path_infers_a_concept_with_no_exact_mention(concepts: list[Concept]) -> None:
    extractor = semantic_extractor(concepts)
    text = "能独立完成product photos拍摄"
    skills = extractor.extract(text, top_k=3).skills
    assert skills[0].concept_id == "photo"
    assert skills[0].kind == "inferred"
    start, end = skills[0].spans[0]
    assert "product photos" in text[start:end]


def test_label_words_in_the_text_lift_a_semantic_candidate(concepts: list[Concept]) -> None:
    from dataclasses import replace

    from talentbridge.extraction.engine import content_words

    assert content_words("Lead and motivate the others, use AI!") == {"lead", "motivate"}
    embedder = ToyEmbedder()
    index = build_index(concepts, embedder, cache_dir=None, release="test")
    text = "we edit footage for our application on the web"

    def ranked(overlap: float, source: str) -> dict[str, float]:
        weights = replace(TOY_WEIGHTS, label_overlap=overlap)
        extractor = Extractor(concepts, index=index, embedder=embedder, weights=weights)
        return {s.concept_id: s.score for s in extractor.extract(source, top_k=20).skills}

    # "web application": both content words are in the text -> a higher score than without
    assert ranked(0.5, text)["webapp"] > ranked(0.0, text).get("webapp", 0.0)
    # no English word in the text: nothing changes
    assert ranked(0.5, "能独立完成商品拍摄") == ranked(0.0, "能独立完成商品拍摄")


def test_concept_embeddings_are_cached_on_disk(concepts: list[Concept], tmp_path: Path) -> None:
    first = ToyEmbedder()
    build_index(concepts, first, cache_dir=tmp_path, release="r1")
    assert first.calls > 0
    assert len(list((tmp_path / "extraction").glob("r1-*.npy"))) == 1
    second = ToyEmbedder()
    build_index(concepts, second, cache_dir=tmp_path, release="r1")
    assert second.calls == 0  # the vectors come from disk
    changed = [*concepts, Concept("new", "u:new", label_en="new concept")]
    build_index(changed, ToyEmbedder(), cache_dir=tmp_path, release="r1")
    assert len(list((tmp_path / "extraction").glob("r1-*.npy"))) == 2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n\t ", "empty_text"),
        (None, "not_text"),
        (42, "not_text"),
        ("\x00\x01\x02\x03garbage\x04\x05\x06\x07\x08\x0e\x0f", "binary_text"),
        ("\ufffd" * 50, "binary_text"),
        ("!!! ??? ...", "no_words"),
    ],
)
def test_unusable_input_raises_a_coded_error(
    lexical_extractor: Extractor, text: object, code: str
) -> None:
    with pytest.raises(ExtractionError) as raised:
        lexical_extractor.extract(text)
    assert raised.value.code == code


def test_emoji_mixed_scripts_and_html_scripts_do_not_break_extraction(
    lexical_extractor: Extractor,
) -> None:
    text = "🎬😀 熟悉 Photoshop ✨ и AI 동영상 <script>alert('AI')</script> العربية"
    skills = lexical_extractor.extract(text).skills
    assert {skill.concept_id for skill in skills} == {"ps", "ai"}
    ai = next(skill for skill in skills if skill.concept_id == "ai")
    assert [text[a:b] for a, b in ai.spans] == ["AI"]


def test_very_long_text_is_truncated_with_a_warning(lexical_extractor: Extractor) -> None:
    text = "Photoshop. " + "x" * (MAX_TEXT_CHARS + 10)
    result = lexical_extractor.extract(text)
    assert result.warnings == ("truncated",)
    assert result.skills[0].concept_id == "ps"


def test_language_is_detected_unless_given(lexical_extractor: Extractor) -> None:
    assert lexical_extractor.extract("熟练使用PS软件进行修图").lang == "zh"
    assert lexical_extractor.extract("Photoshop skills").lang == "en"
    assert lexical_extractor.extract("Photoshop skills", lang="zh").lang == "zh"
    with pytest.raises(ExtractionError):
        lexical_extractor.extract("Photoshop", lang="fr")


def test_repeated_and_very_many_sentences_are_embedded_a_bounded_number_of_times(
    concepts: list[Concept],
) -> None:
    embedder = ToyEmbedder()
    index = build_index(concepts, embedder, cache_dir=None, release="test")
    seen: list[int] = []

    class CountingEmbedder(ToyEmbedder):
        def embed_queries(self, texts):  # type: ignore[no-untyped-def]
            seen.append(len(texts))
            return super().embed_queries(texts)

    extractor = Extractor(concepts, index=index, embedder=CountingEmbedder(), weights=TOY_WEIGHTS)
    repeated = extractor.extract("Photoshop. " * 500)
    assert seen[-1] == 1
    assert repeated.warnings == ()
    many = extractor.extract(" ".join(f"Skill item{n}x." for n in range(MAX_QUERIES + 50)))
    assert seen[-1] == MAX_QUERIES
    assert many.warnings == ("semantic_truncated",)
    everywhere = extractor.extract("Photoshop. " + "filler words. " * 400 + "teamwork at the end.")
    assert {"ps", "teams"} <= {skill.concept_id for skill in everywhere.skills}


def test_top_columns_finds_the_same_set_as_a_full_partition() -> None:
    import numpy as np

    from talentbridge.extraction.engine import _top_columns

    rng = np.random.default_rng(3)
    for size, count in [(14456, 160), (1000, 40), (50, 50), (70, 80), (5000, 1)]:
        values = rng.random(size).astype(np.float32)
        expected = set(np.argsort(-values)[: min(count, size)].tolist())
        assert set(_top_columns(values, count).tolist()) == expected
    # the large values sit where the 1-in-16 sample never looks: the fallback still finds them
    values = np.zeros(16000, dtype=np.float32)
    hidden = np.arange(1, 16000, 16)[:200]
    values[hidden] = 1.0 + np.arange(200, dtype=np.float32)
    assert set(_top_columns(values, 160).tolist()) == set(hidden[-160:].tolist())


def test_concept_index_pools_each_concepts_passages_whatever_their_order() -> None:
    import numpy as np

    from talentbridge.extraction.semantic import ConceptIndex

    rng = np.random.default_rng(5)
    # concepts 0..39 with 1–3 passages in shuffled order; concepts 40 and 41 have none
    owners = np.repeat(np.arange(40, dtype=np.int32), rng.integers(1, 4, size=40))
    owners = rng.permutation(owners)
    vectors = rng.standard_normal((len(owners), 8)).astype(np.float32)
    queries = rng.standard_normal((5, 8)).astype(np.float32)
    index = ConceptIndex.from_vectors(vectors, owners)
    brute = np.stack(
        [(queries @ vectors[owners == concept].T).max(axis=1) for concept in range(40)], axis=1
    )
    assert index.singles == int(np.count_nonzero(np.bincount(owners) == 1)) > 0
    np.testing.assert_allclose(index.similarities(queries), brute[:, index.concept_ids], rtol=1e-5)
    columns = index.columns_of([41, 7, 3, 7, 40, 39])
    assert sorted(index.concept_ids[columns].tolist()) == [3, 7, 39]
    np.testing.assert_allclose(
        index.similarities_for(queries, columns), brute[:, index.concept_ids[columns]], rtol=1e-5
    )
    singles = np.arange(index.singles)[:4]
    np.testing.assert_allclose(
        index.similarities_for(queries, singles), brute[:, index.concept_ids[singles]], rtol=1e-5
    )


VIEW_CONCEPTS = [
    Concept(id="esco:edit", uri="http://data.europa.eu/esco/skill/edit",
            label_en="edit digital moving images", label_zh="编辑数字动态影像"),
    Concept(id="dc.cut", uri="urn:talentbridge:concept:dc.cut", label_en="short-video editing",
            label_zh="短视频剪辑", aliases_zh=("剪辑",)),
    Concept(id="dc.live", uri="urn:talentbridge:concept:dc.live", label_en="live streaming",
            label_zh="直播带货"),
    Concept(id="esco:team", uri="http://data.europa.eu/esco/skill/team",
            label_en="work in teams", label_zh="团队合作"),
]  # fmt: skip
ESCO_VIEW = {"esco:edit": "esco:edit", "dc.cut": "esco:edit", "esco:team": "esco:team"}


def test_a_view_carries_extension_evidence_to_the_esco_concept_and_drops_the_rest() -> None:
    whole = Extractor(VIEW_CONCEPTS)
    text = "负责短视频剪辑和直播带货，团队合作"
    assert {s.concept_id for s in whole.extract(text).skills} == {"dc.cut", "dc.live", "esco:team"}
    view = whole.with_view(ESCO_VIEW)
    skills = view.extract(text).skills
    assert [s.concept_id for s in skills] == ["esco:edit", "esco:team"]
    edit = skills[0]
    assert edit.kind == "explicit" and edit.uri == "http://data.europa.eu/esco/skill/edit"
    assert [text[a:b] for a, b in edit.spans] == ["短视频剪辑"]
    # the carried score is the extension concept's own score
    carried = next(s for s in whole.extract(text).skills if s.concept_id == "dc.cut")
    assert edit.score == carried.score
    # the engine itself is unchanged, and None restores the whole taxonomy
    assert {s.concept_id for s in whole.extract(text).skills} == {"dc.cut", "dc.live", "esco:team"}
    assert view.with_view(None).extract(text).skills == whole.extract(text).skills


def test_a_view_keeps_the_best_evidence_once_and_still_cuts_at_top_k() -> None:
    view = Extractor(VIEW_CONCEPTS).with_view(ESCO_VIEW)
    text = "编辑数字动态影像；剪辑；团队合作"
    skills = view.extract(text, top_k=5).skills
    assert [s.concept_id for s in skills].count("esco:edit") == 1
    edit = skills[0]
    assert sorted(text[a:b] for a, b in edit.spans) == ["剪辑", "编辑数字动态影像"]
    assert len(view.extract(text, top_k=1).skills) == 1


class RecordingEmbedder(ToyEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.passages: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.passages.extend(text for text in texts if text != "dimension probe")
        return super().embed_passages(texts)


def test_a_changed_vocabulary_embeds_only_its_new_passages(tmp_path: Path) -> None:
    first = [Concept(id="a", uri="u:a", label_en="video editing", label_zh="视频剪辑"),
             Concept(id="b", uri="u:b", label_en="photography")]  # fmt: skip
    cold = RecordingEmbedder()
    before = build_index(first, cold, cache_dir=tmp_path, release="r1")
    assert sorted(cold.passages) == ["photography", "video editing", "视频剪辑"]
    # a curated alias and a new concept: only their passages reach the model
    second = [Concept(id="a", uri="u:a", label_en="video editing", label_zh="视频剪辑",
                      passages=("剪片",)),
              Concept(id="b", uri="u:b", label_en="photography"),
              Concept(id="c", uri="u:c", label_en="storyboarding")]  # fmt: skip
    warm = RecordingEmbedder()
    after = build_index(second, warm, cache_dir=tmp_path, release="r1")
    assert sorted(warm.passages) == ["storyboarding", "剪片"]
    fresh = build_index(second, ToyEmbedder(), cache_dir=None, release="r1")
    assert np.allclose(after.vectors, fresh.vectors, atol=2e-3)  # float16 on disk
    assert np.allclose(before.vectors[:1], after.vectors[:1], atol=2e-3)
    # loading the same vocabulary again embeds nothing
    again = RecordingEmbedder()
    build_index(second, again, cache_dir=tmp_path, release="r1")
    assert again.passages == [] and again.calls == 0


def test_max_new_refuses_a_cold_cache_and_large_changes(tmp_path: Path) -> None:
    concepts = [Concept(id="a", uri="u:a", label_en="video editing")]
    with pytest.raises(LookupError):
        build_index(concepts, ToyEmbedder(), cache_dir=tmp_path, release="r", max_new=10)
    assert not list(tmp_path.rglob("*.npy"))
    build_index(concepts, ToyEmbedder(), cache_dir=tmp_path, release="r")
    more = [
        *concepts,
        *(Concept(id=f"c{i}", uri=f"u:{i}", label_en=f"skill {i}") for i in range(3)),
    ]
    with pytest.raises(LookupError):
        build_index(more, ToyEmbedder(), cache_dir=tmp_path, release="r", max_new=2)
    few = RecordingEmbedder()
    build_index(more, few, cache_dir=tmp_path, release="r", max_new=3)
    assert sorted(few.passages) == ["skill 0", "skill 1", "skill 2"]
