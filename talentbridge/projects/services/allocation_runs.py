"""Allocation runs (students to briefs) and applying their result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.accounts.models import User
from talentbridge.core.errors import invalid
from talentbridge.core.services import audit_record
from talentbridge.projects import allocation, reallocation
from talentbridge.projects.matching import fit
from talentbridge.projects.models import (
    AllocationRun,
    BriefStatus,
    CourseOffering,
    ProjectBrief,
    Team,
    TeamMember,
)
from talentbridge.projects.permissions import (
    Action,
    access_offering,
    access_run,
)
from talentbridge.projects.selectors import brief_facts, student_facts
from talentbridge.projects.services._common import _conflict
from talentbridge.projects.services.applications import _create_team, places_taken

# --- Allocation -------------------------------------------------------------------------------


def allocation_run(
    *,
    actor: Any,
    offering: CourseOffering,
    locks: dict[str, str] | None = None,
    base: AllocationRun | None = None,
) -> AllocationRun:
    """Assign the class's free students to the offering's adopted briefs and teams. Locked
    students stay on their brief. With ``base`` (an earlier run of this class) the run starts
    from it and re-solves only what the change reaches (``reallocation.resolve``)."""
    access_offering(actor, offering, Action.MANAGE)
    if base is not None and base.offering_id != offering.pk:
        raise invalid("base", _("That allocation belongs to another class."))
    locks = dict(locks or {})
    briefs = [
        a.brief
        for a in offering.adoptions.select_related("brief").filter(
            brief__status__in=(BriefStatus.OPEN, BriefStatus.IN_PROGRESS)
        )
    ]
    if not briefs:
        raise _conflict(_("The course has no open adopted briefs to allocate."))
    brief_ids = {str(b.pk) for b in briefs}
    busy = set(TeamMember.objects.filter(brief__in=briefs).values_list("user_id", flat=True))
    students = [s for s in offering.students.all() if s.pk not in busy]
    student_ids = {str(s.pk) for s in students}
    bad = {k: v for k, v in locks.items() if k not in student_ids or v not in brief_ids}
    if bad:
        raise invalid("locks", _("A lock names a student or brief outside this class."))
    problem, fits = _allocation_problem(briefs, students, locks)
    previous = {r["student"]: r["brief"] for r in base.assignments} if base else {}
    if base is not None:
        solution = reallocation.resolve(problem, previous, time_limit=10.0)
    else:
        solution = allocation.solve(problem, time_limit=10.0)
    assignments = [
        {
            "student": sid,
            "brief": bid,
            "team": next(t + 1 for t, team in enumerate(solution.teams[bid]) if sid in team),
            "score": round(fits[(sid, bid)], 3),
        }
        for sid, bid in sorted(solution.assignment.items())
    ]
    with transaction.atomic():
        run = AllocationRun.objects.create(
            offering=offering,
            created_by=actor,
            locks=[{"student": k, "brief": v} for k, v in sorted(locks.items())],
            objective=solution.objective,
            optimal=solution.optimal,
            status=solution.status,
            duration_ms=round(solution.seconds * 1000),
            assignments=assignments,
            unmet=[u.__dict__ for u in solution.unmet],
            base=base,
            moved=reallocation.moved(previous, solution.assignment) if base else None,
        )
        audit_record(
            actor=actor,
            action="allocation.run",
            obj=run,
            after={
                "objective": solution.objective,
                "assigned": len(assignments),
                "unmet": len(solution.unmet),
            },
            organization_id=offering.college_id,
        )
    return run


def _allocation_problem(
    briefs: Sequence[ProjectBrief], students: Sequence[Any], locks: dict[str, str]
) -> tuple[allocation.Problem, dict[tuple[str, str], float]]:
    facts = {str(s.pk): student_facts(s) for s in students}
    brief_in = []
    fits: dict[tuple[str, str], float] = {}
    covers: dict[str, set[str]] = {sid: set() for sid in facts}
    for brief in briefs:
        bf = brief_facts(brief)
        taken = places_taken(brief)
        existing_teams = brief.teams.count()
        brief_in.append(
            allocation.BriefIn(
                id=str(brief.pk),
                places=max(0, brief.places - taken),
                team_min=brief.team_size_min,
                team_max=brief.team_size_max,
                max_teams=max(0, brief.max_teams - existing_teams),
                required=tuple(c for c, _level in bf.required),
            )
        )
        for sid, sf in facts.items():
            result = fit(sf, bf)
            fits[(sid, str(brief.pk))] = result.score
            covers[sid] |= set(result.covers)
    student_in = [allocation.StudentIn(sid, frozenset(covers[sid])) for sid in facts]
    return allocation.Problem(student_in, brief_in, fits, locks), fits


def allocation_apply(*, actor: Any, run: AllocationRun) -> list[Team]:
    """Create the teams of a run (students already placed meanwhile are skipped)."""
    access_run(actor, run, Action.MANAGE)
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if locked.applied_at is not None:
            raise _conflict(_("This allocation was already applied."))
        grouped: dict[tuple[str, int], list[str]] = {}
        for row in locked.assignments:
            grouped.setdefault((row["brief"], row["team"]), []).append(row["student"])
        users = {
            str(u.pk): u
            for u in User.objects.filter(pk__in=[r["student"] for r in locked.assignments])
        }
        teams = []
        for (brief_id, number), member_ids in sorted(grouped.items()):
            brief = ProjectBrief.objects.select_for_update().get(pk=brief_id)
            free = [
                users[m]
                for m in member_ids
                if not TeamMember.objects.filter(brief=brief, user_id=m).exists()
            ]
            if not free:
                continue
            name = f"{locked.offering.class_name} · {number}"
            suffix = brief.teams.filter(name__startswith=name).count()
            teams.append(
                _create_team(
                    actor,
                    brief,
                    name if not suffix else f"{name}-{suffix + 1}",
                    free,
                    locked.offering,
                )
            )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at", "updated_at"])
        audit_record(
            actor=actor,
            action="allocation.apply",
            obj=locked,
            after={"teams": [str(t.pk) for t in teams]},
            organization_id=locked.offering.college_id,
        )
    return teams
