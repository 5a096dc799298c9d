"""Curation (propose → review → release → publish), merges, selectors and extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import World
from talentbridge.core.errors import ApplicationError
from talentbridge.core.models import AuditEvent
from talentbridge.taxonomy import selectors, services
from talentbridge.taxonomy.importer import taxonomy_import
from talentbridge.taxonomy.models import (
    Certificate,
    ChangeStatus,
    ConceptStatus,
    MajorSkill,
    OccupationSkill,
    ReleaseStatus,
    Skill,
)
from talentbridge.taxonomy.tests.datadir import EDIT, EDITOR_OCC, PHOTO

pytestmark = pytest.mark.django_db


def _skill(concept_id: str) -> Skill:
    return Skill.objects.get(concept_id=concept_id)


def _approved_change(world: World, concept_id: str, **data: object) -> None:
    change = services.concept_change_propose(
        actor=world.users["secretariat"], skill=_skill(concept_id), data=data
    )
    services.concept_change_review(actor=world.users["superuser"], change=change, approve=True)


def test_search_finds_both_languages_and_aliases(taxonomy: Path) -> None:
    assert next(s.concept_id for s in selectors.skill_list(q="视频剪辑")) == "dc.video.editing"
    assert "dc.video.editing" in {s.concept_id for s in selectors.skill_list(q="剪辑")}
    assert "dc.tool.premiere" in {s.concept_id for s in selectors.skill_list(q="pr")}
    assert [s.concept_id for s in selectors.skill_list(q="PHOTOGRAPHY")] == [PHOTO]
    assert {s.kind for s in selectors.skill_list(kind="tool")} == {"tool"}
    assert {s.scheme for s in selectors.skill_list(scheme="esco")} == {"esco"}
    # exact label first, then label containing the query, then alias
    ranked = [s.concept_id for s in selectors.skill_list(q="video editing")]
    assert ranked[0] == "dc.video.editing" and EDIT in ranked


def test_a_change_applies_only_when_its_release_is_published(taxonomy: Path, world: World) -> None:
    erin, root = world.users["secretariat"], world.users["superuser"]
    change = services.concept_change_propose(
        actor=erin,
        skill=_skill(PHOTO),
        data={
            "label_zh": "摄影技术",
            "alt_labels_zh": "拍摄\n照相\n拍摄",
            "label_en": "photography",
        },
    )
    assert change.after == {"label_zh": "摄影技术", "alt_labels_zh": ["拍摄", "照相"]}
    assert change.before == {"label_zh": "摄影", "alt_labels_zh": []}
    services.concept_change_review(actor=root, change=change, approve=True)
    assert _skill(PHOTO).label_zh == "摄影"
    release = services.release_create(actor=erin, version_label="2025.2")
    release = services.release_submit(actor=erin, release=release)
    assert release.status == ReleaseStatus.IN_REVIEW
    release = services.release_publish(actor=root, release=release)
    photo = _skill(PHOTO)
    assert (photo.label_zh, photo.alt_labels_zh) == ("摄影技术", ["拍摄", "照相"])
    assert photo.release == release and set(photo.curated_fields) == {"label_zh", "alt_labels_zh"}
    assert "照相" in photo.search_text
    assert release.changed_count == 1 and release.diff["changed"] == [PHOTO]
    assert AuditEvent.objects.filter(
        action="taxonomy.skill.update", object_id=str(photo.pk)
    ).exists()
    # a data re-import keeps the curated label
    taxonomy_import(root=taxonomy, force=True)
    assert _skill(PHOTO).label_zh == "摄影技术"


def test_rejected_and_stale_changes_are_not_applied(taxonomy: Path, world: World) -> None:
    erin, root = world.users["secretariat"], world.users["superuser"]
    rejected = services.concept_change_propose(
        actor=erin, skill=_skill(PHOTO), data={"label_zh": "X"}
    )
    services.concept_change_review(actor=root, change=rejected, approve=False, note="no")
    _approved_change(world, PHOTO, label_zh="摄影一")
    _approved_change(world, PHOTO, label_zh="摄影二")  # both made against "摄影"
    release = services.release_submit(
        actor=erin, release=services.release_create(actor=erin, version_label="r")
    )
    release = services.release_publish(actor=erin, release=release)
    assert _skill(PHOTO).label_zh == "摄影一"
    assert release.diff["conflicts"] == [PHOTO]
    rejected.refresh_from_db()
    assert rejected.release_id is None and rejected.applied_at is None


def test_review_rules(taxonomy: Path, world: World) -> None:
    erin = world.users["secretariat"]
    change = services.concept_change_propose(
        actor=erin, skill=_skill(PHOTO), data={"label_zh": "Y"}
    )
    with pytest.raises(ApplicationError) as own:
        services.concept_change_review(actor=erin, change=change, approve=True)
    assert own.value.code == "forbidden"
    with pytest.raises(ApplicationError) as outsider:
        services.concept_change_review(actor=world.users["teacher"], change=change, approve=True)
    assert outsider.value.code == "forbidden"
    services.concept_change_review(actor=world.users["superuser"], change=change, approve=False)
    with pytest.raises(ApplicationError) as twice:
        services.concept_change_review(actor=world.users["superuser"], change=change, approve=True)
    assert twice.value.code == "conflict"
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"label_zh": "", "label_en": ""}, "label_zh"),
        ({"alt_labels_en": ["x" * 300]}, "alt_labels_en"),
        ({"alt_labels_en": [1, 2]}, "alt_labels_en"),
        ({"description_en": "x" * 6000}, "description_en"),
    ],
)
def test_proposals_are_validated(taxonomy: Path, world: World, data: dict, field: str) -> None:
    with pytest.raises(ApplicationError) as error:
        services.concept_change_propose(
            actor=world.users["superuser"], skill=_skill(PHOTO), data=data
        )
    assert field in error.value.fields


def test_an_unchanged_proposal_and_an_empty_release_are_refused(
    taxonomy: Path, world: World
) -> None:
    root = world.users["superuser"]
    with pytest.raises(ApplicationError, match="Nothing"):
        services.concept_change_propose(actor=root, skill=_skill(PHOTO), data={"label_zh": "摄影"})
    release = services.release_create(actor=root, version_label="empty")
    with pytest.raises(ApplicationError):
        services.release_submit(actor=root, release=release)
    with pytest.raises(ApplicationError) as early:
        services.release_publish(actor=root, release=release)
    assert early.value.code == "conflict"


def test_merge_moves_references_and_keeps_the_labels_as_aliases(
    taxonomy: Path, world: World
) -> None:
    source, target = _skill("dc.video.cutting"), _skill("dc.video.editing")
    OccupationSkill.objects.create(occupation=OccupationSkill.objects.get(skill__concept_id=EDIT).occupation,
                                   skill=source, relation="optional")  # fmt: skip
    services.skill_merge(actor=world.users["secretariat"], source=source, target=target, note="dup")
    source, target = _skill("dc.video.cutting"), _skill("dc.video.editing")
    assert (source.status, source.merged_into_id) == (ConceptStatus.DEPRECATED, target.pk)
    assert "film cutting" in target.alt_labels_en and "剪辑师技能" in target.alt_labels_zh
    assert target.alt_labels_zh.count("剪片") == 1
    assert MajorSkill.objects.get(skill=target).weight == 0.8
    assert not MajorSkill.objects.filter(skill=source).exists()
    cert = Certificate.objects.get(key="cert.1x.video")
    assert (
        not cert.skills.filter(pk=source.pk).exists() and cert.skills.filter(pk=target.pk).exists()
    )
    assert OccupationSkill.objects.filter(skill=target, occupation__uri=EDITOR_OCC).count() == 1
    event = AuditEvent.objects.get(action="taxonomy.skill.merge")
    assert event.after["merged"] == "dc.video.cutting"
    assert selectors.skill_get_by_concept_id("dc.video.cutting") == target
    # merged stays merged after a re-import, references stay on the target
    taxonomy_import(root=taxonomy, force=True)
    assert _skill("dc.video.cutting").status == ConceptStatus.DEPRECATED
    assert not MajorSkill.objects.filter(skill=source).exists()
    assert "film cutting" in _skill("dc.video.editing").alt_labels_en


def test_merge_refusals(taxonomy: Path, world: World) -> None:
    skill = _skill("dc.video.cutting")
    with pytest.raises(ApplicationError):
        services.skill_merge(actor=world.users["superuser"], source=skill, target=skill)
    with pytest.raises(ApplicationError) as denied:
        services.skill_merge(actor=world.users["college_admin"], source=skill, target=_skill(PHOTO))
    assert denied.value.code == "forbidden"
    services.skill_merge(actor=world.users["superuser"], source=skill, target=_skill(PHOTO))
    with pytest.raises(ApplicationError) as again:
        services.skill_merge(actor=world.users["superuser"], source=skill, target=_skill(EDIT))
    assert again.value.code == "conflict"


def test_find_resolves_ids_uris_and_unique_labels(taxonomy: Path) -> None:
    editing = _skill("dc.video.editing")
    assert selectors.skill_find(str(editing.pk)) == editing
    assert selectors.skill_find("dc.video.editing") == editing
    assert selectors.skill_find(editing.uri) == editing
    assert selectors.skill_find("视频剪辑") == editing
    assert selectors.skill_find("no such thing") is None


def test_extraction_service_returns_the_contract_shape(tiny_engine: object) -> None:
    text = "负责短视频剪辑，熟练使用Premiere"
    outcome = services.extract_skills(text=text, top_k=5)
    assert {s["uri"].rsplit(":", 1)[1] for s in outcome.skills} == {
        "dc.tool.premiere", "dc.video.editing"}  # fmt: skip
    by_label = {s["label_en"]: s for s in outcome.skills}
    start, end = by_label["Adobe Premiere Pro"]["spans"][0]
    assert text[start:end] == "Premiere"
    assert set(outcome.skills[0]) == {"uri", "label_en", "label_zh", "score", "kind", "spans"}
    assert outcome.lang == "zh" and outcome.semantic is False


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty_text"), ("   \n", "empty_text"), ("\x00\x01\x02\x03" * 50, "binary_text"),
     ("x" * 100_001, "text_too_long"), (42, "not_text")],
)  # fmt: skip
def test_extraction_refuses_bad_text_with_a_code(
    tiny_engine: object, text: object, code: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        services.extract_skills(text=text)
    assert error.value.code == "invalid" and error.value.extra["error"] == code


@pytest.mark.slow
def test_extraction_with_the_real_engine(settings: object) -> None:
    settings.TAXONOMY_SEMANTIC_EXTRACTION = False  # type: ignore[attr-defined]
    outcome = services.extract_skills(text="熟练使用PS、AE，能独立完成短视频剪辑。Blender a plus.")
    labels = {skill["label_en"] for skill in outcome.skills}
    assert {"Blender", "short-video editing", "Adobe After Effects"} <= labels
    assert all(skill["kind"] == "explicit" for skill in outcome.skills)


def test_without_a_cached_index_extraction_falls_back_to_exact_matching(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from talentbridge.extraction import Concept
    from talentbridge.extraction.factory import EngineFactory

    concepts = [Concept(id="dc.x", uri="urn:x", label_en="storyboarding", label_zh="分镜")]

    def factory(*, semantic: bool) -> EngineFactory:
        return EngineFactory.create(concepts, release="t", cache_dir=tmp_path, semantic=semantic)

    monkeypatch.setattr(services, "_engine_factory", factory)
    engines = services._Engines()
    engine, semantic = engines.get(True)
    assert semantic is False and engine.index is None
    assert not list(tmp_path.rglob("*.npy"))  # the probe never embeds
