"""Import of the shipped taxonomy data files into the database (``manage.py load_taxonomy``).

Idempotent: rows are compared with what the database holds and only differences are written
(bulk, in batches). Re-run on a newer data release it records the concept diff (added,
changed, deprecated) on a new import ``TaxonomyRelease``. Fields changed by curation
(``Skill.curated_fields``) and merges (``Skill.merged_into``) survive re-imports.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from talentbridge.core.services import audit_record
from talentbridge.taxonomy import data, vocabulary
from talentbridge.taxonomy.models import (
    Certificate,
    ConceptStatus,
    EscoOccupation,
    IscoGroup,
    Major,
    MajorOccupation,
    MajorSkill,
    Occupation,
    OccupationSkill,
    ReleaseKind,
    ReleaseStatus,
    Scheme,
    Skill,
    SkillKind,
    TaxonomyRelease,
)

EXTENSION_URI_PREFIX = "urn:talentbridge:concept:"
BATCH = 1000
DIFF_SAMPLE = 200  # concept ids kept per diff category on the release
SKILL_FIELDS = (
    "scheme", "uri", "kind", "label_zh", "label_en", "alt_labels_zh", "alt_labels_en",
    "description_zh", "description_en", "esco_uri", "esco_match",
)  # fmt: skip
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    release: TaxonomyRelease | None
    skipped: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.deprecated or any(self.counts.values()))


def latest_import_release() -> TaxonomyRelease | None:
    return (
        TaxonomyRelease.objects.filter(kind=ReleaseKind.IMPORT, status=ReleaseStatus.PUBLISHED)
        .order_by("-created_at")
        .first()
    )


def is_current(root: Path | None = None) -> bool:
    """True when the last import was made from exactly this data release."""
    latest = latest_import_release()
    return latest is not None and latest.source_release_id == data.release_id(root)


def taxonomy_import(
    *,
    actor: Any = None,
    root: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Bring the database in line with the data files under ``root`` (default: shipped)."""
    if not force and is_current(root):
        return ImportResult(release=latest_import_release(), skipped=True)
    report = progress or (lambda step, done, total: None)
    desired = desired_skills(root)
    report("read", 1, 1)
    result = ImportResult(release=None)
    try:
        with transaction.atomic():
            result.release = _import_in_transaction(actor, root, desired, result, report)
    except _NothingChangedError:
        result.release = latest_import_release()
    vocabulary.reset()
    return result


class _NothingChangedError(Exception):
    """Raised inside the transaction to roll back the release row of an empty import."""


