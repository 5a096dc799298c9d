"""Competition services on a real database and real files: registration and eligibility,
sealed submissions (receipt, versions, deadline by the database clock, tampering detected),
conflicts of interest, assignment, the hash-chained log, reproducible ranking, awards and the
credentials provider."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import World
from talentbridge.accounts.models import User
from talentbridge.community.models import OrganizationMembership
from talentbridge.competitions import feeds, selectors
from talentbridge.competitions.models import (
    Entry,
    EntryStatus,
    JudgeAssignment,
    Phase,
    ScoreEvent,
    Submission,
)
from talentbridge.competitions.services import competitions, entries, judging
from talentbridge.core.errors import ApplicationError
from talentbridge.taxonomy.models import Skill

RUBRIC = [
    {"key": "idea", "label_zh": "创意", "label_en": "Idea", "weight": 1, "max": 10},
    {"key": "craft", "label_zh": "制作", "label_en": "Craft", "weight": 2, "max": 10},
]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _student(world: World, name: str) -> User:
    user = User.objects.create_user(f"{name}@example.org", "pw", display_name=name)
    OrganizationMembership.objects.create(user=user, organization=world.college, role="student")
    return user


def _setup(world: World) -> dict[str, Any]:
    erin = world.users["erin"]
    competition = competitions.competition_create(
        actor=erin, organizer=world.community.secretariat, community=world.community,
        title_zh="全国AIGC创意大赛", level="national", edition=2026,
    )  # fmt: skip
    track = competitions.track_create(
        actor=erin, competition=competition, name_zh="商品设计", rubric=RUBRIC
    )
    Skill.objects.create(
        scheme="extension", concept_id="tb:packaging-design", uri="https://example.org/pd",
        kind="skill", label_zh="包装设计", label_en="packaging design",
    )  # fmt: skip
    proposition = competitions.proposition_create(
        actor=erin, track=track, author=world.enterprise, title_zh="义乌小商品包装设计",
        brief="为小商品设计包装", prize="10000元", skills=["包装设计"],
    )  # fmt: skip
    assert proposition.skill_ids == ["tb:packaging-design"]
    now = timezone.now()
    for kind in ("registration", "submission"):
        competitions.phase_set(
            actor=erin, competition=competition, kind=kind,
            starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=1),
        )  # fmt: skip
    return {"competition": competition, "track": track, "proposition": proposition}


def test_register_approve_submit_receipt_and_versions(world: World, media: Path) -> None:
    s = _setup(world)
    carol, tina, erin = world.users["carol"], world.users["tina"], world.users["erin"]
    dan = _student(world, "dan")
    entry = entries.entry_register(
        actor=carol, proposition=s["proposition"], title="竹编收纳", college=world.college,
        members=[dan], advisors=[tina],
    )  # fmt: skip
    assert entry.kind == "team" and len(entry.code) == 6
    with pytest.raises(ApplicationError) as info:
        entries.submission_create(
            actor=carol, entry=entry, upload=SimpleUploadedFile("a.txt", b"x"), file_name="a.txt"
        )
    assert info.value.code == "conflict"  # not approved yet
    entries.entry_decide(actor=erin, entry=entry, approve=True)
    entry.refresh_from_db()
    body = b"%my work, version one%"
    sub = entries.submission_create(
        actor=carol, entry=entry, upload=SimpleUploadedFile("w.bin", body), file_name="w.bin"
    )
    receipt = entries.receipt_of(sub)
    assert receipt.sha256 == hashlib.sha256(body).hexdigest() and receipt.size == len(body)
    assert receipt.version == 1
    sub2 = entries.submission_create(
        actor=dan, entry=entry, upload=SimpleUploadedFile("w.bin", b"v2"), file_name="w.bin"
    )
    assert sub2.version == 2 and Submission.objects.filter(entry=entry).count() == 2
    assert entries.submission_verify(sub) and entries.submission_verify(sub2)
    # tampering with the stored file is detected by its hash
    Path(sub.file.path).write_bytes(b"%my work, version 0ne%")
    assert not entries.submission_verify(sub)


def test_deadline_by_database_clock_writes_nothing_after_it(world: World, media: Path) -> None:
    s = _setup(world)
    carol, erin = world.users["carol"], world.users["erin"]
    entry = entries.entry_register(
        actor=carol, proposition=s["proposition"], title="作品", college=world.college
    )
    entries.entry_decide(actor=erin, entry=entry, approve=True)
    entry.refresh_from_db()
    Phase.objects.filter(competition=s["competition"], kind="submission").update(
        ends_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError) as info:
        entries.submission_create(
            actor=carol, entry=entry, upload=SimpleUploadedFile("w.bin", b"late"), file_name="w"
        )
    assert info.value.code == "conflict"
    assert not Submission.objects.exists() and not any(media.rglob("*"))


def test_eligibility_is_checked_at_registration(world: World) -> None:
    s = _setup(world)
    s["competition"].max_team_size = 1
    s["competition"].save()
    with pytest.raises(ApplicationError) as info:
        entries.entry_register(
            actor=world.users["carol"], proposition=s["proposition"], title="x",
            college=world.college, members=[world.users["bob"]], advisors=[world.users["bob"]],
        )  # fmt: skip
    assert set(info.value.fields) == {"members", "advisors"}
    with pytest.raises(ApplicationError) as info:
        entries.entry_register(
            actor=world.users["bob"], proposition=s["proposition"], title="x",
            college=world.college,
        )  # fmt: skip
    assert "college" in info.value.fields
    assert not Entry.objects.exists()


def _scored_competition(world: World, media: Path) -> dict[str, Any]:
    s = _setup(world)
    erin, tina, frank = world.users["erin"], world.users["tina"], world.users["frank"]
    made = []
    for i in range(6):
        student = world.users["carol"] if i == 0 else _student(world, f"s{i}")
        entry = entries.entry_register(
            actor=student, proposition=s["proposition"], title=f"作品{i}", college=world.college,
            advisors=[tina] if i == 0 else [],
        )  # fmt: skip
        entries.entry_decide(actor=erin, entry=entry, approve=True)
        made.append(entry)
    judges = []
    for i in range(4):
        user = User.objects.create_user(f"judge{i}@example.org", "pw", display_name=f"J{i}")
        judges.append(
            judging.judge_add(
                actor=erin,
                competition=s["competition"],
                user=user,
                kind="industry",
                organization=world.government,
            )
        )
    frank_judge = judging.judge_add(
        actor=erin, competition=s["competition"], user=frank, kind="industry",
        organization=world.enterprise,
    )  # fmt: skip
    tina_judge = judging.judge_add(
        actor=erin, competition=s["competition"], user=tina, kind="college",
        organization=world.college,
    )  # fmt: skip
    summary = judging.assignment_run(actor=erin, competition=s["competition"])
    assert summary["components"] == 1
    for judge in [*judges, frank_judge, tina_judge]:
        for a in JudgeAssignment.objects.filter(judge=judge).select_related("entry"):
            quality = 5 + made.index(a.entry) * 0.7
            judging.score_record(
                actor=judge.user, judge=judge, entry=a.entry,
                scores={"idea": min(10, quality), "craft": min(10, quality - 1)},
            )  # fmt: skip
    return {**s, "entries": made, "judges": judges, "frank": frank_judge, "tina": tina_judge}


def test_conflicts_of_interest_are_enforced(world: World, media: Path) -> None:
    s = _scored_competition(world, media)
    # frank's enterprise wrote the proposition; tina's college entered: neither judges any entry
    assert not JudgeAssignment.objects.filter(judge__in=[s["frank"], s["tina"]]).exists()
    entry = s["entries"][0]
    JudgeAssignment.objects.create(judge=s["frank"], entry=entry)  # forced past the assigner
    with pytest.raises(ApplicationError) as info:
        judging.score_record(actor=world.users["frank"], judge=s["frank"], entry=entry,
                             scores={"idea": 9})  # fmt: skip
    assert info.value.code == "forbidden"
    judge = s["judges"][0]
    other = s["entries"][1]
    with pytest.raises(ApplicationError):  # another person cannot score as this judge
        judging.score_record(
            actor=world.users["carol"], judge=judge, entry=other, scores={"idea": 1}
        )


def test_bad_scores_are_refused_and_write_nothing(world: World, media: Path) -> None:
    s = _scored_competition(world, media)
    judge = s["judges"][0]
    entry = JudgeAssignment.objects.filter(judge=judge).first().entry  # type: ignore[union-attr]
    before = ScoreEvent.objects.count()
    for bad in ({"idea": 11}, {"idea": "seven"}, {"nope": 3}, {}):
        with pytest.raises(ApplicationError) as info:
            judging.score_record(actor=judge.user, judge=judge, entry=entry, scores=bad)
        assert info.value.code == "invalid"
    assert ScoreEvent.objects.count() == before


def test_log_is_chained_and_ranking_reproducible_then_published(world: World, media: Path) -> None:
    s = _scored_competition(world, media)
    competition, erin = s["competition"], world.users["erin"]
    assert judging.log_verify(competition) is None
    first = judging.ranking_compute(actor=erin, competition=competition)
    again = judging.ranking_compute(actor=erin, competition=competition)
    assert first.results == again.results and first.log_head == again.log_head
    codes = [e.code for e in s["entries"]]
    assert next(r["entry"] for r in first.results) == codes[-1]  # planted best
    awards = judging.ranking_publish(actor=erin, run=first, awards={"first": 1, "second": 2})
    assert [a.level for a in awards] == ["first", "second", "second"]
    records = feeds.credential_evidence(since=None)
    winners = {a.entry.leader_id for a in awards}
    assert {r["student_id"] for r in records} == {str(u) for u in winners}
    assert {r["skill"] for r in records} == {"tb:packaging-design"}
    top = next(r for r in records if r["student_id"] == str(awards[0].entry.leader_id))
    assert top["level"] == 4 and top["assessor_role"] == "judge"
    works = feeds.portfolio_works(student_id=str(awards[0].entry.leader_id))
    assert [w["title"] for w in works] == [awards[0].entry.title]
    with pytest.raises(ApplicationError):
        judging.score_record(actor=s["judges"][0].user, judge=s["judges"][0],
                             entry=s["entries"][0], scores={"idea": 1})  # fmt: skip


def test_tampered_log_is_detected(world: World, media: Path) -> None:
    s = _scored_competition(world, media)
    event = ScoreEvent.objects.filter(competition=s["competition"]).order_by("seq")[3]
    ScoreEvent.objects.filter(pk=event.pk).update(score="9.99")
    assert judging.log_verify(s["competition"]) == event.seq
    with pytest.raises(ApplicationError):
        judging.ranking_compute(actor=world.users["erin"], competition=s["competition"])


def test_judges_see_codes_only(world: World, media: Path) -> None:
    s = _scored_competition(world, media)
    judge = s["judges"][0]
    seen = selectors.judge_entries(actor=judge.user, judge=judge)
    assert seen
    text = repr(seen)
    for secret in ("carol", "tina", world.college.name_zh, "作品"):
        assert secret not in text
    assert all(e.code in {x.code for x in s["entries"]} for e in seen)
    assert Entry.objects.get(code=seen[0].code).status == EntryStatus.APPROVED
