"""Judges, conflicts of interest, assignment, the hash-chained scoring log, rankings, awards."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization
from talentbridge.competitions.engine.assignment import AssignmentError, assign
from talentbridge.competitions.engine.judging import Ratings, judge_report, rank
from talentbridge.competitions.models import (
    Award,
    AwardLevel,
    Competition,
    Conflict,
    Entry,
    EntryStatus,
    Judge,
    JudgeAssignment,
    JudgeKind,
    RankingRun,
    ScoreEvent,
    Track,
)
from talentbridge.competitions.permissions import Action, access_competition, access_judging
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record

GENESIS = "0" * 64


def judge_add(
    *, actor: Any, competition: Competition, user: Any, kind: str,
    organization: Organization | None = None, panel: Track | None = None,
) -> Judge:  # fmt: skip
    access_competition(actor, competition, Action.MANAGE)
    if kind not in JudgeKind.values:
        raise invalid("kind", _("Choose a judge type from the list."))
    if panel is not None and panel.competition_id != competition.pk:
        raise invalid("panel", _("The panel is a track of this competition."))
    try:
        with transaction.atomic():
            judge = Judge.objects.create(
                competition=competition, user=user, kind=kind, organization=organization,
                panel=panel,
            )  # fmt: skip
            audit_record(actor=actor, action="competition.judge_add", obj=judge,
                         after={"user": str(user.pk), "kind": kind},
                         organization_id=competition.organizer_id)  # fmt: skip
    except IntegrityError:
        raise ApplicationError("conflict", _("This person is already a judge here.")) from None
    return judge


def automatic_conflicts(judge: Judge, entry: Entry) -> list[str]:
    """Why a judge may not judge an entry, without any declaration."""
    reasons = []
    if judge.organization_id and judge.organization_id == entry.college_id:
        reasons.append("same_organization")
    if entry.leader_id == judge.user_id or any(
        m.user_id == judge.user_id for m in entry.members.all()
    ):
        reasons.append("member_or_advisor")
    proposition = entry.proposition
    if (
        proposition.author_judges_conflict
        and judge.organization_id
        and judge.organization_id == proposition.author_id
    ):
        reasons.append("proposition_author")
    return reasons


def conflict_declare(*, actor: Any, judge: Judge, entry: Entry, reason: str) -> Conflict:
    access_judging(actor, judge, Action.SCORE)
    if entry.competition_id != judge.competition_id:
        raise invalid("entry", _("The entry is not in this competition."))
    if not reason.strip():
        raise invalid("reason", _("Say briefly why (it stays with the organizer)."))
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            judge=judge, entry=entry, defaults={"reason": reason.strip()[:300]}
        )
        JudgeAssignment.objects.filter(judge=judge, entry=entry).delete()
        audit_record(actor=actor, action="competition.conflict_declare", obj=conflict,
                     organization_id=judge.competition.organizer_id)  # fmt: skip
    return conflict


def _conflicted(judge: Judge, entry: Entry, declared: set[tuple[Any, Any]]) -> bool:
    return (judge.pk, entry.pk) in declared or bool(automatic_conflicts(judge, entry))


def assignment_run(*, actor: Any, competition: Competition, seed: int = 0) -> dict[str, Any]:
    """Replace the assignment: approved entries × judges, k per competition, no conflicts."""
    access_competition(actor, competition, Action.MANAGE)
    entries = list(
        competition.entries.filter(status=EntryStatus.APPROVED)
        .select_related("proposition__track", "proposition")
        .prefetch_related("members")
    )
    judges = list(competition.judges.all())
    if not entries or not judges:
        raise ApplicationError("conflict", _("Approved entries and judges are both needed."))
    declared = set(Conflict.objects.filter(judge__competition=competition).values_list(
        "judge_id", "entry_id"))  # fmt: skip
    conflicts = [
        (str(e.pk), str(j.pk)) for e in entries for j in judges if _conflicted(j, e, declared)
    ]
    try:
        plan = assign(
            [(str(e.pk), str(e.proposition.track_id)) for e in entries],
            [(str(j.pk), str(j.panel_id or "any")) for j in judges],
            k=competition.judges_per_entry,
            conflicts=conflicts,
            seed=seed,
        )
    except AssignmentError as exc:
        code = next(e.code for e in entries if str(e.pk) == exc.entry)
        raise ApplicationError(
            "conflict",
            _("Entry %(code)s can get only %(found)d judges without a conflict of interest "
              "(%(needed)d needed).") % {"code": code, "found": exc.found, "needed": exc.needed},
        ) from None  # fmt: skip
    with transaction.atomic():
        Competition.objects.select_for_update().get(pk=competition.pk)
        JudgeAssignment.objects.filter(judge__competition=competition).delete()
        JudgeAssignment.objects.bulk_create(
            [JudgeAssignment(judge_id=j, entry_id=e) for e, j in plan.pairs()]
        )
        summary = {"pairs": len(plan.pairs()), "components": plan.components,
                   "bridges": plan.bridges, "conflicts": len(conflicts)}  # fmt: skip
        audit_record(actor=actor, action="competition.assignment_run", obj=competition,
                     after=summary, organization_id=competition.organizer_id)  # fmt: skip
    return summary


def _event_hash(previous: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


def _event_fields(event: ScoreEvent) -> dict[str, Any]:
    return {
        "competition": str(event.competition_id),
        "seq": event.seq,
        "judge": str(event.judge_id),
        "entry": str(event.entry_id),
        "criterion": event.criterion,
        "score": str(event.score),
        "comment": event.comment,
        "recorded_at": event.recorded_at.isoformat(),
    }


def score_record(
    *, actor: Any, judge: Judge, entry: Entry, scores: dict[str, Any], comment: str = ""
) -> list[ScoreEvent]:
    """Append the judge's rubric scores for an entry to the log (a later call corrects)."""
    access_judging(actor, judge, Action.SCORE)
    competition = judge.competition
    if competition.results_frozen_at is not None:
        raise ApplicationError("conflict", _("The results are frozen: scores cannot change."))
    if not JudgeAssignment.objects.filter(judge=judge, entry=entry).exists():
        raise ApplicationError("forbidden", _("This entry is not assigned to you."))
    declared = set(Conflict.objects.filter(judge=judge).values_list("judge_id", "entry_id"))
    if _conflicted(judge, entry, declared):
        raise ApplicationError("forbidden", _("You have a conflict of interest with this entry."))
    rubric = {c["key"]: c for c in entry.proposition.track.rubric}
    errors: dict[str, list[Any]] = {}
    values: dict[str, Decimal] = {}
    for key, raw in scores.items():
        if key not in rubric:
            errors.setdefault(key, []).append(_("Not a criterion of this rubric."))
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors.setdefault(key, []).append(_("Enter a number."))
            continue
        if not value.is_finite() or not 0 <= value <= Decimal(str(rubric[key]["max"])):
            errors.setdefault(key, []).append(
                _("Enter a number from 0 to %(max)s.") % {"max": rubric[key]["max"]}
            )
            continue
        values[key] = value.quantize(Decimal("0.01"))
    if not values and not errors:
        errors["scores"] = [_("Score at least one criterion.")]
    if errors:
        raise ApplicationError("invalid", _("Please correct the scores below."), fields=errors)
    events = []
    with transaction.atomic():
        # one writer at a time per competition: the chain has no forks
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        if locked.results_frozen_at is not None:
            raise ApplicationError("conflict", _("The results are frozen: scores cannot change."))
        last = ScoreEvent.objects.filter(competition=competition).order_by("-seq").first()
        previous, seq = (last.hash, last.seq) if last else (GENESIS, 0)
        now = Competition.objects.annotate(n=Now()).values_list("n", flat=True).first()
        for key in sorted(values):
            seq += 1
            event = ScoreEvent(
                competition=competition, seq=seq, judge=judge, entry=entry, criterion=key,
                score=values[key], comment=comment[:3000], recorded_at=now or timezone.now(),
                previous_hash=previous,
            )  # fmt: skip
            event.hash = _event_hash(previous, _event_fields(event))
            previous = event.hash
            events.append(event)
        ScoreEvent.objects.bulk_create(events)
    return events