def _import_in_transaction(
    actor: Any,
    root: Path | None,
    desired: dict[str, dict[str, Any]],
    result: ImportResult,
    report: Progress,
) -> TaxonomyRelease:
    release = TaxonomyRelease.objects.create(
        kind=ReleaseKind.IMPORT,
        version_label=_version_label(root),
        source_release_id=data.release_id(root),
        manifest=data.load_manifest(root).versions,
        status=ReleaseStatus.PUBLISHED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _sync_skills(desired, release, result, report)
    result.counts["isco_groups"] = _sync_isco_groups(root)
    result.counts["esco_occupations"] = _sync_esco_occupations(root)
    report("occupations", 1, 1)
    result.counts["occupation_skills"] = _sync_occupation_skills(root, report)
    result.counts["majors"] = _sync_majors(root)
    result.counts["occupations"] = _sync_cn_occupations(root)
    result.counts["certificates"] = _sync_certificates(root)
    result.counts["crosswalks"] = _sync_crosswalks(root)
    report("code lists", 1, 1)
    if not result.has_changes and TaxonomyRelease.objects.exclude(pk=release.pk).exists():
        raise _NothingChangedError
    _finish_release(release, result)
    audit_record(
        actor=actor,
        action="taxonomy.import",
        obj=release,
        after={"counts": result.counts, "added": len(result.added),
               "changed": len(result.changed), "deprecated": len(result.deprecated)},
    )  # fmt: skip
    return release


def _version_label(root: Path | None) -> str:
    versions = data.load_manifest(root).versions
    return f"ESCO {versions.get('esco', '?')} + extension {versions.get('extension', '?')}"


def _finish_release(release: TaxonomyRelease, result: ImportResult) -> None:
    release.added_count = len(result.added)
    release.changed_count = len(result.changed)
    release.deprecated_count = len(result.deprecated)
    release.diff = {
        "added": sorted(result.added)[:DIFF_SAMPLE],
        "changed": sorted(result.changed)[:DIFF_SAMPLE],
        "deprecated": sorted(result.deprecated)[:DIFF_SAMPLE],
        "counts": result.counts,
    }
    release.published_at = timezone.now()
    release.save()


# --- skill concepts -----------------------------------------------------------------------


def search_text(values: dict[str, Any], concept_id: str = "") -> str:
    parts = [
        concept_id,
        values.get("label_zh", ""),
        values.get("label_en", ""),
        *values.get("alt_labels_zh", []),
        *values.get("alt_labels_en", []),
    ]
    return "\n".join(part for part in parts if part).lower()


def _esco_kind(skill: data.EscoSkill) -> str:
    if skill.reuse_level == "transversal":
        return SkillKind.TRANSVERSAL
    return SkillKind.KNOWLEDGE if skill.skill_type == "knowledge" else SkillKind.SKILL


def _esco_parents(root: Path | None) -> dict[str, str]:
    """One broader concept per ESCO concept: a skill group when there is one, else a skill."""
    candidates: dict[str, list[tuple[int, str]]] = {}
    for relation in data.load_esco_broader_skills(root):
        rank = 0 if relation.broader_type == "SkillGroup" else 1
        candidates.setdefault(relation.concept_uri, []).append((rank, relation.broader_uri))
    return {uri: min(options)[1] for uri, options in candidates.items()}


def desired_skills(root: Path | None) -> dict[str, dict[str, Any]]:
    """concept_id -> field values (plus ``parent`` as a concept id) from the data files."""
    desired: dict[str, dict[str, Any]] = {}
    parents = _esco_parents(root)
    zh_labels = data.load_esco_zh_labels(root)
    zh_alt_labels = data.load_esco_zh_alt_labels(root)
    for group in data.load_esco_skill_groups(root):
        desired[group.uri] = _row(
            scheme=Scheme.ESCO, uri=group.uri, kind=SkillKind.GROUP, label_en=group.label,
            label_zh=zh_labels.get(group.uri, ""), alt_labels_en=list(group.alt_labels),
            description_en=group.description, parent=parents.get(group.uri, ""),
        )  # fmt: skip
    for skill in data.load_esco_skills(root):
        desired[skill.uri] = _row(
            scheme=Scheme.ESCO, uri=skill.uri, kind=_esco_kind(skill), label_en=skill.label,
            label_zh=zh_labels.get(skill.uri, ""), alt_labels_en=list(skill.alt_labels),
            alt_labels_zh=list(zh_alt_labels.get(skill.uri, ())),
            description_en=skill.description, parent=parents.get(skill.uri, ""),
        )  # fmt: skip
    for concept in data.load_extension(root):
        desired[concept.id] = _row(
            scheme=Scheme.EXTENSION,
            uri=EXTENSION_URI_PREFIX + concept.id,
            kind=concept.kind if concept.is_taggable else SkillKind.GROUP,
            label_zh=concept.label_zh,
            label_en=concept.label_en,
            alt_labels_zh=list(concept.alt_zh),
            alt_labels_en=list(concept.alt_en),
            description_zh=concept.description_zh,
            description_en=concept.description_en,
            esco_uri=concept.esco_uri,
            esco_match=concept.esco_match,
            parent=concept.parent_id,
        )
    for values in desired.values():
        if values["parent"] not in desired:
            values["parent"] = ""
    return desired


def _row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "label_zh": "", "label_en": "", "alt_labels_zh": [], "alt_labels_en": [],
        "description_zh": "", "description_en": "", "esco_uri": "", "esco_match": "",
    }  # fmt: skip
    row.update(values)
    return row


@dataclass
class _Existing:
    pk: uuid.UUID
    values: dict[str, Any]
    parent_pk: uuid.UUID | None
    status: str
    merged: bool
    curated: frozenset[str]


def _existing_skills() -> dict[str, _Existing]:
    rows = Skill.objects.values(
        "pk", "concept_id", "status", "merged_into_id", "curated_fields", "parent_id",
        *SKILL_FIELDS,
    )  # fmt: skip
    return {
        row["concept_id"]: _Existing(
            pk=row["pk"],
            values={name: row[name] for name in SKILL_FIELDS},
            parent_pk=row["parent_id"],
            status=row["status"],
            merged=row["merged_into_id"] is not None,
            curated=frozenset(row["curated_fields"] or ()),
        )
        for row in rows
    }


