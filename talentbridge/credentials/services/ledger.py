"""The evidence ledger: append a judgement, correct one (a new record), pull from providers.

Every record passes one validation (``clean_record``) whether it comes from a provider, the
intake hook, the 1+X import or a teacher's form. Appending locks the student's chain head,
so two writers never fork a chain; the digest covers every field of the record and the
previous digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record
from talentbridge.credentials import providers, skills
from talentbridge.credentials.models import (
    AssessorRole,
    EvidenceChain,
    EvidenceRecord,
    EvidenceSource,
    EvidenceSync,
)
from talentbridge.credentials.permissions import Action, access_evidence

DIGEST_FIELDS = (
    "student_id",
    "skill_id",
    "level",
    "assessor_id",
    "assessor_name",
    "assessor_role",
    "organization_id",
    "organization_name",
    "source",
    "source_ref",
    "context_title",
    "artefact_url",
    "occurred_on",
    "weight",
    "supersedes_id",
)


@dataclass
class CleanRecord:
    student: User
    skill_id: str
    level: int
    assessor: User | None
    assessor_name: str
    assessor_role: str
    organization: Organization | None
    source: str
    source_ref: str
    occurred_on: dt.date
    weight: float = 1.0
    context_title: str = ""
    context_url: str = ""
    artefact_url: str = ""
    artefact_title: str = ""
    note: str = ""
    supersedes: EvidenceRecord | None = None


@dataclass
class IntakeResult:
    added: int = 0
    duplicates: int = 0
    refused: list[tuple[int, dict[str, list[str]]]] = field(default_factory=list)


NO_ID = uuid.UUID(int=0)


def _uuid(value: Any) -> uuid.UUID:
    """The UUID in ``value``, or the nil UUID (which matches no row)."""
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return NO_ID


def _text(raw: Mapping[str, Any], key: str, limit: int) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()[:limit]


def _safe_link(value: str) -> str:
    return value if value.startswith(("https://", "http://", "/")) else ""


def clean_record(raw: Mapping[str, Any], *, sources: Iterable[str] | None = None) -> CleanRecord:
    """Validate one plain-data evidence record (contract in ``providers``); a 400 with
    field errors in the reader's language when anything is wrong."""
    errors: dict[str, list[Any]] = {}

    def bad(name: str, message: Any) -> None:
        errors.setdefault(name, []).append(message)

    source = _text(raw, "source", 16)
    allowed = set(sources) if sources is not None else set(EvidenceSource.values)
    if source not in allowed:
        bad("source", _("Unknown evidence source."))
    source_ref = _text(raw, "source_ref", 255)
    if not source_ref:
        bad("source_ref", _("Each record needs its reference in the source."))
    student_id = _uuid(raw.get("student_id"))
    student = User.objects.filter(pk=student_id, is_active=True).first()
    if student is None:
        bad("student_id", _("No such student."))
    skill_id = skills.canonical(_text(raw, "skill", 255))
    if skill_id is None:
        bad("skill", _("This skill is not in the skills taxonomy."))
    try:
        level = int(raw.get("level"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        level = -1
    if not 1 <= level <= 4:
        bad("level", _("Levels go from 1 (basic) to 4 (expert)."))
    role = _text(raw, "assessor_role", 16)
    if role not in AssessorRole.values:
        bad("assessor_role", _("The assessor role must be teacher, mentor, judge, peer or exam."))
    assessor = None
    if raw.get("assessor_id"):
        assessor = User.objects.filter(pk=_uuid(raw.get("assessor_id"))).first()
        if assessor is None:
            bad("assessor_id", _("No such assessor."))
    assessor_name = _text(raw, "assessor_name", 200) or (
        assessor.display_name if assessor is not None else ""
    )
    if not assessor_name:
        bad("assessor_name", _("Name the assessor."))
    if assessor is not None and student is not None and assessor.pk == student.pk:
        bad("assessor_id", _("Nobody assesses their own work."))
    organization = None
    if raw.get("organization_id"):
        organization = Organization.objects.filter(pk=_uuid(raw.get("organization_id"))).first()
        if organization is None:
            bad("organization_id", _("No such organization."))
    try:
        occurred_on = dt.date.fromisoformat(str(raw.get("occurred_on", ""))[:10])
    except ValueError:
        occurred_on = dt.date.min
        bad("occurred_on", _("Give the date as YYYY-MM-DD."))
    if occurred_on > timezone.localdate():
        bad("occurred_on", _("The date lies in the future."))
    try:
        weight = float(raw.get("weight", 1) or 1)
    except (TypeError, ValueError):
        weight = -1.0
    if not 0 < weight <= 10:
        bad("weight", _("The weight goes from more than 0 up to 10."))
    if errors:
        raise ApplicationError("invalid", _("The evidence record is not valid."), fields=errors)
    assert student is not None and skill_id is not None
    return CleanRecord(
        student=student,
        skill_id=skill_id,
        level=level,
        assessor=assessor,
        assessor_name=assessor_name,
        assessor_role=role,
        organization=organization,
        source=source,
        source_ref=source_ref,
        occurred_on=occurred_on,
        weight=weight,
        context_title=_text(raw, "context_title", 300),
        context_url=_safe_link(_text(raw, "context_url", 500)),
        artefact_url=_safe_link(_text(raw, "artefact_url", 500)),
        artefact_title=_text(raw, "artefact_title", 300),
        note=_text(raw, "note", 500),
    )


def record_digest(values: Mapping[str, Any], prev: str) -> str:
    body = {k: ("" if values.get(k) is None else str(values.get(k))) for k in DIGEST_FIELDS}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False) + "|" + prev
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _append(clean: CleanRecord, *, recorded_by: Any) -> EvidenceRecord:
    """Insert inside the caller's transaction, chained to the student's previous record."""
    EvidenceChain.objects.get_or_create(student=clean.student)
    chain = EvidenceChain.objects.select_for_update().get(student=clean.student)
    organization = clean.organization
    values: dict[str, Any] = {
        "student_id": clean.student.pk,
        "skill_id": clean.skill_id,
        "level": clean.level,
        "assessor_id": clean.assessor.pk if clean.assessor else None,
        "assessor_name": clean.assessor_name,
        "assessor_role": clean.assessor_role,
        "organization_id": organization.pk if organization else None,
        "organization_name": organization.name_zh if organization else "",
        "source": clean.source,
        "source_ref": clean.source_ref,
        "context_title": clean.context_title,
        "artefact_url": clean.artefact_url,
        "occurred_on": clean.occurred_on.isoformat(),
        "weight": repr(float(clean.weight)),
        "supersedes_id": clean.supersedes.pk if clean.supersedes else None,
    }
    digest = record_digest(values, chain.head)
    record = EvidenceRecord(
        student=clean.student,
        skill_id=clean.skill_id,
        level=clean.level,
        assessor=clean.assessor,
        assessor_name=clean.assessor_name,
        assessor_role=clean.assessor_role,
        organization=organization,
        organization_name=values["organization_name"],
        organization_kind=organization.kind if organization else "",
        source=clean.source,
        source_ref=clean.source_ref,
        context_title=clean.context_title,
        context_url=clean.context_url,
        artefact_url=clean.artefact_url,
        artefact_title=clean.artefact_title,
        occurred_on=clean.occurred_on,
        weight=float(clean.weight),
        supersedes=clean.supersedes,
        note=clean.note,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
        prev_digest=chain.head,
        digest=digest,
    )
    record.save(force_insert=True)
    EvidenceChain.objects.filter(pk=chain.pk).update(head=digest, length=chain.length + 1)
    return record


def evidence_intake(
    *, records: Iterable[Mapping[str, Any]], sources: Iterable[str] | None = None
) -> IntakeResult:
    """The intake hook siblings push to (careers: internship evaluations) and provider pulls
    land in. A record already in the ledger (same source and reference) is a duplicate, not
    an error; an invalid one is refused with its field errors and the others are kept."""
    result = IntakeResult()
    allowed = list(sources) if sources is not None else None
    for index, raw in enumerate(records):
        source, ref = str(raw.get("source", "")), str(raw.get("source_ref", ""))
        if EvidenceRecord.objects.filter(source=source, source_ref=ref[:255]).exists():
            result.duplicates += 1
            continue
        try:
            clean = clean_record(raw, sources=allowed)
            with transaction.atomic():
                _append(clean, recorded_by=None)
        except ApplicationError as exc:
            result.refused.append((index, {k: [str(m) for m in v] for k, v in exc.fields.items()}))
            continue
        except IntegrityError:
            result.duplicates += 1
            continue
        result.added += 1
    return result


def evidence_record(*, actor: Any, student: Any, data: Mapping[str, Any]) -> EvidenceRecord:
    """A teacher (or college admin) records a judgement by hand for a student of their college."""
    access_evidence(actor, student, Action.RECORD)
    raw = dict(data)
    raw.update(
        {
            "source": EvidenceSource.MANUAL,
            "source_ref": f"manual:{uuid.uuid4()}",
            "student_id": str(student.pk),
            "assessor_id": str(actor.pk),
            "assessor_name": actor.display_name or actor.email,
        }
    )
    clean = clean_record(raw)
    with transaction.atomic():
        record = _append(clean, recorded_by=actor)
        audit_record(
            actor=actor,
            action="evidence.record",
            obj=record,
            after={"skill": record.skill_id, "level": record.level, "student": str(student.pk)},
            organization_id=record.organization_id,
        )
    return record


def evidence_correct(
    *, actor: Any, record: EvidenceRecord, level: int, note: str
) -> EvidenceRecord:
    """A correction is a new record that supersedes ``record`` (level 0 withdraws it). Only
    the original assessor, the student's college staff or a superuser correct."""
    student = record.student
    if record.assessor_id != getattr(actor, "pk", None):
        access_evidence(actor, student, Action.RECORD)
    if not note.strip():
        raise invalid("note", _("Say why the record is corrected."))
    if not 0 <= int(level) <= 4:
        raise invalid("level", _("Levels go from 1 (basic) to 4 (expert); 0 withdraws the record."))
    if record.corrections.exists():
        raise ApplicationError(
            "conflict", _("This record was already corrected: correct the newest one.")
        )
    clean = CleanRecord(
        student=student,
        skill_id=record.skill_id,
        level=int(level),
        assessor=record.assessor,
        assessor_name=record.assessor_name,
        assessor_role=record.assessor_role,
        organization=record.organization,
        source=record.source,
        source_ref=f"{record.source_ref}#correction:{uuid.uuid4()}"[:255],
        occurred_on=record.occurred_on,
        weight=record.weight,
        context_title=record.context_title,
        context_url=record.context_url,
        artefact_url=record.artefact_url,
        artefact_title=record.artefact_title,
        note=note.strip()[:500],
        supersedes=record,
    )
    with transaction.atomic():
        correction = _append(clean, recorded_by=actor)
        audit_record(
            actor=actor,
            action="evidence.correct",
            obj=correction,
            before={"record": str(record.pk), "level": record.level},
            after={"level": int(level), "note": clean.note},
            organization_id=record.organization_id,
        )
    return correction


def evidence_sync(*, now: dt.datetime | None = None) -> dict[str, IntakeResult]:
    """Pull every configured evidence provider from where it stopped (idempotent)."""
    now = now or timezone.now()
    results: dict[str, IntakeResult] = {}
    for name, provider in providers.evidence_providers():
        state, _created = EvidenceSync.objects.get_or_create(provider=name)
        try:
            records = list(provider(since=state.synced_until))
        except Exception as exc:  # a broken sibling must not stop the others
            EvidenceSync.objects.filter(pk=state.pk).update(
                last_run_at=now, last_error=str(exc)[:500]
            )
            continue
        result = evidence_intake(records=records)
        results[name] = result
        EvidenceSync.objects.filter(pk=state.pk).update(
            synced_until=now,
            last_run_at=now,
            last_added=result.added,
            last_refused=len(result.refused),
            last_error="",
        )
    return results


def ledger_verify(*, student: Any | None = None) -> list[str]:
    """Recompute every chain; return the students whose chain is broken (altered, removed
    or inserted rows)."""
    broken: list[str] = []
    chains = EvidenceChain.objects.all()
    if student is not None:
        chains = chains.filter(student=student)
    for chain in chains:
        prev = ""
        count = 0
        by_prev = {
            r.prev_digest: r for r in EvidenceRecord.objects.filter(student_id=chain.student_id)
        }
        while prev in by_prev:
            record = by_prev[prev]
            values = {k: getattr(record, k) for k in DIGEST_FIELDS}
            values["occurred_on"] = record.occurred_on.isoformat()
            values["weight"] = repr(float(record.weight))
            if record_digest(values, prev) != record.digest:
                break
            prev = record.digest
            count += 1
        total = EvidenceRecord.objects.filter(student_id=chain.student_id).count()
        if prev != chain.head or count != total or count != chain.length:
            broken.append(str(chain.student_id))
    return broken
