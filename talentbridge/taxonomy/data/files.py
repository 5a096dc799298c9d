"""Pure, cached loaders for the shipped taxonomy data (no Django imports).

Every loader takes an optional ``root`` (a data directory laid out like this package) so two
releases can be loaded side by side; the default is the directory of this module.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import lzma
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "manifest.json"
STRUCTURAL_KINDS = frozenset({"domain", "area"})
TAGGABLE_KINDS = frozenset({"skill", "knowledge", "tool", "transversal"})
EXTENSION_KINDS = STRUCTURAL_KINDS | TAGGABLE_KINDS
ESCO_MATCHES = frozenset({"exact", "close", "broad", ""})
MAJOR_LEVELS = frozenset({"secondary", "higher_vocational", "vocational_bachelor", "bachelor"})


@dataclass(frozen=True, slots=True)
class EscoSkill:
    uri: str
    label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    skill_type: str
    reuse_level: str
    description: str


@dataclass(frozen=True, slots=True)
class EscoSkillGroup:
    uri: str
    code: str
    label: str
    alt_labels: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class EscoHierarchyRow:
    level_uris: tuple[str, ...]
    code: str
    label: str

    @property
    def uri(self) -> str:
        return next(uri for uri in reversed(self.level_uris) if uri)

    @property
    def parent_uri(self) -> str:
        filled = [uri for uri in self.level_uris if uri]
        return filled[-2] if len(filled) > 1 else ""


@dataclass(frozen=True, slots=True)
class BroaderRelation:
    concept_uri: str
    concept_type: str
    broader_uri: str
    broader_type: str


@dataclass(frozen=True, slots=True)
class EscoOccupation:
    uri: str
    code: str
    label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    isco_group: str
    description: str


@dataclass(frozen=True, slots=True)
class OccupationSkill:
    occupation_uri: str
    skill_uri: str
    relation: str
    skill_type: str


@dataclass(frozen=True, slots=True)
class IscoGroup:
    uri: str
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class SkillRelation:
    skill_uri: str
    relation: str
    related_skill_uri: str


@dataclass(frozen=True, slots=True)
class ExtensionConcept:
    id: str
    kind: str
    parent_id: str
    label_zh: str
    label_en: str
    alt_zh: tuple[str, ...]
    alt_en: tuple[str, ...]
    esco_uri: str
    esco_match: str
    description_zh: str
    description_en: str

    @property
    def is_taggable(self) -> bool:
        return self.kind in TAGGABLE_KINDS


@dataclass(frozen=True, slots=True)
class Major:
    code: str
    name_zh: str
    name_en: str
    level: str
    category_code: str
    category_zh: str
    catalogue: str
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class CnOccupation:
    code: str
    name_zh: str
    name_en: str
    parent_code: str
    level: str
    is_digital: bool
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class Certificate:
    id: str
    name_zh: str
    name_en: str
    levels: tuple[str, ...]
    issuer_zh: str
    batch: str
    skill_ids: tuple[str, ...]
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class MajorOccupationLink:
    major_code: str
    cn_occupation_code: str
    esco_occupation_uri: str
    note: str


@dataclass(frozen=True, slots=True)
class MajorSkillLink:
    major_code: str
    concept_id: str
    weight: float


@dataclass(frozen=True, slots=True)
class Crosswalks:
    major_occupation: tuple[MajorOccupationLink, ...]
    major_skill: tuple[MajorSkillLink, ...]


@dataclass(frozen=True, slots=True)
class ManifestFile:
    path: str
    sha256: str
    bytes: int
    rows: int


@dataclass(frozen=True, slots=True)
class Manifest:
    versions: dict[str, str]
    files: tuple[ManifestFile, ...]


def _root(root: Path | None) -> Path:
    return DATA_DIR if root is None else Path(root)


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".xz":
        raw = lzma.decompress(raw)
    return raw.decode("utf-8")


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(io.StringIO(_read_text(path), newline=""))


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    for line in _read_text(path).splitlines():
        if line.strip():
            yield json.loads(line)


def _multi(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _flag(cell: str) -> bool:
    value = cell.strip().lower()
    if value not in {"true", "false"}:
        raise ValueError(f"expected true/false, got {cell!r}")
    return value == "true"


@cache
def load_esco_skills(root: Path | None = None) -> tuple[EscoSkill, ...]:
    return tuple(
        EscoSkill(
            uri=row["uri"],
            label=row["label"],
            alt_labels=tuple(row["alt_labels"]),
            hidden_labels=tuple(row["hidden_labels"]),
            skill_type=row["skill_type"],
            reuse_level=row["reuse_level"],
            description=row["description"],
        )
        for row in _jsonl_rows(_root(root) / "esco" / "skills.jsonl.xz")
    )


@cache
def load_esco_skill_groups(root: Path | None = None) -> tuple[EscoSkillGroup, ...]:
    return tuple(
        EscoSkillGroup(
            uri=row["uri"],
            code=row["code"],
            label=row["label"],
            alt_labels=tuple(row["alt_labels"]),
            description=row["description"],
        )
        for row in _jsonl_rows(_root(root) / "esco" / "skill_groups.jsonl.xz")
    )


@cache
def load_esco_skills_hierarchy(root: Path | None = None) -> tuple[EscoHierarchyRow, ...]:
    return tuple(
        EscoHierarchyRow(
            level_uris=tuple(row[f"level{i}_uri"] for i in range(4)),
            code=row["code"],
            label=row["label"],
        )
        for row in _csv_rows(_root(root) / "esco" / "skills_hierarchy.csv.xz")
    )


def _broader(path: Path) -> tuple[BroaderRelation, ...]:
    return tuple(
        BroaderRelation(
            concept_uri=row["concept_uri"],
            concept_type=row["concept_type"],
            broader_uri=row["broader_uri"],
            broader_type=row["broader_type"],
        )
        for row in _csv_rows(path)
    )


@cache
def load_esco_broader_skills(root: Path | None = None) -> tuple[BroaderRelation, ...]:
    return _broader(_root(root) / "esco" / "broader_skills.csv.xz")


@cache
def load_esco_broader_occupations(root: Path | None = None) -> tuple[BroaderRelation, ...]:
    return _broader(_root(root) / "esco" / "broader_occupations.csv.xz")


@cache
def load_esco_occupations(root: Path | None = None) -> tuple[EscoOccupation, ...]:
    return tuple(
        EscoOccupation(
            uri=row["uri"],
            code=row["code"],
            label=row["label"],
            alt_labels=tuple(row["alt_labels"]),
            hidden_labels=tuple(row["hidden_labels"]),
            isco_group=row["isco_group"],
            description=row["description"],
        )
        for row in _jsonl_rows(_root(root) / "esco" / "occupations.jsonl.xz")
    )


@cache
def load_esco_occupation_skills(root: Path | None = None) -> tuple[OccupationSkill, ...]:
    return tuple(
        OccupationSkill(
            occupation_uri=row["occupation_uri"],
            skill_uri=row["skill_uri"],
            relation=row["relation"],
            skill_type=row["skill_type"],
        )
        for row in _csv_rows(_root(root) / "esco" / "occupation_skills.csv.xz")
    )


@cache
def load_esco_isco_groups(root: Path | None = None) -> tuple[IscoGroup, ...]:
    return tuple(
        IscoGroup(uri=row["uri"], code=row["code"], label=row["label"])
        for row in _csv_rows(_root(root) / "esco" / "isco_groups.csv.xz")
    )


@cache
def load_esco_skill_relations(root: Path | None = None) -> tuple[SkillRelation, ...]:
    return tuple(
        SkillRelation(
            skill_uri=row["skill_uri"],
            relation=row["relation"],
            related_skill_uri=row["related_skill_uri"],
        )
        for row in _csv_rows(_root(root) / "esco" / "skill_skill_relations.csv.xz")
    )


@cache
def _esco_zh_labels(root: Path | None) -> tuple[tuple[str, str], ...]:
    return tuple(
        (row["uri"], row["label_zh"]) for row in _csv_rows(_root(root) / "esco_zh_labels.csv")
    )


def load_esco_zh_labels(root: Path | None = None) -> dict[str, str]:
    return dict(_esco_zh_labels(root))


@cache
def _esco_zh_alt_labels(root: Path | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (row["uri"], _multi(row.get("alt_zh") or ""))
        for row in _csv_rows(_root(root) / "esco_zh_labels.csv")
        if row.get("alt_zh")
    )


def load_esco_zh_alt_labels(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """uri -> Chinese alternative labels (job-ad phrasings; optional ``alt_zh`` column)."""
    return dict(_esco_zh_alt_labels(root))


@cache
def load_extension(root: Path | None = None) -> tuple[ExtensionConcept, ...]:
    return tuple(
        ExtensionConcept(
            id=row["id"],
            kind=row["kind"],
            parent_id=row["parent_id"],
            label_zh=row["label_zh"],
            label_en=row["label_en"],
            alt_zh=_multi(row["alt_zh"]),
            alt_en=_multi(row["alt_en"]),
            esco_uri=row["esco_uri"],
            esco_match=row["esco_match"],
            description_zh=row["description_zh"],
            description_en=row["description_en"],
        )
        for row in _csv_rows(_root(root) / "digital_creative.csv")
    )


@cache
def load_majors(root: Path | None = None) -> tuple[Major, ...]:
    return tuple(
        Major(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            level=row["level"],
            category_code=row["category_code"],
            category_zh=row["category_zh"],
            catalogue=row["catalogue"],
            source=row["source"],
            verified=_flag(row["verified"]),
        )
        for row in _csv_rows(_root(root) / "majors.csv")
    )


@cache
def load_cn_occupations(root: Path | None = None) -> tuple[CnOccupation, ...]:
    return tuple(
        CnOccupation(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            parent_code=row["parent_code"],
            level=row["level"],
            is_digital=_flag(row["is_digital"]),
            source=row["source"],
            verified=_flag(row["verified"]),
        )
        for row in _csv_rows(_root(root) / "occupations_cn.csv")
    )


@cache
def load_certificates(root: Path | None = None) -> tuple[Certificate, ...]:
    return tuple(
        Certificate(
            id=row["id"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            levels=_multi(row["levels"]),
            issuer_zh=row["issuer_zh"],
            batch=row["batch"],
            skill_ids=_multi(row["skill_ids"]),
            source=row["source"],
            verified=_flag(row["verified"]),
        )
        for row in _csv_rows(_root(root) / "certificates_1x.csv")
    )


@cache
def load_crosswalks(root: Path | None = None) -> Crosswalks:
    base = _root(root)
    return Crosswalks(
        major_occupation=tuple(
            MajorOccupationLink(
                major_code=row["major_code"],
                cn_occupation_code=row["cn_occupation_code"],
                esco_occupation_uri=row["esco_occupation_uri"],
                note=row["note"],
            )
            for row in _csv_rows(base / "crosswalk_major_occupation.csv")
        ),
        major_skill=tuple(
            MajorSkillLink(
                major_code=row["major_code"],
                concept_id=row["concept_id"],
                weight=float(row["weight"]),
            )
            for row in _csv_rows(base / "crosswalk_major_skill.csv")
        ),
    )


@cache
def load_manifest(root: Path | None = None) -> Manifest:
    payload = json.loads((_root(root) / MANIFEST_NAME).read_text(encoding="utf-8"))
    return Manifest(
        versions=dict(payload["versions"]),
        files=tuple(
            ManifestFile(
                path=entry["path"],
                sha256=entry["sha256"],
                bytes=entry["bytes"],
                rows=entry["rows"],
            )
            for entry in payload["files"]
        ),
    )


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_manifest(root: Path | None = None) -> list[str]:
    """Return the manifest paths whose content no longer matches the recorded sha256."""
    base = _root(root)
    return [
        entry.path
        for entry in load_manifest(base).files
        if not (base / entry.path).is_file() or file_sha256(base / entry.path) != entry.sha256
    ]


@cache
def release_id(root: Path | None = None) -> str:
    """A short, stable identifier of this data release (for cache keys)."""
    digest = hashlib.sha256()
    for entry in sorted(load_manifest(root).files, key=lambda item: item.path):
        digest.update(f"{entry.path}:{entry.sha256}\n".encode())
    return digest.hexdigest()[:16]