def _sync_skills(
    desired: dict[str, dict[str, Any]],
    release: TaxonomyRelease,
    result: ImportResult,
    report: Progress,
) -> None:
    existing = _existing_skills()
    pks = {concept_id: current.pk for concept_id, current in existing.items()}
    pks.update({concept_id: uuid.uuid4() for concept_id in desired if concept_id not in pks})
    new: list[Skill] = []
    updated: list[Skill] = []
    for concept_id, values in desired.items():
        parent_pk = pks.get(values["parent"])
        current = existing.get(concept_id)
        if current is None:
            new.append(_new_skill(concept_id, pks[concept_id], parent_pk, values, release))
            result.added.append(concept_id)
            continue
        skill = _updated_skill(concept_id, values, current, parent_pk, release)
        if skill is not None:
            updated.append(skill)
            result.changed.append(concept_id)
    for concept_id, current in existing.items():
        if concept_id not in desired and current.status == ConceptStatus.ACTIVE:
            updated.append(
                Skill(pk=current.pk, status=ConceptStatus.DEPRECATED, release=release,
                      parent_id=current.parent_pk, **_full_values(concept_id, current.values))
            )  # fmt: skip
            result.deprecated.append(concept_id)
    _bulk_create(Skill, new, report, "concepts")
    for start in range(0, len(updated), BATCH):
        Skill.objects.bulk_update(
            updated[start : start + BATCH],
            [*SKILL_FIELDS, "parent", "status", "release", "search_text", "updated_at"],
            batch_size=200,
        )
        report("concepts changed", min(start + BATCH, len(updated)), len(updated))


def _full_values(concept_id: str, values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "search_text": search_text(values, concept_id), "updated_at": timezone.now()}


def _new_skill(
    concept_id: str,
    pk: uuid.UUID,
    parent_pk: uuid.UUID | None,
    values: dict[str, Any],
    release: TaxonomyRelease,
) -> Skill:
    fields = {name: values[name] for name in SKILL_FIELDS}
    return Skill(
        id=pk, concept_id=concept_id, parent_id=parent_pk, release=release,
        status=ConceptStatus.ACTIVE, **_full_values(concept_id, fields),
    )  # fmt: skip


def _updated_skill(
    concept_id: str,
    values: dict[str, Any],
    current: _Existing,
    parent_pk: uuid.UUID | None,
    release: TaxonomyRelease,
) -> Skill | None:
    """The update for an existing concept, or None when the files say nothing new."""
    merged = {
        name: current.values[name] if name in current.curated else values[name]
        for name in SKILL_FIELDS
    }
    revive = (
        current.status == ConceptStatus.DEPRECATED
        and not current.merged
        and "status" not in current.curated
    )
    parent = current.parent_pk if "parent" in current.curated else parent_pk
    if merged == current.values and not revive and parent == current.parent_pk:
        return None
    status = ConceptStatus.ACTIVE if revive else current.status
    return Skill(
        pk=current.pk, status=status, release=release, parent_id=parent,
        **_full_values(concept_id, merged),
    )  # fmt: skip


def _bulk_create(
    model: type[models.Model], objects: Sequence[models.Model], report: Progress, step: str
) -> None:
    for start in range(0, len(objects), BATCH):
        model.objects.bulk_create(objects[start : start + BATCH])  # type: ignore[attr-defined]
        report(step, min(start + BATCH, len(objects)), len(objects))


def resolved_skill_pks() -> dict[str, uuid.UUID]:
    """concept id -> primary key of the concept that stands for it (merges followed)."""
    rows = list(Skill.objects.values_list("pk", "concept_id", "merged_into_id"))
    target_of = {pk: merged for pk, _, merged in rows if merged is not None}

    def resolve(pk: uuid.UUID) -> uuid.UUID:
        seen = {pk}
        while pk in target_of and target_of[pk] not in seen:
            pk = target_of[pk]
            seen.add(pk)
        return pk

    return {concept_id: resolve(pk) for pk, concept_id, _ in rows}


# --- occupations and relations ------------------------------------------------------------


