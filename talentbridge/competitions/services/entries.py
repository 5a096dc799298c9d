"""Entries: registration (eligibility checked), approval, sealed submissions with receipts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization, OrgRole
from talentbridge.community.permissions import require_login
from talentbridge.community.selectors import memberships_of
from talentbridge.competitions.metadata import identifying_metadata
from talentbridge.competitions.models import (
    Entry,
    EntryKind,
    EntryMember,
    EntryStatus,
    MemberRole,
    Phase,
    PhaseKind,
    Proposition,
    Submission,
)
from talentbridge.competitions.permissions import Action, access_entry
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record

MAX_SUBMISSION_BYTES = 200 * 1024 * 1024
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _role_in(user: Any, college: Organization) -> str | None:
    for m in memberships_of(user):
        if m.organization_id == college.pk:
            return m.role
    return None


def _phase_open(competition_id: Any, kind: str) -> tuple[bool, Any]:
    """Whether the phase is open now, by the database clock (one statement)."""
    row = (
        Phase.objects.filter(competition_id=competition_id, kind=kind)
        .annotate(db_now=Now())
        .values("starts_at", "ends_at", "db_now")
        .first()
    )
    if row is None:
        return False, None
    return row["starts_at"] <= row["db_now"] < row["ends_at"], row["db_now"]


def entry_register(
    *,
    actor: Any,
    proposition: Proposition,
    title: str,
    college: Organization,
    members: list[Any] = (),  # type: ignore[assignment]
    advisors: list[Any] = (),  # type: ignore[assignment]
) -> Entry:
    """The actor (a student of ``college``) registers and leads; ``members`` are the other
    students, ``advisors`` teachers of the same college. Eligibility is checked here."""
    require_login(actor)
    competition = proposition.track.competition
    errors: dict[str, list[Any]] = {}
    if not title.strip():
        errors["title"] = [_("A title is required.")]
    if _role_in(actor, college) != OrgRole.STUDENT:
        errors["college"] = [_("You register as a student of this college.")]
    if competition.college_levels and college.college_level not in competition.college_levels:
        errors["college"] = [_("Colleges of this level are not admitted to the competition.")]
    team = [actor, *[m for m in members if m.pk != actor.pk]]
    if len(team) > competition.max_team_size:
        errors["members"] = [
            _("A team has at most %(n)d members.") % {"n": competition.max_team_size}
        ]
    for member in team[1:]:
        if _role_in(member, college) != OrgRole.STUDENT:
            errors.setdefault("members", []).append(
                _("%(name)s is not a student of this college.") % {"name": member.get_username()}
            )
    for advisor in advisors:
        if _role_in(advisor, college) not in (OrgRole.TEACHER, OrgRole.ADMIN):
            errors.setdefault("advisors", []).append(
                _("%(name)s is not a teacher of this college.") % {"name": advisor.get_username()}
            )
    if errors:
        raise ApplicationError("invalid", _("Please correct the fields below."), fields=errors)
    is_open, _now = _phase_open(competition.pk, PhaseKind.REGISTRATION)
    if not is_open:
        raise ApplicationError("conflict", _("Registration is not open."))
    with transaction.atomic():
        for _attempt in range(5):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            try:
                with transaction.atomic():
                    entry = Entry.objects.create(
                        competition=competition,
                        proposition=proposition,
                        code=code,
                        kind=EntryKind.TEAM if len(team) > 1 else EntryKind.INDIVIDUAL,
                        title=title.strip(),
                        college=college,
                        leader=actor,
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 32^6 codes
            raise ApplicationError("conflict", _("Please try again."))
        EntryMember.objects.bulk_create(
            [EntryMember(entry=entry, user=u, role=MemberRole.MEMBER) for u in team]
            + [EntryMember(entry=entry, user=u, role=MemberRole.ADVISOR) for u in advisors]
        )
        audit_record(actor=actor, action="competition.entry_register", obj=entry,
                     after={"code": entry.code, "members": len(team), "advisors": len(advisors)},
                     organization_id=college.pk)  # fmt: skip
    return entry


def entry_decide(*, actor: Any, entry: Entry, approve: bool) -> Entry:
    access_entry(actor, entry, Action.MANAGE)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        before = entry.status
        entry.status = EntryStatus.APPROVED if approve else EntryStatus.REJECTED
        entry.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="competition.entry_decide", obj=entry,
                     before={"status": before}, after={"status": entry.status},
                     organization_id=entry.competition.organizer_id)  # fmt: skip
    return entry


@dataclass(frozen=True)
class Receipt:
    entry_code: str
    version: int
    sha256: str
    size: int
    received_at: str
    file_name: str


def receipt_of(submission: Submission) -> Receipt:
    return Receipt(
        entry_code=submission.entry.code,
        version=submission.version,
        sha256=submission.sha256,
        size=submission.size,
        received_at=submission.received_at.isoformat(),
        file_name=submission.original_name,
    )


def _digest(upload: Any) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        h.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return h.hexdigest(), size


def submission_create(*, actor: Any, entry: Entry, upload: Any, file_name: str) -> Submission:
    """Seal one version: SHA-256 and size computed here, time from the database clock, the
    deadline decided by the database inside the transaction that writes the row."""
    access_entry(actor, entry, Action.SUBMIT)
    if entry.status != EntryStatus.APPROVED:
        raise ApplicationError("conflict", _("The entry has not been approved yet."))
    sha256, size = _digest(upload)
    if size == 0:
        raise invalid("file", _("The file is empty."))
    if size > MAX_SUBMISSION_BYTES:
        raise invalid("file", _("The file is larger than 200 MB."))
    flags = identifying_metadata(upload, file_name)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        is_open, db_now = _phase_open(locked.competition_id, PhaseKind.SUBMISSION)
        if not is_open:
            raise ApplicationError(
                "conflict", _("Submissions are closed: nothing can be changed after the deadline.")
            )
        last = Submission.objects.filter(entry=locked).aggregate(v=Max("version"))["v"] or 0
        submission = Submission(
            entry=locked,
            version=last + 1,
            original_name=file_name[:200],
            content_type=getattr(upload, "content_type", "") or "application/octet-stream",
            size=size,
            sha256=sha256,
            received_at=db_now,
            submitted_by=actor,
            metadata_flags=flags,
        )
        submission.file.save(sha256, File(upload), save=False)
        submission.save()
        audit_record(actor=actor, action="competition.submission_create", obj=submission,
                     after={"entry": locked.code, "version": submission.version,
                            "sha256": sha256, "size": size},
                     organization_id=locked.college_id)  # fmt: skip
        transaction.on_commit(lambda: None)
    return submission


def submission_verify(submission: Submission) -> bool:
    """Whether the stored file still has the hash of its receipt (a tampered file does not)."""
    with submission.file.open("rb") as fh:
        sha256, size = _digest(fh)
    return sha256 == submission.sha256 and size == submission.size
