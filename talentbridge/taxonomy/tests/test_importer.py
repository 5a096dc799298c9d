"""load_taxonomy: a full import, idempotent re-runs, the diff of a newer release, and that
curation and merges survive re-imports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from talentbridge.core.models import AuditEvent
from talentbridge.taxonomy.data.build.build_manifest import build
from talentbridge.taxonomy.importer import EXTENSION_URI_PREFIX, taxonomy_import
from talentbridge.taxonomy.models import (
    Certificate,
    ConceptStatus,
    EscoOccupation,
    MajorOccupation,
    MajorSkill,
    Occupation,
    OccupationSkill,
    Skill,
    TaxonomyRelease,
)
from talentbridge.taxonomy.tests.datadir import (
    BASE_SKILLS,
    EDIT,
    EDITOR_OCC,
    GROUP,
    PHOTO,
    PHOTO_OCC,
    TEAM,
    esco_skill,
    make_data_dir,
)
from talentbridge.taxonomy.vocabulary import EXTENSION_URI_PREFIX as PROJECT_URI_PREFIX

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, object]:
    return {
        "skills": sorted(Skill.objects.values_list("concept_id", "label_zh", "label_en",
                                                   "status", "parent__concept_id",
                                                   "updated_at")),
        "links": sorted(OccupationSkill.objects.values_list("occupation__uri", "skill__concept_id",
                                                            "relation")),
        "releases": TaxonomyRelease.objects.count(),
        "occupations": sorted(Occupation.objects.values_list("code", "parent__code", "updated_at")),
    }  # fmt: skip


def test_first_import_loads_every_table(tmp_path: Path) -> None:
    result = taxonomy_import(root=make_data_dir(tmp_path / "v1"))
    assert result.release is not None and not result.skipped
    # 3 ESCO skills + 1 ESCO group + 4 extension rows
    assert Skill.objects.count() == 8
    assert result.release.added_count == 8
    edit = Skill.objects.get(concept_id="dc.video.editing")
    assert edit.uri == EXTENSION_URI_PREFIX + "dc.video.editing"
    assert (edit.esco_uri, edit.esco_match, edit.parent.concept_id) == (EDIT, "exact", "dc.video")
    assert edit.alt_labels_zh == ["剪辑", "剪片"]
    assert Skill.objects.get(concept_id="dc.video").kind == "group"
    assert Skill.objects.get(concept_id=PHOTO).kind == "knowledge"
    assert Skill.objects.get(concept_id=PHOTO).label_zh == "摄影"
    assert Skill.objects.get(concept_id=TEAM).kind == "transversal"
    assert Skill.objects.get(concept_id=TEAM).parent.concept_id == GROUP
    # the dangling upstream row is skipped
    assert OccupationSkill.objects.count() == 4
    assert EscoOccupation.objects.get(uri=EDITOR_OCC).isco_group == "2654"
    assert Occupation.objects.get(code="4-13-01-05").parent.code == "4-13"
    cert = Certificate.objects.get(key="cert.1x.video")
    assert sorted(cert.skills.values_list("concept_id", flat=True)) == [
        "dc.tool.premiere", "dc.video.cutting", "dc.video.editing"]  # fmt: skip
    assert MajorSkill.objects.count() == 2
    link = MajorOccupation.objects.get()
    assert (link.occupation.code, link.esco_occupation.uri) == ("4-13-01-05", EDITOR_OCC)
    assert AuditEvent.objects.filter(action="taxonomy.import").count() == 1


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    root = make_data_dir(tmp_path / "v1")
    taxonomy_import(root=root)
    before = _snapshot()
    assert taxonomy_import(root=root).skipped
    forced = taxonomy_import(root=root, force=True)
    assert not forced.skipped and not forced.has_changes
    assert _snapshot() == before


def test_newer_release_records_the_diff(tmp_path: Path) -> None:
    taxonomy_import(root=make_data_dir(tmp_path / "v1"))
    skills = [
        esco_skill(
            EDIT, "edit digital moving images", alt_labels=["video editing", "film cutting"]
        ),
        esco_skill(PHOTO, "photography", skill_type="knowledge"),
        esco_skill(ESCO_NEW := EDIT + "-colour", "colour grading"),
    ]  # teamwork is gone, colour grading is new, the edit skill gained an alias
    links = [(EDITOR_OCC, "essential", EDIT), (EDITOR_OCC, "essential", ESCO_NEW),
             (PHOTO_OCC, "optional", PHOTO)]  # fmt: skip
    result = taxonomy_import(root=make_data_dir(tmp_path / "v2", skills=skills, links=links))
    release = result.release
    assert release is not None
    assert (release.added_count, release.changed_count, release.deprecated_count) == (1, 1, 1)
    assert release.diff["added"] == [ESCO_NEW]
    assert release.diff["changed"] == [EDIT]
    assert release.diff["deprecated"] == [TEAM]
    assert Skill.objects.get(concept_id=TEAM).status == ConceptStatus.DEPRECATED
    assert Skill.objects.get(concept_id=EDIT).release == release
    assert sorted(OccupationSkill.objects.values_list("skill__concept_id", "relation")) == sorted(
        [(EDIT, "essential"), (ESCO_NEW, "essential"), (PHOTO, "optional")])  # fmt: skip
    assert TaxonomyRelease.objects.count() == 2


def test_a_concept_back_in_the_files_is_reactivated(tmp_path: Path) -> None:
    taxonomy_import(root=make_data_dir(tmp_path / "v1"))
    taxonomy_import(root=make_data_dir(tmp_path / "v2", skills=BASE_SKILLS[:2]))
    assert Skill.objects.get(concept_id=TEAM).status == ConceptStatus.DEPRECATED
    result = taxonomy_import(root=make_data_dir(tmp_path / "v3"))
    assert result.changed == [TEAM]
    assert Skill.objects.get(concept_id=TEAM).status == ConceptStatus.ACTIVE


def test_curated_fields_and_merges_survive_a_reimport(tmp_path: Path) -> None:
    taxonomy_import(root=make_data_dir(tmp_path / "v1"))
    Skill.objects.filter(concept_id=PHOTO).update(label_zh="摄影技术", curated_fields=["label_zh"])
    cutting = Skill.objects.get(concept_id="dc.video.cutting")
    editing = Skill.objects.get(concept_id="dc.video.editing")
    Skill.objects.filter(pk=cutting.pk).update(
        status=ConceptStatus.DEPRECATED, merged_into=editing, curated_fields=["status"]
    )
    MajorSkill.objects.filter(skill=cutting).delete()
    renamed = [*BASE_SKILLS[:1], esco_skill(PHOTO, "photographic techniques",
                                            skill_type="knowledge"), *BASE_SKILLS[2:]]  # fmt: skip
    result = taxonomy_import(root=make_data_dir(tmp_path / "v2", skills=renamed), force=True)
    photo = Skill.objects.get(concept_id=PHOTO)
    assert (photo.label_zh, photo.label_en) == ("摄影技术", "photographic techniques")
    assert Skill.objects.get(pk=cutting.pk).status == ConceptStatus.DEPRECATED
    assert "dc.video.cutting" not in result.changed
    cert = Certificate.objects.get(key="cert.1x.video")
    assert not cert.skills.filter(pk=cutting.pk).exists()
    assert MajorSkill.objects.get(skill=editing).weight == 0.8


def test_command_prints_progress_and_is_a_no_op_the_second_time(tmp_path: Path) -> None:
    root = make_data_dir(tmp_path / "v1")
    first, second = io.StringIO(), io.StringIO()
    call_command("load_taxonomy", "--data-dir", str(root), stderr=first)
    call_command("load_taxonomy", "--data-dir", str(root), stderr=second)
    assert "8 added" in first.getvalue() and "[####" in first.getvalue()
    assert "already loaded" in second.getvalue()
    assert TaxonomyRelease.objects.count() == 1


def test_command_refuses_a_tampered_data_dir(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    root = make_data_dir(tmp_path / "v1")
    (root / "majors.csv").write_text("code\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"majors\.csv"):
        call_command("load_taxonomy", "--data-dir", str(root), stderr=io.StringIO())


def test_extension_uris_match_the_extraction_contract() -> None:
    assert EXTENSION_URI_PREFIX == PROJECT_URI_PREFIX


@pytest.mark.slow
def test_full_shipped_release_loads_and_reloads_as_a_no_op() -> None:
    result = taxonomy_import()
    assert result.release is not None and result.release.added_count > 15_000
    assert OccupationSkill.objects.count() > 120_000
    assert taxonomy_import().skipped


def test_chinese_alternative_labels_of_esco_skills_are_imported(tmp_path: Path) -> None:
    root = make_data_dir(tmp_path / "v1")
    (root / "esco_zh_labels.csv").write_text(
        f"uri,label_en,label_zh,source,alt_zh\n{PHOTO},photography,摄影,test,拍照|照相\n",
        encoding="utf-8",
    )
    (root / "manifest.json").write_text(json.dumps(build(root)), encoding="utf-8")
    taxonomy_import(root=root)
    photo = Skill.objects.get(concept_id=PHOTO)
    assert (photo.label_zh, photo.alt_labels_zh) == ("摄影", ["拍照", "照相"])
    assert "照相" in photo.search_text
