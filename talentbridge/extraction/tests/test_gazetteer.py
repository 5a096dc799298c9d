from talentbridge.extraction import Concept
from talentbridge.extraction.gazetteer import Gazetteer
from talentbridge.extraction.normalize import normalize_text


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    """(concept index as label, matched original text) pairs."""
    normalized = normalize_text(text)
    pairs = []
    for mention in gazetteer.find(normalized):
        start, end = normalized.to_original(mention.start, mention.end)
        pairs.append((str(mention.concept), text[start:end]))
    return pairs


def ids(concepts: list[Concept], gazetteer: Gazetteer, text: str) -> set[str]:
    return {concepts[int(index)].id for index, _ in found(gazetteer, text)}


def test_latin_acronym_needs_word_boundaries(concepts: list[Concept]) -> None:
    gazetteer = Gazetteer(concepts)
    assert "ai" not in ids(concepts, gazetteer, "Maintain the pipeline")
    assert "ai" in ids(concepts, gazetteer, "Maintain the AI pipeline")
    assert "ai" in ids(concepts, gazetteer, "熟悉AI绘画")


def test_all_caps_acronym_does_not_fire_on_a_common_word(concepts: list[Concept]) -> None:
    gazetteer = Gazetteer(concepts)
    hits = found(gazetteer, "Use LESS, write less code")
    less = str(next(i for i, c in enumerate(concepts) if c.id == "less"))
    assert [text for index, text in hits if index == less] == ["LESS"]


def test_all_lower_case_tag_lists_still_match(concepts: list[Concept]) -> None:
    gazetteer = Gazetteer(concepts)
    assert {"js", "java"} <= ids(concepts, gazetteer, "javascript reactjs java")


def test_qualifier_is_optional_and_java_does_not_fire_inside_javascript(
    concepts: list[Concept],
) -> None:
    gazetteer = Gazetteer(concepts)
    assert ids(concepts, gazetteer, "JavaScript developer") == {"js"}
    assert "java" in ids(concepts, gazetteer, "Java (computer programming) or Java")


def test_plural_form_matches(concepts: list[Concept]) -> None:
    gazetteer = Gazetteer(concepts)
    hits = found(gazetteer, "Build web applications.")
    assert [text for _, text in hits] == ["web applications"]


def test_full_width_and_traditional_text_match_with_original_offsets(
    concepts: list[Concept],
) -> None:
    gazetteer = Gazetteer(concepts)
    hits = {text for _, text in found(gazetteer, "熟練使用ＰＳ，負責短視頻剪輯")}
    assert {"ＰＳ", "短視頻剪輯", "短視頻"} <= hits


def test_mention_inside_a_longer_mention_of_another_concept_is_marked(
    concepts: list[Concept],
) -> None:
    gazetteer = Gazetteer(concepts)
    normalized = normalize_text("负责短视频剪辑")
    by_concept = {concepts[m.concept].id: m for m in gazetteer.find(normalized)}
    assert by_concept["short"].contained
    assert not by_concept["video"].contained


def test_two_character_chinese_term_needs_word_alignment(concepts: list[Concept]) -> None:
    gazetteer = Gazetteer(concepts)
    assert "accounting" in ids(concepts, gazetteer, "具有会计从业经验")
    assert "accounting" not in ids(concepts, gazetteer, "学会计算机基础")


def test_empty_concept_list_matches_nothing() -> None:
    assert Gazetteer([]).find(normalize_text("AI")) == []


def test_capitalised_two_letter_abbreviation_matches_only_as_written() -> None:
    concepts = [
        Concept(id="animate", uri="u:animate", label_en="Adobe Animate", aliases_zh=("An",))
    ]
    gazetteer = Gazetteer(concepts)
    assert ids(concepts, gazetteer, "熟练使用PS、AI、An等软件") == {"animate"}
    assert ids(concepts, gazetteer, "Create an animation with Adobe Animate") == {"animate"}
    assert [text for _, text in found(gazetteer, "Write an essay. AN exam.")] == []


def test_latin_alias_known_only_in_chinese_needs_chinese_text() -> None:
    concepts = [
        Concept(
            id="illustrator",
            uri="u:ill",
            label_en="Adobe Illustrator",
            label_zh="Illustrator",
            aliases_zh=("AI", "AI软件"),
        ),
        Concept(id="ai", uri="u:ai", label_en="artificial intelligence", aliases_en=("AI",)),
    ]
    gazetteer = Gazetteer(concepts)
    assert ids(concepts, gazetteer, "熟练使用PS、AI") == {"illustrator", "ai"}
    assert ids(concepts, gazetteer, "Use AI tools for marketing") == {"ai"}
    assert ids(concepts, gazetteer, "Vector work in Adobe Illustrator") == {"illustrator"}