def log_verify(competition: Competition) -> int | None:
    """The seq of the first event whose hash does not follow from the log, or None."""
    previous = GENESIS
    expected = 1
    for event in ScoreEvent.objects.filter(competition=competition).order_by("seq").iterator():
        if event.seq != expected or event.previous_hash != previous:
            return event.seq
        if _event_hash(previous, _event_fields(event)) != event.hash:
            return event.seq
        previous, expected = event.hash, expected + 1
    return None


def _replay(competition: Competition) -> tuple[list[tuple[str, str, float]], str, int]:
    """Latest score per (judge, entry, criterion) → weighted mean per (entry, judge)."""
    latest: dict[tuple[Any, Any, str], Decimal] = {}
    head, count = GENESIS, 0
    for ev in ScoreEvent.objects.filter(competition=competition).order_by("seq").iterator():
        latest[(ev.entry_id, ev.judge_id, ev.criterion)] = ev.score
        head, count = ev.hash, count + 1
    entries = {e.pk: e for e in competition.entries.select_related("proposition__track")}
    sums: dict[tuple[str, str], list[float]] = {}
    for (entry_id, judge_id, criterion), score in latest.items():
        entry = entries[entry_id]
        rubric = {c["key"]: c for c in entry.proposition.track.rubric}
        spec = rubric.get(criterion, {"weight": 1.0, "max": 10.0})
        # criteria on different scales: each is put on 0-100 before weighting
        value = float(score) / float(spec["max"]) * 100.0
        acc = sums.setdefault((entry.code, str(judge_id)), [0.0, 0.0])
        acc[0] += float(spec["weight"]) * value
        acc[1] += float(spec["weight"])
    triples = [(code, judge, total / weight) for (code, judge), (total, weight) in sums.items()]
    return triples, head, count


