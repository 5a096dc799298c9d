"""One vocabulary: every context and the engine read skills from ``taxonomy.vocabulary``, so
curated releases, merges, aliases and retired concepts reach them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import World
from talentbridge.curriculum import adapters
from talentbridge.demand.tagging import tag_texts
from talentbridge.projects import skills as project_skills
from talentbridge.taxonomy import services, vocabulary
from talentbridge.taxonomy.importer import taxonomy_import
from talentbridge.taxonomy.models import Skill
from talentbridge.taxonomy.tests.datadir import (
    BASE_EXTENSION,
    EDIT,
    PHOTO,
    TEAM,
    make_data_dir,
)

pytestmark = pytest.mark.django_db


def _engine_ids() -> set[str]:
    return {concept.id for concept in vocabulary.engine_concepts()}


def _extracted(text: str, taxonomy: str = "all") -> list[str]:
    outcome = services.extract_skills(text=text, taxonomy=taxonomy)
    return [skill["uri"] for skill in outcome.skills]


@pytest.fixture
def taxonomy(db: object, tmp_path: Path) -> Path:
    """The tiny data release of the taxonomy tests, imported."""
    root = make_data_dir(tmp_path / "data")
    taxonomy_import(root=root)
    return root


@pytest.fixture(autouse=True)
def _lexical_engine(settings: object) -> None:
    settings.TAXONOMY_SEMANTIC_EXTRACTION = False  # type: ignore[attr-defined]


def test_the_vocabulary_reads_the_imported_taxonomy(taxonomy: Path) -> None:
    assert vocabulary.source() == "database"
    editing = vocabulary.get("dc.video.editing")
    assert editing is not None and (editing.label_zh, editing.label_en) == (
        "视频剪辑",
        "video editing",
    )
    assert editing.path == ("dc.video", "dc.video.editing") and editing.area == "dc.video"
    # the ESCO URI the extension maps exactly compares under the extension id
    assert vocabulary.canonical(EDIT) == "dc.video.editing"
    assert vocabulary.get(EDIT) == editing
    assert vocabulary.canonical("urn:talentbridge:concept:dc.tool.premiere") == "dc.tool.premiere"
    assert vocabulary.get("dc.video") is None and vocabulary.group_label("dc.video") == (
        "Video post-production"
    )
    assert vocabulary.get("no.such.concept") is None
    assert vocabulary.unknown(["dc.video.editing", "nope"]) == ["nope"]
    assert ("dc.tool.premiere", "Adobe Premiere Pro · dc.tool.premiere") in vocabulary.choices()
    assert vocabulary.esco_view("dc.video.editing") == EDIT
    assert vocabulary.esco_view("dc.tool.premiere") is None
    assert vocabulary.release_version() == vocabulary.data_release() != "unreleased"
    # the engine's list: ESCO skills (EDIT carries the extension's Chinese label and aliases)
    # and the extension concepts that do not map exactly
    concepts = {concept.id: concept for concept in vocabulary.engine_concepts()}
    assert set(concepts) == {EDIT, PHOTO, TEAM, "dc.video.cutting", "dc.tool.premiere"}
    assert concepts[EDIT].label_zh == "视频剪辑"  # no Chinese ESCO label: the extension's
    assert concepts[PHOTO].label_zh == "摄影"
    assert {"视频剪辑", "剪辑", "剪片"} <= set(concepts[EDIT].aliases_zh)
    assert vocabulary.esco_targets() == {
        EDIT: EDIT, PHOTO: PHOTO, TEAM: TEAM, "dc.video.cutting": "", "dc.tool.premiere": ""
    }  # fmt: skip


def test_a_merge_reaches_projects_curriculum_tagging_and_the_engine(
    taxonomy: Path, world: World
) -> None:
    text = "熟悉剪辑师技能"  # an alias of dc.video.cutting only
    assert tag_texts([text]) == [("dc.video.cutting",)]
    assert _extracted(text) == ["urn:talentbridge:concept:dc.video.cutting"]
    assert project_skills.canonical("dc.video.cutting") == "dc.video.cutting"

    services.skill_merge(
        actor=world.users["superuser"],
        source=Skill.objects.get(concept_id="dc.video.cutting"),
        target=Skill.objects.get(concept_id="dc.video.editing"),
    )

    assert "dc.video.cutting" not in _engine_ids()
    assert project_skills.canonical("dc.video.cutting") == "dc.video.editing"
    assert project_skills.label("dc.video.cutting") == "video editing"
    assert adapters.canonical_skill("dc.video.cutting") == "dc.video.editing"
    assert tag_texts([text]) == [(EDIT,)]  # the engine names dc.video.editing by its ESCO URI
    assert _extracted(text) == [EDIT]


def test_a_published_alias_reaches_tagging_and_the_engine(taxonomy: Path, world: World) -> None:
    erin, root = world.users["secretariat"], world.users["superuser"]
    text = "负责商品图片拍摄"
    assert PHOTO not in tag_texts([text])[0]
    change = services.concept_change_propose(
        actor=erin, skill=Skill.objects.get(concept_id=PHOTO), data={"alt_labels_zh": "图片拍摄"}
    )
    services.concept_change_review(actor=root, change=change, approve=True)
    release = services.release_submit(
        actor=erin, release=services.release_create(actor=erin, version_label="2026.2")
    )
    assert PHOTO not in tag_texts([text])[0]  # approved is not published
    services.release_publish(actor=root, release=release)
    assert vocabulary.release_version().endswith("+2026.2")
    assert tag_texts([text]) == [(PHOTO,)]
    assert _extracted(text) == [PHOTO]
    assert "图片拍摄" in vocabulary.get(PHOTO).aliases_zh  # type: ignore[union-attr]


def test_a_retired_concept_leaves_every_context(taxonomy: Path, tmp_path: Path) -> None:
    text = "熟练使用Premiere"
    assert tag_texts([text]) == [("dc.tool.premiere",)]
    without = [row for row in BASE_EXTENSION if row[0] != "dc.tool.premiere"]
    taxonomy_import(root=make_data_dir(tmp_path / "next", extension=without))
    assert Skill.objects.get(concept_id="dc.tool.premiere").status == "deprecated"
    assert project_skills.get("dc.tool.premiere") is None
    assert adapters.skill_get("dc.tool.premiere") is None
    assert "dc.tool.premiere" not in _engine_ids()
    assert tag_texts([text]) == [()]


def test_the_esco_view_of_the_service_ranks_esco_concepts_only(taxonomy: Path) -> None:
    text = "负责视频剪辑，熟练使用Premiere，团队合作"
    everything = _extracted(text)
    assert "urn:talentbridge:concept:dc.tool.premiere" in everything
    esco = _extracted(text, "esco")
    assert esco and all(uri.startswith("http://data.europa.eu/esco/") for uri in esco)
    assert EDIT in esco


def test_before_any_import_the_vocabulary_is_the_shipped_release() -> None:
    assert not Skill.objects.exists()
    assert vocabulary.source() == "files"
    concepts = vocabulary.engine_concepts()
    assert len(concepts) > 10_000
    ids = {concept.id for concept in concepts}
    premiere = vocabulary.get("dc.tool.video.premiere")
    assert premiere is not None and premiere.label_en == "Adobe Premiere Pro"
    assert premiere.esco_match == "broad" and "dc.tool.video.premiere" in ids
    assert vocabulary.esco_view("dc.tool.video.premiere") == premiere.esco_uri
    assert vocabulary.esco_targets()["dc.tool.video.premiere"] == premiere.esco_uri
