"""Exports of skill concepts: CSV, JSON and JSON-LD close to the Rich Skill Descriptor (RSD)
of the Open Skills Network. Each function streams (yields text chunks) so a full export of
fifteen thousand concepts never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from talentbridge.core.tabular import csv_lines
from talentbridge.taxonomy.data import load_manifest
from talentbridge.taxonomy.models import Scheme, Skill

RSD_CONTEXT = "https://rsd.openskillsnetwork.org/context-v1.json"
LOCAL_CONTEXT = {
    "tb": "urn:talentbridge:vocab#",
    "labels": {"@id": "tb:labels", "@container": "@language"},
    "aliases": {"@id": "tb:aliases", "@container": "@language"},
    "conceptId": "tb:conceptId",
    "kind": "tb:kind",
}
CSV_COLUMNS = (
    "concept_id", "uri", "scheme", "kind", "status", "label_zh", "label_en", "alt_labels_zh",
    "alt_labels_en", "description_zh", "description_en", "parent", "esco_uri", "esco_match",
    "merged_into",
)  # fmt: skip
FORMATS = ("csv", "json", "jsonld")
CHUNK = 500


def _rows(skills: QuerySet[Skill]) -> Iterator[Skill]:
    yield from skills.select_related("parent", "merged_into").iterator(chunk_size=CHUNK)


def skill_record(skill: Skill) -> dict[str, Any]:
    return {
        "concept_id": skill.concept_id,
        "uri": skill.uri,
        "scheme": skill.scheme,
        "kind": skill.kind,
        "status": skill.status,
        "label_zh": skill.label_zh,
        "label_en": skill.label_en,
        "alt_labels_zh": list(skill.alt_labels_zh),
        "alt_labels_en": list(skill.alt_labels_en),
        "description_zh": skill.description_zh,
        "description_en": skill.description_en,
        "parent": skill.parent.concept_id if skill.parent else "",
        "esco_uri": skill.esco_uri,
        "esco_match": skill.esco_match,
        "merged_into": skill.merged_into.concept_id if skill.merged_into else "",
    }


def export_csv(skills: QuerySet[Skill]) -> Iterator[str]:
    """UTF-8 CSV with a BOM (so spreadsheet programs read Chinese right); aliases `|`-joined;
    every cell through the core writer, so no cell runs as a formula."""
    rows = (
        ["|".join(v) if isinstance(v, list) else v for v in skill_record(skill).values()]
        for skill in _rows(skills)
    )
    yield from csv_lines(CSV_COLUMNS, rows)


def export_json(skills: QuerySet[Skill]) -> Iterator[str]:
    yield from _json_array((skill_record(skill) for skill in _rows(skills)), prefix='{"skills": ')
    yield "}\n"


def _json_array(items: Iterable[dict[str, Any]], *, prefix: str) -> Iterator[str]:
    yield prefix + "["
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]"


def rsd_record(skill: Skill, esco_labels: dict[str, str], esco_version: str) -> dict[str, Any]:
    """One concept as a Rich Skill Descriptor (``@type: RichSkillDescriptor``)."""
    record: dict[str, Any] = {
        "@type": "RichSkillDescriptor",
        "id": skill.uri,
        "conceptId": skill.concept_id,
        "skillName": skill.label_en or skill.label_zh,
        "skillStatement": skill.description_en or skill.description_zh or skill.label_en,
        "labels": _language_map(skill.label_zh, skill.label_en),
        "aliases": _language_map(skill.alt_labels_zh, skill.alt_labels_en),
        "keywords": list(dict.fromkeys([*skill.alt_labels_en, *skill.alt_labels_zh])),
        "category": skill.parent.label_en if skill.parent else "",
        "kind": skill.kind,
        "status": "archived" if skill.status == "deprecated" else "published",
        "author": "ESCO (European Commission)" if skill.scheme == Scheme.ESCO else "talentbridge",
        "alignments": _alignments(skill, esco_labels, esco_version),
    }
    if skill.merged_into:
        record["isReplacedBy"] = skill.merged_into.uri
    return record


def _language_map(zh: Any, en: Any) -> dict[str, Any]:
    return {lang: value for lang, value in (("zh-Hans", zh), ("en", en)) if value}


def _alignments(skill: Skill, esco_labels: dict[str, str], version: str) -> list[dict[str, Any]]:
    framework = {"name": "ESCO", "version": version, "url": "https://esco.ec.europa.eu/"}
    if skill.scheme == Scheme.ESCO:
        return [{"id": skill.uri, "skillName": skill.label_en, "isPartOf": framework,
                 "alignmentType": "exact"}]  # fmt: skip
    if not skill.esco_uri:
        return []
    return [{"id": skill.esco_uri, "skillName": esco_labels.get(skill.esco_uri, ""),
             "isPartOf": framework, "alignmentType": skill.esco_match}]  # fmt: skip


def export_jsonld(skills: QuerySet[Skill]) -> Iterator[str]:
    """A JSON-LD document: ``@context`` (RSD + the local terms) and an ``@graph`` of RSDs."""
    mapped = skills.exclude(esco_uri="").values_list("esco_uri", flat=True).distinct()
    esco_labels = dict(Skill.objects.filter(uri__in=list(mapped)).values_list("uri", "label_en"))
    version = load_manifest().versions.get("esco", "")
    context = json.dumps([RSD_CONTEXT, LOCAL_CONTEXT], ensure_ascii=False)
    records = (rsd_record(skill, esco_labels, version) for skill in _rows(skills))
    yield from _json_array(records, prefix='{"@context": ' + context + ', "@graph": ')
    yield "}\n"