def _upsert(
    model: type[models.Model],
    key: str,
    rows: dict[str, dict[str, Any]],
    *,
    deprecate: bool = True,
) -> int:
    """Create/update/deprecate rows of a small table keyed by ``key``; returns changes."""
    names = sorted(next(iter(rows.values()), {}))
    manager = model.objects  # type: ignore[attr-defined]
    existing = {row[key]: row for row in manager.values("pk", key, *names, "status")}
    new, updated = [], []
    for value, fields in rows.items():
        current = existing.get(value)
        if current is None:
            new.append(model(**{key: value}, **fields))
        elif any(current[name] != fields[name] for name in names) or current["status"] != "active":
            updated.append(model(pk=current["pk"], status="active", **fields))
    gone = [
        row["pk"]
        for value, row in existing.items()
        if value not in rows and row["status"] == "active"
    ]
    manager.bulk_create(new, batch_size=BATCH)
    if updated:
        manager.bulk_update(updated, [*names, "status"], batch_size=200)
    if deprecate and gone:
        manager.filter(pk__in=gone).update(status="deprecated")
    return len(new) + len(updated) + len(gone)


def _sync_isco_groups(root: Path | None) -> int:
    existing = dict(IscoGroup.objects.values_list("code", "label"))
    wanted = {group.code: group for group in data.load_esco_isco_groups(root)}
    new = [
        IscoGroup(code=g.code, uri=g.uri, label=g.label)
        for c, g in wanted.items()
        if c not in existing
    ]
    changed = [g for c, g in wanted.items() if c in existing and existing[c] != g.label]
    IscoGroup.objects.bulk_create(new, batch_size=BATCH)
    for group in changed:
        IscoGroup.objects.filter(code=group.code).update(label=group.label, uri=group.uri)
    return len(new) + len(changed)


def _sync_esco_occupations(root: Path | None) -> int:
    rows = {
        occupation.uri: {
            "code": occupation.code,
            "label_en": occupation.label,
            "alt_labels_en": list(occupation.alt_labels),
            "description_en": occupation.description,
            "isco_group": occupation.isco_group,
        }
        for occupation in data.load_esco_occupations(root)
    }
    return _upsert(EscoOccupation, "uri", rows)


def _sync_occupation_skills(root: Path | None, report: Progress) -> int:
    occupation_pks = dict(EscoOccupation.objects.values_list("uri", "pk"))
    skill_pks = resolved_skill_pks()
    wanted: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    for link in data.load_esco_occupation_skills(root):
        occupation = occupation_pks.get(link.occupation_uri)
        skill = skill_pks.get(link.skill_uri)
        if occupation is None or skill is None:
            continue  # upstream rows that point at no occupation (see data/SOURCE.md)
        key = (occupation, skill)
        if wanted.get(key) != "essential":
            wanted[key] = link.relation
    return _sync_links(wanted, report)


def _sync_links(wanted: dict[tuple[uuid.UUID, uuid.UUID], str], report: Progress) -> int:
    existing = {
        (occupation, skill): (pk, relation)
        for pk, occupation, skill, relation in OccupationSkill.objects.values_list(
            "pk", "occupation_id", "skill_id", "relation"
        )
    }
    stale = [pk for key, (pk, _) in existing.items() if key not in wanted]
    relabel = [
        OccupationSkill(pk=existing[key][0], relation=relation)
        for key, relation in wanted.items()
        if key in existing and existing[key][1] != relation
    ]
    new = [
        OccupationSkill(occupation_id=occupation, skill_id=skill, relation=relation)
        for (occupation, skill), relation in wanted.items()
        if (occupation, skill) not in existing
    ]
    for start in range(0, len(stale), BATCH):
        OccupationSkill.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    OccupationSkill.objects.bulk_update(relabel, ["relation"], batch_size=500)
    _bulk_create(OccupationSkill, new, report, "occupation skills")
    return len(stale) + len(relabel) + len(new)


# --- Chinese code lists and crosswalks ----------------------------------------------------


def _sync_majors(root: Path | None) -> int:
    rows = {
        major.code: {
            "name_zh": major.name_zh,
            "name_en": major.name_en,
            "level": major.level,
            "category_code": major.category_code,
            "category_zh": major.category_zh,
            "catalogue": major.catalogue,
            "source": major.source,
            "verified": major.verified,
        }
        for major in data.load_majors(root)
    }
    return _upsert(Major, "code", rows)


