"""Integrity tests for the shipped taxonomy data (pure Python, no database)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from talentbridge.taxonomy.data import (
    DATA_DIR,
    EXTENSION_KINDS,
    MAJOR_LEVELS,
    TAGGABLE_KINDS,
    load_certificates,
    load_cn_occupations,
    load_crosswalks,
    load_esco_broader_skills,
    load_esco_isco_groups,
    load_esco_occupation_skills,
    load_esco_occupations,
    load_esco_skill_groups,
    load_esco_skills,
    load_esco_skills_hierarchy,
    load_esco_zh_alt_labels,
    load_esco_zh_labels,
    load_extension,
    load_majors,
    load_manifest,
    release_id,
    verify_manifest,
)
from talentbridge.taxonomy.data.files import ESCO_MATCHES

MAJOR_CODE_PATTERNS = {
    "secondary": r"7\d{5}",
    "higher_vocational": r"5\d{5}",
    "vocational_bachelor": r"3\d{5}",
    "bachelor": r"\d{6}[A-Z]{0,2}",
}
CN_LEVELS = {"major", "mid", "small", "occupation", "job_type"}
CERT_LEVELS = {"初级", "中级", "高级"}
# fmt: off
REQUIRED_SURFACE_FORMS = (
     "photoshop", "illustrator", "indesign", "premiere", "after effects", "davinci resolve",
     "final cut pro", "cinema 4d", "blender", "maya", "3ds max", "zbrush", "houdini", "nuke",
     "unreal engine", "unity", "figma", "sketch", "axure", "剪映", "醒图", "稿定设计",
     "canva", "创客贴", "千川", "巨量引擎", "巨量百应", "抖店", "千牛", "生意参谋", "蝉妈妈",
     "135编辑器", "秀米", "lightroom", "capture one", "audition", "procreate", "spine",
     "live2d", "marvelous designer", "octane", "redshift", "v-ray", "keyshot", "midjourney",
     "stable diffusion", "comfyui", "lora", "runway", "可灵", "即梦", "美工", "主图",
     "详情页", "店铺装修", "场控", "中控", "选品", "投流", "直播话术", "直播间搭建", "涨粉",
     "私域", "小红书", "公众号", "seo", "sem", "分镜", "调色", "团队协作", "沟通能力",
     "审美能力", "抗压能力", "创新能力",
)
# fmt: on
# ESCO v1.1.1 itself relates 67 skills to this occupation URI, which its occupations file lacks.
UPSTREAM_DANGLING_OCCUPATIONS = {
    "http://data.europa.eu/esco/occupation/a9e54177-a185-404d-b6e6-15663d31137e"
}


def test_manifest_lists_every_data_file_with_matching_checksum() -> None:
    listed = {entry.path for entry in load_manifest().files}
    on_disk = {
        path.relative_to(DATA_DIR).as_posix()
        for path in DATA_DIR.rglob("*")
        if path.is_file() and path.name.endswith((".csv", ".csv.xz", ".jsonl.xz"))
    }
    assert listed == on_disk
    assert verify_manifest() == []
    assert load_manifest().versions["esco"] == "1.1.1"


def test_release_id_is_short_hex_and_changes_when_a_file_changes(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert re.fullmatch(r"[0-9a-f]{16}", release_id())
    assert release_id(copy) == release_id()
    target = copy / "majors.csv"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert verify_manifest(copy) == ["majors.csv"]


def test_esco_files_parse_with_expected_sizes() -> None:
    assert len(load_esco_skills()) == 13_896
    assert len(load_esco_occupations()) == 3_007
    assert len(load_esco_skill_groups()) == 640
    assert len(load_esco_isco_groups()) == 619
    assert len(load_esco_skills_hierarchy()) == 647
    assert len(load_esco_broader_skills()) == 20_656


def test_esco_descriptions_are_shortened_and_uris_unique() -> None:
    skills = load_esco_skills()
    assert len({skill.uri for skill in skills}) == len(skills)
    assert max(len(skill.description) for skill in skills) <= 301
    assert all(skill.label for skill in skills)


@pytest.mark.slow
def test_esco_occupation_skill_relations_point_at_known_concepts() -> None:
    skill_uris = {skill.uri for skill in load_esco_skills()}
    occupation_uris = {occupation.uri for occupation in load_esco_occupations()}
    relations = load_esco_occupation_skills()
    assert len(relations) == 123_855
    assert {relation.relation for relation in relations} == {"essential", "optional"}
    dangling = {relation.occupation_uri for relation in relations} - occupation_uris
    assert dangling == UPSTREAM_DANGLING_OCCUPATIONS
    assert {relation.skill_uri for relation in relations} <= skill_uris


def test_extension_ids_are_unique_slugs() -> None:
    concepts = load_extension()
    counts = Counter(concept.id for concept in concepts)
    assert [key for key, count in counts.items() if count > 1] == []
    assert all(re.fullmatch(r"dc(\.[a-z0-9_]+)+", concept.id) for concept in concepts)


def test_extension_forms_a_tree_of_domains_areas_and_concepts() -> None:
    by_id = {concept.id: concept for concept in load_extension()}
    for concept in by_id.values():
        if concept.kind == "domain":
            assert concept.parent_id == "", concept.id
            continue
        assert concept.parent_id in by_id, concept.id
        assert concept.id.startswith(concept.parent_id + "."), concept.id
        seen = {concept.id}
        parent = concept.parent_id
        while parent:
            assert parent not in seen, f"cycle at {concept.id}"
            seen.add(parent)
            parent = by_id[parent].parent_id
        root = min(seen, key=len)
        assert by_id[root].kind == "domain", concept.id


def test_extension_kinds_labels_and_size() -> None:
    concepts = load_extension()
    assert {concept.kind for concept in concepts} <= EXTENSION_KINDS
    taggable = [concept for concept in concepts if concept.kind in TAGGABLE_KINDS]
    assert len(taggable) >= 650
    for concept in concepts:
        assert concept.label_zh.strip() and concept.label_en.strip(), concept.id
        assert concept.description_zh.strip() and concept.description_en.strip(), concept.id
        assert re.search(r"[\u4e00-\u9fff]", concept.description_zh), concept.id
    for kind in ("skill", "knowledge", "tool", "transversal"):
        assert any(concept.kind == kind for concept in taggable), kind


def test_extension_esco_links_exist_and_have_chinese_labels() -> None:
    skill_uris = {skill.uri for skill in load_esco_skills()}
    zh_labels = load_esco_zh_labels()
    for concept in load_extension():
        assert concept.esco_match in ESCO_MATCHES, concept.id
        assert bool(concept.esco_uri) == bool(concept.esco_match), concept.id
        if concept.esco_uri:
            assert concept.esco_uri in skill_uris, concept.id
            assert zh_labels.get(concept.esco_uri), concept.id
    assert set(zh_labels) <= skill_uris


def test_chinese_alternative_labels_of_esco_skills_are_clean() -> None:
    skill_uris = {skill.uri for skill in load_esco_skills()}
    zh_labels = load_esco_zh_labels()
    alternatives = load_esco_zh_alt_labels()
    assert len(alternatives) >= 200 and set(alternatives) <= skill_uris
    for uri, aliases in alternatives.items():
        assert zh_labels.get(uri), uri  # an alias only where there is a label
        assert len(set(aliases)) == len(aliases) and zh_labels[uri] not in aliases, uri
        assert all(alias == alias.strip() and alias for alias in aliases), uri


def test_extension_covers_required_tools_and_topics() -> None:
    surface = {
        form.lower()
        for concept in load_extension()
        for form in (concept.label_zh, concept.label_en, *concept.alt_zh, *concept.alt_en)
    }
    required = REQUIRED_SURFACE_FORMS
    missing = [term for term in required if term.lower() not in surface]
    assert missing == []


def test_majors_codes_match_their_level() -> None:
    majors = load_majors()
    assert {major.level for major in majors} <= MAJOR_LEVELS
    assert {major.level for major in majors} == MAJOR_LEVELS
    keys = Counter((major.code, major.level) for major in majors)
    assert [key for key, count in keys.items() if count > 1] == []
    for major in majors:
        assert re.fullmatch(MAJOR_CODE_PATTERNS[major.level], major.code), major.code
        assert major.code.startswith(major.category_code), major.code
        assert major.source.strip(), major.code
        if major.verified:
            assert "not found" not in major.source, major.code


def test_majors_contain_the_verified_anchor_codes() -> None:
    verified = {major.code: major.name_zh for major in load_majors() if major.verified}
    assert verified["510204"] == "数字媒体技术"
    assert verified["530704"] == "网络营销与直播电商"
    assert verified["130508"] == "数字媒体艺术"


def test_cn_occupations_form_a_clean_chain() -> None:
    occupations = load_cn_occupations()
    by_code = {occupation.code: occupation for occupation in occupations}
    assert len(by_code) == len(occupations)
    for occupation in occupations:
        assert occupation.level in CN_LEVELS, occupation.code
        assert "…" not in occupation.name_zh and not re.search(r"\d$", occupation.name_zh)
        assert occupation.name_en.strip(), occupation.code
        if occupation.level == "major":
            assert occupation.parent_code == "", occupation.code
        else:
            assert occupation.parent_code in by_code, occupation.code
            assert occupation.code.startswith(occupation.parent_code + "-"), occupation.code
    digital = [occupation for occupation in occupations if occupation.is_digital]
    assert by_code["4-01-06-02"].name_zh == "互联网营销师"
    assert by_code["4-13-01-05"].name_zh == "全媒体运营师"
    assert all(occupation.level in {"occupation", "job_type"} for occupation in digital)


def test_certificates_reference_taggable_extension_concepts() -> None:
    taggable = {concept.id for concept in load_extension() if concept.is_taggable}
    certificates = load_certificates()
    assert len({certificate.id for certificate in certificates}) == len(certificates)
    for certificate in certificates:
        assert set(certificate.levels) <= CERT_LEVELS, certificate.id
        assert certificate.skill_ids, certificate.id
        assert set(certificate.skill_ids) <= taggable, certificate.id


def test_crosswalks_reference_existing_codes() -> None:
    crosswalks = load_crosswalks()
    major_codes = {major.code for major in load_majors()}
    cn_codes = {occupation.code for occupation in load_cn_occupations()}
    esco_occupations = {occupation.uri for occupation in load_esco_occupations()}
    taggable = {concept.id for concept in load_extension() if concept.is_taggable}
    assert crosswalks.major_occupation and crosswalks.major_skill
    for link in crosswalks.major_occupation:
        assert link.major_code in major_codes, link
        assert link.cn_occupation_code in cn_codes, link
        assert link.esco_occupation_uri == "" or link.esco_occupation_uri in esco_occupations
    for skill_link in crosswalks.major_skill:
        assert skill_link.major_code in major_codes, skill_link
        assert skill_link.concept_id in taggable, skill_link
        assert 0 < skill_link.weight <= 1, skill_link