def ranking_compute(*, actor: Any, competition: Competition) -> RankingRun:
    access_competition(actor, competition, Action.MANAGE)
    broken = log_verify(competition)
    if broken is not None:
        raise ApplicationError(
            "conflict", _("The scoring log is broken at event %(seq)d.") % {"seq": broken}
        )
    triples, head, count = _replay(competition)
    if not triples:
        raise ApplicationError("conflict", _("No scores yet."))
    ratings = Ratings.from_triples(triples)
    ranked, model = rank(ratings, replicates=60, seed=0)
    judges = {str(j.pk): j for j in competition.judges.all()}
    report = [
        {"judge": str(r.judge), "scored": r.scored, "severity": round(r.severity, 3),
         "scale": round(r.scale, 3), "noise_sd": round(r.noise_sd, 3),
         "consistency": None if r.consistency != r.consistency else round(r.consistency, 3),
         "outliers": list(r.outliers)}
        for r in judge_report(ratings, model) if r.judge in judges
    ]  # fmt: skip
    with transaction.atomic():
        run = RankingRun.objects.create(
            competition=competition,
            log_head=head,
            events=count,
            results=[
                {
                    "entry": r.entry,
                    "rank": r.rank,
                    "score": round(r.score, 4),
                    "low": round(r.low, 4),
                    "high": round(r.high, 4),
                }
                for r in ranked
            ],
            judge_report=report,
            computed_by=actor,
        )
        audit_record(actor=actor, action="competition.ranking_compute", obj=run,
                     after={"log_head": head, "events": count, "components": model.components},
                     organization_id=competition.organizer_id)  # fmt: skip
    return run


def ranking_publish(*, actor: Any, run: RankingRun, awards: dict[str, int]) -> list[Award]:
    """Freeze the results and give the top entries their awards, in rank order:
    ``{"first": 1, "second": 2, "third": 3, "excellence": 5}``."""
    competition = run.competition
    access_competition(actor, competition, Action.MANAGE)
    order = list(AwardLevel.values)
    for level, n in awards.items():
        if level not in order or int(n) < 0:
            raise invalid("awards", _("Unknown award or negative count."))
    with transaction.atomic():
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        if locked.results_frozen_at is not None:
            raise ApplicationError("conflict", _("The results are already published."))
        if run.log_head != (_replay(locked)[1]):
            raise ApplicationError(
                "conflict", _("Scores changed since this ranking: compute it again.")
            )
        codes = [r["entry"] for r in run.results]
        by_code = {e.code: e for e in locked.entries.all()}
        made, position = [], 0
        for level in order:
            for _i in range(int(awards.get(level, 0))):
                if position >= len(codes):
                    break
                made.append(Award(run=run, entry=by_code[codes[position]], level=level))
                position += 1
        Award.objects.bulk_create(made)
        now = timezone.now()
        RankingRun.objects.filter(pk=run.pk).update(published_at=now)
        locked.results_frozen_at = now
        locked.save(update_fields=["results_frozen_at", "updated_at"])
        audit_record(actor=actor, action="competition.results_publish", obj=locked,
                     after={"run": str(run.pk), "awards": len(made)},
                     organization_id=locked.organizer_id)  # fmt: skip
    return made
