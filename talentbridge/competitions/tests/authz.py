"""Authorization matrix entries for the competitions app (tests/test_authorization_matrix)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from talentbridge.competitions.models import (
    Competition,
    Entry,
    EntryMember,
    Judge,
    JudgeAssignment,
    Phase,
    Proposition,
    RankingRun,
    Track,
)

ALL = frozenset(
    {
        "anonymous",
        "student",
        "teacher",
        "college_admin",
        "enterprise_staff",
        "government_officer",
        "secretariat",
        "superuser",
    }
)
CREATORS = frozenset({"college_admin", "enterprise_staff", "secretariat", "superuser"})
MANAGERS = frozenset({"secretariat", "superuser"})
STUDENTS = frozenset({"student", "superuser"})
ENTRANTS = frozenset({"student", "teacher"})  # carol leads, tina advises
JUDGE = frozenset({"government_officer"})  # dave judges


@dataclass
class CompetitionWorld:
    competition: Competition
    proposition: Proposition
    entry: Entry
    judge: Judge
    run: RankingRun


def make_competition_world(w: Any) -> CompetitionWorld:
    now = timezone.now()
    competition = Competition.objects.create(
        title_zh="测试竞赛", organizer=w.community.secretariat, community=w.community,
        level="national", edition=2026, created_by=w.users["erin"], judges_per_entry=1,
    )  # fmt: skip
    track = Track.objects.create(
        competition=competition, name_zh="赛道", rubric=[{"key": "idea", "weight": 1, "max": 10}]
    )
    proposition = Proposition.objects.create(
        track=track, author=w.enterprise, title_zh="命题", brief="说明"
    )
    for kind in ("registration", "submission"):
        Phase.objects.create(
            competition=competition, kind=kind, starts_at=now - dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=1),
        )  # fmt: skip
    entry = Entry.objects.create(
        competition=competition, proposition=proposition, code="ABC234", kind="individual",
        title="作品", college=w.college, leader=w.users["carol"], status="approved",
    )  # fmt: skip
    EntryMember.objects.create(entry=entry, user=w.users["carol"], role="member")
    EntryMember.objects.create(entry=entry, user=w.users["tina"], role="advisor")
    judge = Judge.objects.create(
        competition=competition, user=w.users["dave"], organization=w.government, kind="industry"
    )
    JudgeAssignment.objects.create(judge=judge, entry=entry)
    run = RankingRun.objects.create(
        competition=competition, log_head="0" * 64, events=0, results=[],
        computed_by=w.users["erin"],
    )  # fmt: skip
    return CompetitionWorld(competition, proposition, entry, judge, run)


Kwargs = Callable[[Any], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731
COMP: Kwargs = lambda w: {"pk": make_competition_world(w).competition.pk}  # noqa: E731
PROP: Kwargs = lambda w: {"pk": make_competition_world(w).proposition.pk}  # noqa: E731
ENTRY: Kwargs = lambda w: {"pk": make_competition_world(w).entry.pk}  # noqa: E731
JUDGE_PK: Kwargs = lambda w: {"pk": make_competition_world(w).judge.pk}  # noqa: E731
RUN: Kwargs = lambda w: {"pk": make_competition_world(w).run.pk}  # noqa: E731
JUDGE_FILE: Kwargs = lambda w: {"pk": make_competition_world(w).judge.pk, "code": "ABC234"}  # noqa: E731

MATRIX: dict[str, tuple[Kwargs, dict[str, frozenset[str]]]] = {
    "api-competition-list": (NONE, {"get": ALL, "post": CREATORS}),
    "api-competition-detail": (COMP, {"get": ALL}),
    "api-competition-assignment": (COMP, {"post": MANAGERS}),
    "api-competition-rankings": (COMP, {"post": MANAGERS}),
    "api-competition-register": (PROP, {"post": STUDENTS}),
    "api-competition-entry-decide": (ENTRY, {"post": MANAGERS}),
    "api-competition-submissions": (ENTRY, {"get": ENTRANTS, "post": ENTRANTS}),
    "api-competition-judge-entries": (JUDGE_PK, {"get": JUDGE}),
    "api-competition-judge-scores": (JUDGE_PK, {"post": JUDGE}),
    "api-competition-judge-file": (JUDGE_FILE, {"get": JUDGE}),
    "api-competition-ranking-publish": (RUN, {"post": MANAGERS}),
}
