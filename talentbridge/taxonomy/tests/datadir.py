"""Small taxonomy data directories for tests, laid out like ``talentbridge/taxonomy/data``."""

from __future__ import annotations

import csv
import io
import json
import lzma
from pathlib import Path
from typing import Any

from talentbridge.taxonomy.data.build.build_manifest import build

ESCO = "http://data.europa.eu/esco/"
GROUP = ESCO + "skill/S1"
EDIT = ESCO + "skill/edit-video"
PHOTO = ESCO + "skill/photography"
TEAM = ESCO + "skill/teamwork"
EDITOR_OCC = ESCO + "occupation/film-editor"
PHOTO_OCC = ESCO + "occupation/photographer"


def esco_skill(uri: str, label: str, **extra: Any) -> dict[str, Any]:
    row = {"uri": uri, "label": label, "alt_labels": [], "hidden_labels": [],
           "skill_type": "skill/competence", "reuse_level": "sector-specific",
           "description": f"{label}."}  # fmt: skip
    row.update(extra)
    return row


BASE_SKILLS = [
    esco_skill(EDIT, "edit digital moving images", alt_labels=["video editing"]),
    esco_skill(PHOTO, "photography", skill_type="knowledge"),
    esco_skill(TEAM, "work in teams", reuse_level="transversal"),
]
BASE_LINKS = [
    (EDITOR_OCC, "essential", EDIT),
    (EDITOR_OCC, "optional", TEAM),
    (PHOTO_OCC, "essential", PHOTO),
    (PHOTO_OCC, "optional", TEAM),
    (ESCO + "occupation/missing", "essential", EDIT),  # dangling upstream row
]
EXTENSION_HEADER = ["id", "kind", "parent_id", "label_zh", "label_en", "alt_zh", "alt_en",
                    "esco_uri", "esco_match", "description_zh", "description_en"]  # fmt: skip
BASE_EXTENSION = [
    ["dc.video", "domain", "", "影视后期", "Video post-production", "", "", "", "", "", ""],
    ["dc.video.editing", "skill", "dc.video", "视频剪辑", "video editing", "剪辑|剪片",
     "video cutting", EDIT, "exact", "剪辑视频。", "Cuts video."],
    ["dc.video.cutting", "skill", "dc.video", "剪片", "film cutting", "剪辑师技能", "", "", "", "",
     ""],
    ["dc.tool.premiere", "tool", "dc.video", "Premiere", "Adobe Premiere Pro", "PR", "Premiere",
     "", "", "", ""],
]  # fmt: skip


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = text.encode("utf-8")
    path.write_bytes(lzma.compress(raw) if name.endswith(".xz") else raw)


def make_data_dir(
    root: Path,
    *,
    skills: list[dict[str, Any]] | None = None,
    links: list[tuple[str, str, str]] | None = None,
    extension: list[list[str]] | None = None,
) -> Path:
    """Write a complete, tiny data release under ``root`` and return ``root``."""
    skills = BASE_SKILLS if skills is None else skills
    links = BASE_LINKS if links is None else links
    extension = BASE_EXTENSION if extension is None else extension
    jsonl = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in skills)
    _write(root, "esco/skills.jsonl.xz", jsonl)
    group = {"uri": GROUP, "code": "S1", "label": "communication", "alt_labels": [],
             "description": ""}  # fmt: skip
    _write(root, "esco/skill_groups.jsonl.xz", json.dumps(group) + "\n")
    _write(root, "esco/skills_hierarchy.csv.xz", _csv(
        [["level0_uri", "level1_uri", "level2_uri", "level3_uri", "code", "label"],
         [GROUP, "", "", "", "S1", "communication"]]))  # fmt: skip
    broader = [["concept_uri", "concept_type", "broader_uri", "broader_type"]]
    broader += [[row["uri"], "KnowledgeSkillCompetence", GROUP, "SkillGroup"] for row in skills]
    _write(root, "esco/broader_skills.csv.xz", _csv(broader))
    _write(root, "esco/broader_occupations.csv.xz", _csv(
        [["concept_uri", "concept_type", "broader_uri", "broader_type"]]))  # fmt: skip
    occupations = [
        {"uri": EDITOR_OCC, "code": "2654.1", "label": "film editor", "alt_labels": [],
         "hidden_labels": [], "isco_group": "2654", "description": ""},
        {"uri": PHOTO_OCC, "code": "3431.1", "label": "photographer", "alt_labels": [],
         "hidden_labels": [], "isco_group": "3431", "description": ""},
    ]  # fmt: skip
    _write(root, "esco/occupations.jsonl.xz", "".join(json.dumps(o) + "\n" for o in occupations))
    _write(root, "esco/occupation_skills.csv.xz", _csv(
        [["occupation_uri", "relation", "skill_type", "skill_uri"]]
        + [[occ, rel, "skill/competence", skill] for occ, rel, skill in links]))  # fmt: skip
    _write(root, "esco/isco_groups.csv.xz", _csv(
        [["uri", "code", "label"], [ESCO + "isco/C2654", "2654", "Film directors"],
         [ESCO + "isco/C3431", "3431", "Photographers"]]))  # fmt: skip
    _write(root, "esco/skill_skill_relations.csv.xz", _csv(
        [["skill_uri", "relation", "related_skill_uri"]]))  # fmt: skip
    _write(
        root,
        "esco_zh_labels.csv",
        _csv([["uri", "label_en", "label_zh", "source"], [PHOTO, "photography", "摄影", "test"]]),
    )
    _write(root, "digital_creative.csv", _csv([EXTENSION_HEADER, *extension]))
    _write(root, "majors.csv", _csv(
        [["code", "name_zh", "name_en", "level", "category_code", "category_zh", "catalogue",
          "source", "verified"],
         ["550103", "数字媒体艺术设计", "Digital Media Art Design", "higher_vocational", "5501",
          "艺术设计类", "2021 vocational", "test", "true"]]))  # fmt: skip
    _write(root, "occupations_cn.csv", _csv(
        [["code", "name_zh", "name_en", "parent_code", "level", "is_digital", "source",
          "verified"],
         ["4-13", "文化体育服务人员", "Culture services", "", "mid", "false", "test", "false"],
         ["4-13-01-05", "剪辑师", "Film editor", "4-13", "occupation", "true", "test",
          "false"]]))  # fmt: skip
    _write(root, "certificates_1x.csv", _csv(
        [["id", "name_zh", "name_en", "levels", "issuer_zh", "batch", "skill_ids", "source",
          "verified"],
         ["cert.1x.video", "短视频制作", "Short video production", "初级|中级", "", "",
          "dc.video.editing|dc.tool.premiere|dc.video.cutting", "test", "true"]]))  # fmt: skip
    _write(root, "crosswalk_major_occupation.csv", _csv(
        [["major_code", "cn_occupation_code", "esco_occupation_uri", "note"],
         ["550103", "4-13-01-05", EDITOR_OCC, "test"]]))  # fmt: skip
    _write(root, "crosswalk_major_skill.csv", _csv(
        [["major_code", "concept_id", "weight", "note"], ["550103", "dc.video.cutting", "0.6", ""],
         ["550103", "dc.video.editing", "0.8", ""]]))  # fmt: skip
    (root / "manifest.json").write_text(json.dumps(build(root), indent=2), encoding="utf-8")
    return root
