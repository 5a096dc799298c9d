"""The skill vocabulary: the one public read module for skill concepts (ADR 0016).

Every context and the extraction engine's loader read skills here — ``curriculum.adapters``,
``projects.skills``, ``demand.tagging``, ``credentials.skills``, ``manage.py extract_skills``
and the extraction service — so curated releases, merges, new aliases and retired concepts
reach tagging, projects, curricula and the engine alike.

Source: the taxonomy database (``Skill``, ``OccupationSkill``, ``TaxonomyRelease``). Before
the first ``load_taxonomy`` the database holds no concept; the vocabulary is then the shipped
data release exactly as the importer would write it (``importer.desired_skills``), so a
process that never imported (unit tests, a bare checkout) sees the same concepts and ids.

A concept is referred to by its ``concept_id``: an ESCO skill URI or an extension slug
(``dc.video.edit.editing``). ``canonical`` follows merges (a deprecated concept merged into
another) and the extension's exact ESCO mappings (the ESCO URI compares under the extension
id), so every spelling of one concept meets.

Reads are kept per process in one snapshot for ``MEMO_SECONDS``; ``reset()`` drops it at once
(the taxonomy's writes call it; other processes see a change within ``MEMO_SECONDS``).
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import get_language

from talentbridge.extraction import Concept

MEMO_SECONDS = 60.0
EXTENSION_URI_PREFIX = "urn:talentbridge:concept:"
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
EXTENSION_PRIOR = 0.5  # how often an extension concept is expected in postings (engine prior)
TAGGABLE_KINDS = frozenset({"skill", "knowledge", "tool", "transversal"})
UNRELEASED = "unreleased"


def _english() -> bool:
    return (get_language() or "").startswith("en")


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """One active, taggable concept as the other contexts see it."""

    id: str
    uri: str
    scheme: str  # esco | extension
    kind: str
    label_zh: str
    label_en: str
    aliases_zh: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    description_zh: str = ""
    description_en: str = ""
    esco_uri: str = ""  # the ESCO concept an extension concept maps to
    esco_match: str = ""  # exact | close | broad
    path: tuple[str, ...] = ()  # ancestors from the domain down to the concept itself

    @property
    def label(self) -> str:
        """The label in the active language, the other one when it is missing."""
        if _english():
            return self.label_en or self.label_zh or self.id
        return self.label_zh or self.label_en or self.id

    @property
    def area(self) -> str:
        """The grouping node just above the concept ('' for a top-level or ESCO concept)."""
        return self.path[-2] if len(self.path) > 1 else ""

    @property
    def is_extension(self) -> bool:
        return self.scheme == "extension"


@dataclass(frozen=True, slots=True)
class _Row:
    """A concept as stored (database) or shipped (data files), before selection."""

    concept_id: str
    uri: str
    scheme: str
    kind: str
    label_zh: str
    label_en: str
    alt_zh: tuple[str, ...]
    alt_en: tuple[str, ...]
    description_zh: str
    description_en: str
    esco_uri: str
    esco_match: str
    parent: str  # concept id
    status: str
    merged_into: str  # concept id


@dataclass(frozen=True)
class _Snapshot:
    source: str  # "database" | "files"
    release: str
    skills: dict[str, SkillInfo]  # every active taggable concept by id
    groups: dict[str, tuple[str, str]]  # structural nodes: id → (label_zh, label_en)
    aliases: dict[str, str]  # merged id or exactly mapped ESCO URI → surviving id
    by_uri: dict[str, str]  # uri → concept id
    occupation_counts: dict[str, int]  # concept id → ESCO occupations listing it
    mapped_from: dict[str, str]  # ESCO URI → the extension concept mapped to it (exact first)
    rows: tuple[_Row, ...] = field(repr=False, default=())
    stamp: tuple[Any, ...] = ()


class _Memo:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._value: _Snapshot | None = None
        self._born = 0.0
        self._engine: dict[str, tuple[Concept, ...]] = {}

    def snapshot(self) -> _Snapshot:
        with self._lock:
            value = self._value
            if value is not None and time.monotonic() - self._born <= self.ttl:
                return value
        stamp = _stamp()
        if value is not None and value.stamp == stamp:
            with self._lock:
                self._born = time.monotonic()
            return value
        value = _load(stamp)
        with self._lock:
            if self._value is None or value.rows != self._value.rows:
                self._engine.clear()
            self._value, self._born = value, time.monotonic()
        return value

    def engine(self, key: str, build: Any) -> tuple[Concept, ...]:
        snapshot = self.snapshot()
        with self._lock:
            found = self._engine.get(key)
        if found is None:
            found = tuple(build(snapshot))
            with self._lock:
                self._engine[key] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._value = None
            self._engine.clear()


_memo = _Memo(MEMO_SECONDS)


def reset() -> None:
    """Forget the remembered vocabulary (after an import, a merge, a published release)."""
    _memo.clear()


# --- loading ------------------------------------------------------------------------------


def _stamp() -> tuple[Any, ...]:
    """What changes whenever the stored vocabulary does (one cheap query)."""
    from talentbridge.taxonomy.models import Skill, TaxonomyRelease

    skills = Skill.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    releases = TaxonomyRelease.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return skills["n"], skills["last"], releases["n"], releases["last"]


def _load(stamp: tuple[Any, ...]) -> _Snapshot:
    if stamp[0]:
        snapshot = _snapshot("database", _database_release(), _database_rows(), _database_counts())
    else:
        snapshot = _snapshot("files", _files_release(), *_files_rows_and_counts())
    return replace(snapshot, stamp=stamp)


def _database_rows() -> list[_Row]:
    from talentbridge.taxonomy.models import Skill

    rows = list(
        Skill.objects.order_by("concept_id").values_list(
            "pk", "concept_id", "uri", "scheme", "kind", "label_zh", "label_en",
            "alt_labels_zh", "alt_labels_en", "description_zh", "description_en", "esco_uri",
            "esco_match", "parent_id", "status", "merged_into_id",
        )
    )  # fmt: skip
    id_of = {row[0]: row[1] for row in rows}
    return [
        _Row(cid, uri, scheme, kind, zh, en, tuple(alt_zh or ()), tuple(alt_en or ()), dzh, den,
             esco_uri, match, id_of.get(parent, ""), status, id_of.get(merged, ""))
        for (_pk, cid, uri, scheme, kind, zh, en, alt_zh, alt_en, dzh, den, esco_uri, match,
             parent, status, merged) in rows
    ]  # fmt: skip


def _database_counts() -> dict[str, int]:
    from talentbridge.taxonomy.models import OccupationSkill

    counts = OccupationSkill.objects.values("skill__concept_id").annotate(n=Count("id"))
    return {row["skill__concept_id"]: row["n"] for row in counts}


def _database_release() -> str:
    """The data release of the last import, plus the last published curation release."""
    from talentbridge.taxonomy.models import ReleaseKind, ReleaseStatus, TaxonomyRelease

    published = TaxonomyRelease.objects.filter(status=ReleaseStatus.PUBLISHED)
    data = (
        published.filter(kind=ReleaseKind.IMPORT)
        .order_by("-created_at")
        .values_list("source_release_id", flat=True)
        .first()
    )
    curation = (
        published.filter(kind=ReleaseKind.CURATION)
        .order_by("-published_at")
        .values_list("version_label", flat=True)
        .first()
    )
    release = data or UNRELEASED
    return f"{release}+{curation}" if curation else release


def _files_release() -> str:
    from talentbridge.taxonomy.data import release_id

    try:
        return release_id()
    except FileNotFoundError:
        return UNRELEASED


@functools.cache
def _files_rows_and_counts() -> tuple[list[_Row], dict[str, int]]:
    """The shipped release as ``load_taxonomy`` would write it (read once per process)."""
    from talentbridge.taxonomy.data import load_esco_occupation_skills
    from talentbridge.taxonomy.importer import desired_skills

    desired = desired_skills(None)
    rows = [
        _Row(cid, v["uri"], v["scheme"], v["kind"], v["label_zh"], v["label_en"],
             tuple(v["alt_labels_zh"]), tuple(v["alt_labels_en"]), v["description_zh"],
             v["description_en"], v["esco_uri"], v["esco_match"], v["parent"], "active", "")
        for cid, v in sorted(desired.items())
    ]  # fmt: skip
    counts = Counter(link.skill_uri for link in load_esco_occupation_skills())
    return rows, dict(counts)


def _snapshot(source: str, release: str, rows: list[_Row], counts: dict[str, int]) -> _Snapshot:
    parent_of = {row.concept_id: row.parent for row in rows}

    def path_of(concept_id: str) -> tuple[str, ...]:
        chain: list[str] = []
        current = concept_id
        while current and current not in chain:
            chain.append(current)
            current = parent_of.get(current, "")
        return tuple(reversed(chain))

    skills: dict[str, SkillInfo] = {}
    groups: dict[str, tuple[str, str]] = {}
    aliases: dict[str, str] = {}
    by_uri: dict[str, str] = {}
    for row in rows:
        by_uri[row.uri] = row.concept_id
        if row.status != "active":
            if row.merged_into:
                aliases[row.concept_id] = row.merged_into
            continue
        if row.kind not in TAGGABLE_KINDS:
            groups[row.concept_id] = (row.label_zh, row.label_en)
            continue
        is_extension = row.scheme == "extension"
        skills[row.concept_id] = SkillInfo(
            id=row.concept_id, uri=row.uri, scheme=row.scheme, kind=row.kind,
            label_zh=row.label_zh, label_en=row.label_en, aliases_zh=row.alt_zh,
            aliases_en=row.alt_en, description_zh=row.description_zh,
            description_en=row.description_en, esco_uri=row.esco_uri,
            esco_match=row.esco_match,
            path=path_of(row.concept_id) if is_extension else (row.concept_id,),
        )  # fmt: skip
    mapped_from: dict[str, str] = {}
    for info in sorted(skills.values(), key=lambda info: (info.esco_match != "exact", info.id)):
        if info.is_extension and info.esco_uri:
            mapped_from.setdefault(info.esco_uri, info.id)
            if info.esco_match == "exact":
                aliases.setdefault(info.esco_uri, info.id)
    return _Snapshot(
        source, release, skills, groups, aliases, by_uri, counts, mapped_from, tuple(rows)
    )


# --- concepts -----------------------------------------------------------------------------


def source() -> str:
    """Where the vocabulary comes from now: ``database`` or ``files`` (nothing imported)."""
    return _memo.snapshot().source


def release_version() -> str:
    """The data release id (plus the last published curation release, ``2026.1+v3``)."""
    return _memo.snapshot().release


def data_release() -> str:
    """The data release alone (the engine's embedding cache key; texts are hashed too)."""
    return release_version().split("+", 1)[0]


def canonical(concept_id: str) -> str:
    """The id under which every spelling of one concept compares equal (merges followed,
    exactly mapped ESCO URIs under the extension id, extension URIs under their slug)."""
    snapshot = _memo.snapshot()
    concept_id = concept_id.strip()
    if concept_id not in snapshot.skills and concept_id in snapshot.by_uri:
        concept_id = snapshot.by_uri[concept_id]
    seen: set[str] = set()
    while concept_id in snapshot.aliases and concept_id not in seen:
        seen.add(concept_id)
        concept_id = snapshot.aliases[concept_id]
    return concept_id


def get(concept_id: str) -> SkillInfo | None:
    """The active taggable concept, or None when the vocabulary does not know the id."""
    return _memo.snapshot().skills.get(canonical(concept_id))


def unknown(concept_ids: Iterable[str]) -> list[str]:
    return [concept_id for concept_id in concept_ids if get(concept_id) is None]


def label(concept_id: str) -> str:
    """The concept's label in the active language (the id when unknown)."""
    found = get(concept_id)
    if found is not None:
        return found.label
    group = _memo.snapshot().groups.get(concept_id)
    if group is not None:
        return (group[1] or group[0]) if _english() else (group[0] or group[1])
    return concept_id


def labels(concept_id: str) -> tuple[str, str]:
    """(label_zh, label_en); a Chinese label missing on an ESCO concept is taken from an
    extension concept mapped to it exactly; ("", "") when unknown."""
    found = get(concept_id)
    if found is None:
        return "", ""
    zh = found.label_zh
    if not zh and not found.is_extension:
        mapped = _exact_extension(found.id)
        zh = mapped.label_zh if mapped else ""
    return zh, found.label_en


def group_label(concept_id: str) -> str:
    """The label of a structural node (domain, area), in the active language."""
    group = _memo.snapshot().groups.get(concept_id)
    if group is None:
        return concept_id
    return (group[1] or group[0]) if _english() else (group[0] or group[1])


def extension_concepts() -> list[SkillInfo]:
    """The active taggable concepts of the digital-creative extension."""
    return [info for info in _memo.snapshot().skills.values() if info.is_extension]


def esco_concepts() -> list[SkillInfo]:
    """The active ESCO skills (the ESCO view)."""
    return [info for info in _memo.snapshot().skills.values() if not info.is_extension]


def esco_view(concept_id: str) -> str | None:
    """The ESCO URI that stands for the concept in the ESCO view: itself for an ESCO skill,
    the mapped ESCO concept (exact, close or broad) for an extension concept; None without."""
    found = get(concept_id) or _memo.snapshot().skills.get(concept_id.strip())
    if found is None:
        return None
    if not found.is_extension:
        return found.id
    target = _memo.snapshot().skills.get(found.esco_uri) if found.esco_uri else None
    return target.id if target is not None and not target.is_extension else None


def extension_for_esco(esco_uri: str) -> SkillInfo | None:
    """The extension concept mapped to an ESCO skill (an exact mapping first), if any."""
    snapshot = _memo.snapshot()
    slug = snapshot.mapped_from.get(esco_uri.strip())
    return snapshot.skills.get(slug) if slug else None


def choices() -> list[tuple[str, str]]:
    """Extension concepts as (id, "label · id") for pickers, in the active language."""
    return sorted((info.id, f"{info.label} · {info.id}") for info in extension_concepts())


def _exact_extension(esco_uri: str) -> SkillInfo | None:
    snapshot = _memo.snapshot()
    slug = snapshot.aliases.get(esco_uri)
    return snapshot.skills.get(slug) if slug else None


# --- the engine's concept list ------------------------------------------------------------


def engine_concepts() -> tuple[Concept, ...]:
    """The extraction engine's concepts, built once per vocabulary snapshot: ESCO skills (with
    the Chinese labels and aliases of extension concepts that map to them exactly) plus the
    extension's other taggable concepts. Ids are ESCO URIs for ESCO skills, slugs otherwise."""
    return _memo.engine("concepts", _engine_concepts)


def esco_targets() -> dict[str, str]:
    """The ESCO view of the engine's concepts: concept id → the ESCO skill that stands for it
    (itself for an ESCO skill; the mapped ESCO skill — exact, close or broad — for an
    extension concept; "" when there is none, so the ESCO view drops it)."""
    skills = _memo.snapshot().skills
    targets: dict[str, str] = {}
    for concept in engine_concepts():
        info = skills.get(concept.id)
        if info is None or not info.is_extension:
            targets[concept.id] = concept.id
            continue
        target = skills.get(info.esco_uri) if info.esco_uri else None
        targets[concept.id] = target.id if target is not None and not target.is_extension else ""
    return targets


def _engine_concepts(snapshot: _Snapshot) -> list[Concept]:
    mapped: dict[str, list[SkillInfo]] = {}
    extension: list[SkillInfo] = []
    for info in snapshot.skills.values():
        if not info.is_extension:
            continue
        target = snapshot.skills.get(info.esco_uri) if info.esco_uri else None
        if target is not None and not target.is_extension and info.esco_match == "exact":
            mapped.setdefault(info.esco_uri, []).append(info)
        else:
            extension.append(info)
    top = math.log1p(max(snapshot.occupation_counts.values(), default=1))
    concepts = [
        _esco_concept(info, mapped.get(info.id, []), snapshot.occupation_counts, top)
        for info in snapshot.skills.values()
        if not info.is_extension
    ]
    concepts.extend(_extension_concept(info) for info in extension)
    return concepts


def _esco_concept(
    info: SkillInfo, mapped: list[SkillInfo], counts: dict[str, int], top: float
) -> Concept:
    zh_aliases = [a for concept in mapped for a in (concept.label_zh, *concept.aliases_zh) if a]
    en_aliases = [a for concept in mapped for a in (concept.label_en, *concept.aliases_en) if a]
    prior = math.log1p(counts.get(info.id, 0)) / top if top else 0.0
    return Concept(
        id=info.id,
        uri=info.uri,
        label_en=info.label_en,
        label_zh=info.label_zh or next(iter(zh_aliases), ""),
        aliases_en=tuple(dict.fromkeys([*info.aliases_en, *en_aliases])),
        aliases_zh=tuple(dict.fromkeys([*info.aliases_zh, *zh_aliases])),
        kind=mapped[0].kind if mapped else info.kind,
        description=info.description_en,
        prior=max(prior, EXTENSION_PRIOR if mapped else 0.0),
        passages=tuple(dict.fromkeys([*info.aliases_zh, *zh_aliases, *en_aliases])),
    )


def _extension_concept(info: SkillInfo) -> Concept:
    return Concept(
        id=info.id,
        uri=info.uri or EXTENSION_URI_PREFIX + info.id,
        label_en=info.label_en,
        label_zh=info.label_zh,
        aliases_en=info.aliases_en,
        aliases_zh=info.aliases_zh,
        kind=info.kind,
        description=info.description_en or info.description_zh,
        prior=EXTENSION_PRIOR,
        passages=(*info.aliases_zh, *info.aliases_en),
    )
