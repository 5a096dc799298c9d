"""Reads. Judges get entries by code only (``JudgeView``): no names, colleges or advisors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from talentbridge.community.permissions import is_authenticated
from talentbridge.competitions.models import Competition, Entry, Judge, Submission
from talentbridge.competitions.permissions import Action, access_judging


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
