"""Reads. Judges get entries by code only (``JudgeView``): no names, colleges or advisors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from talentbridge.community.permissions import is_authenticated
from talentbridge.competitions.metadata import judge_copy
from talentbridge.competitions.models import (
    Competition,
    Conflict,
    Entry,
    Judge,
    JudgeAssignment,
    Submission,
)
from talentbridge.competitions.permissions import Action, access_judging
from talentbridge.core.errors import ApplicationError, NotFoundError


def competition_list() -> QuerySet[Competition]:
    return Competition.objects.select_related("organizer", "community")


def entries_of(user: Any) -> QuerySet[Entry]:
    if not is_authenticated(user):
        return Entry.objects.none()
    return (
        Entry.objects.filter(members__user=user)
        .select_related("competition", "proposition")
        .distinct()
    )


@dataclass(frozen=True)
class JudgeEntry:
    """What a judge sees of an entry: its code, the proposition, the rubric, the latest
    sealed file (by hash) — never a name, college or advisor."""

    code: str
    proposition: str
    rubric: list[dict[str, Any]]
    sha256: str | None
    entry_id: str


def judge_entries(*, actor: Any, judge: Judge) -> list[JudgeEntry]:
    access_judging(actor, judge, Action.SCORE)
    out = []
    for a in judge.assignments.select_related("entry__proposition__track").order_by("entry__code"):
        entry = a.entry
        latest = Submission.objects.filter(entry=entry).order_by("-version").first()
        out.append(
            JudgeEntry(
                code=entry.code,
                proposition=entry.proposition.title_zh,
                rubric=entry.proposition.track.rubric,
                sha256=latest.sha256 if latest else None,
                entry_id=str(entry.pk),
            )
        )
    return out


@dataclass(frozen=True)
class JudgeFile:
    name: str
    content: bytes
    flags: list[str]


def judge_file(*, actor: Any, judge: Judge, code: str) -> JudgeFile:
    """The latest sealed version of an assigned entry, checked against its hash, with
    identifying metadata stripped; named by the entry code only."""
    from django.utils.translation import gettext as _

    from talentbridge.competitions.services.entries import submission_verify
    from talentbridge.competitions.services.judging import automatic_conflicts

    access_judging(actor, judge, Action.SCORE)
    assignment = (
        JudgeAssignment.objects.filter(judge=judge, entry__code=code)
        .select_related("entry__proposition")
        .first()
    )
    if assignment is None:
        raise NotFoundError()
    entry = assignment.entry
    if (
        automatic_conflicts(judge, entry)
        or Conflict.objects.filter(judge=judge, entry=entry).exists()
    ):
        raise ApplicationError("forbidden", _("You have a conflict of interest with this entry."))
    latest = Submission.objects.filter(entry=entry).order_by("-version").first()
    if latest is None:
        raise ApplicationError("conflict", _("No file has been submitted yet."))
    if not submission_verify(latest):
        raise ApplicationError(
            "conflict", _("The stored file does not match its receipt; the organizer is told.")
        )
    with latest.file.open("rb") as fh:
        data = fh.read()
    content, flags = judge_copy(data, latest.original_name)
    suffix = ""
    if "." in latest.original_name:
        suffix = "." + latest.original_name.rsplit(".", 1)[1][:8]
    return JudgeFile(f"{entry.code}-v{latest.version}{suffix}", content, flags)