def _sync_cn_occupations(root: Path | None) -> int:
    version = data.load_manifest(root).versions.get("occupational_classification", "")
    entries = data.load_cn_occupations(root)
    rows = {
        entry.code: {
            "name_zh": entry.name_zh,
            "name_en": entry.name_en,
            "level": entry.level,
            "is_digital": entry.is_digital,
            "classification": version,
            "source": entry.source,
            "verified": entry.verified,
        }
        for entry in entries
    }
    changes = _upsert(Occupation, "code", rows)
    pks = dict(Occupation.objects.values_list("code", "pk"))
    current = dict(Occupation.objects.values_list("code", "parent_id"))
    moved = [
        Occupation(pk=pks[entry.code], parent_id=pks.get(entry.parent_code))
        for entry in entries
        if current[entry.code] != pks.get(entry.parent_code)
    ]
    Occupation.objects.bulk_update(moved, ["parent"], batch_size=500)
    return changes + len(moved)


def _sync_certificates(root: Path | None) -> int:
    certificates = data.load_certificates(root)
    rows = {
        cert.id: {
            "name_zh": cert.name_zh,
            "name_en": cert.name_en,
            "levels": list(cert.levels),
            "issuer_zh": cert.issuer_zh,
            "batch": cert.batch,
            "source": cert.source,
            "verified": cert.verified,
        }
        for cert in certificates
    }
    changes = _upsert(Certificate, "key", rows)
    skill_pks = resolved_skill_pks()
    cert_pks = dict(Certificate.objects.values_list("key", "pk"))
    through = Certificate.skills.through
    wanted = {
        (cert_pks[cert.id], skill_pks[skill_id])
        for cert in certificates
        for skill_id in cert.skill_ids
        if skill_id in skill_pks
    }
    return changes + _sync_pairs(through, "certificate_id", "skill_id", wanted, {})


def _sync_pairs(
    model: Any,
    left: str,
    right: str,
    wanted: set[tuple[Any, Any]],
    extra: dict[tuple[Any, Any], dict[str, Any]],
) -> int:
    """Make the (left, right) rows of a link table equal ``wanted`` (extra: other fields)."""
    names = sorted(next(iter(extra.values()), {}))
    existing = {
        (row[left], row[right]): row for row in model.objects.values("pk", left, right, *names)
    }
    stale = [row["pk"] for key, row in existing.items() if key not in wanted]
    model.objects.filter(pk__in=stale).delete()
    new = [model(**{left: a, right: b}, **extra.get((a, b), {})) for a, b in wanted - set(existing)]
    model.objects.bulk_create(new, batch_size=BATCH)
    changed = [
        model(pk=existing[key]["pk"], **extra[key])
        for key in wanted & set(existing)
        if key in extra and any(existing[key][name] != extra[key][name] for name in names)
    ]
    if changed:
        model.objects.bulk_update(changed, names, batch_size=200)
    return len(stale) + len(new) + len(changed)


def _sync_crosswalks(root: Path | None) -> int:
    crosswalks = data.load_crosswalks(root)
    majors = dict(Major.objects.values_list("code", "pk"))
    occupations = dict(Occupation.objects.values_list("code", "pk"))
    esco = dict(EscoOccupation.objects.values_list("uri", "pk"))
    skill_pks = resolved_skill_pks()
    weights = {
        (majors[link.major_code], skill_pks[link.concept_id]): {"weight": link.weight}
        for link in crosswalks.major_skill
        if link.major_code in majors and link.concept_id in skill_pks
    }
    changes = _sync_pairs(MajorSkill, "major_id", "skill_id", set(weights), weights)
    return changes + _sync_major_occupations(crosswalks.major_occupation, majors, occupations, esco)


def _sync_major_occupations(
    links: Iterable[data.MajorOccupationLink],
    majors: dict[str, uuid.UUID],
    occupations: dict[str, uuid.UUID],
    esco: dict[str, uuid.UUID],
) -> int:
    wanted = {
        (majors[link.major_code], occupations.get(link.cn_occupation_code),
         esco.get(link.esco_occupation_uri), link.note[:255])
        for link in links
        if link.major_code in majors
    }  # fmt: skip
    existing = set(
        MajorOccupation.objects.values_list(
            "major_id", "occupation_id", "esco_occupation_id", "note"
        )
    )
    if wanted == existing:
        return 0
    MajorOccupation.objects.all().delete()
    MajorOccupation.objects.bulk_create(
        [MajorOccupation(major_id=m, occupation_id=o, esco_occupation_id=e, note=n)
         for m, o, e, n in wanted],
        batch_size=BATCH,
    )  # fmt: skip
    return len(wanted ^ existing)
