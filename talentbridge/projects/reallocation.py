"""Re-runs that start from the last allocation (a warm start): the team structure the change
does not reach is kept, and students stay where they were unless moving gains something.

A teacher locks a few students onto briefs (or students join or leave, a brief's places change)
and runs the allocation again. Solving the whole class again from scratch costs the full
program (for large cohorts: an LP relaxation, then the integer program) and moves hundreds of
students for gains of a few thousandths of a percent. ``resolve`` instead:

1. starts from the previous allocation, with locked students on their locked brief;
2. marks the briefs the change reaches: a locked student arrives or leaves, a student of the
   previous allocation is gone, or the brief's load no longer fits its places and team sizes;
3. for large problems (> ``allocation.EXACT_BELOW`` candidate pairs), keeps the number of teams
   of every brief the change does not reach (the integer part of the program that makes it
   hard); the reached briefs' team counts stay free;
4. solves the program with locked pairs fixed and a tie-breaking bonus ``STAY`` for every
   student left where they were (a twentieth of the smallest fit step, so any real gain still
   moves a student; the reported objective leaves the bonus out).

With the team counts fixed, what remains is nearly a transportation problem, whose LP
relaxation is almost always integral: for large problems the LP is solved first, the pairs it
decides are fixed, and the integer program only settles the rest (``allocation.run_milp``,
``from_lp``). When the
kept team counts make the program infeasible (e.g. a lock onto a brief that cannot reach its
minimum team size), the whole program is solved instead (``allocation.solve``). For
class-sized problems the optimum without the bonus is computed as well: the stable answer is
returned when it is optimal too (almost always; it is then the optimal answer that leaves the
most students where they were), else that optimum — so a class-sized re-run is always proven
optimal.

Pure Python + numpy/scipy (no Django), like ``allocation``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentbridge.projects.allocation import (
    EXACT_BELOW,
    MatrixModel,
    Problem,
    Solution,
    best_team_count,
    build_model,
    candidate_pairs,
    locked_columns,
    run_milp,
    solution_from,
    solve,
)

STAY = 0.05  # objective bonus for a student left on their previous brief (fit steps are 0.1)


def start_from(problem: Problem, previous: Mapping[str, str]) -> dict[str, str]:
    """The previous allocation where it still holds: students who are still in the problem on a
    brief that still exists and still fits them, locked students on their locked brief."""
    briefs = {b.id for b in problem.briefs}
    start: dict[str, str] = {}
    for s in problem.students:
        wanted = problem.locks.get(s.id) or previous.get(s.id)
        if wanted in briefs and (s.id, wanted) in problem.fit:
            start[s.id] = wanted
    return start


def reached_briefs(
    problem: Problem, previous: Mapping[str, str], start: Mapping[str, str]
) -> set[str]:
    """Briefs whose members differ from the previous allocation, or whose load no longer fits."""
    before: dict[str, set[str]] = defaultdict(set)
    for sid, bid in previous.items():
        before[bid].add(sid)
    after: dict[str, set[str]] = defaultdict(set)
    for sid, bid in start.items():
        after[bid].add(sid)
    reached = set()
    for brief in problem.briefs:
        members = after.get(brief.id, set())
        changed = members != before.get(brief.id, set())
        unfit = len(members) > brief.places or best_team_count(brief, len(members)) is None
        if changed or unfit:
            reached.add(brief.id)
    return reached


@dataclass
class WarmProgram:
    """The program of a re-run: the full matrix with the stay bonus in its objective, and the
    column bounds that fix locked pairs and the kept team counts; ``start`` as a full column
    vector is the previous allocation repaired (what a solver with hints is given)."""

    model: MatrixModel
    lower: np.ndarray
    upper: np.ndarray
    start: dict[str, str]
    hint: np.ndarray


def warm_program(
    problem: Problem,
    previous: Mapping[str, str],
    *,
    per_student: int | None = None,
    keep_teams: bool = True,
    stay: float = STAY,
) -> WarmProgram:
    briefs = problem.briefs
    start = start_from(problem, previous)
    reached = reached_briefs(problem, previous, start)
    pairs = candidate_pairs(problem, per_student, keep=start)
    model = build_model(problem, pairs)
    n_x, n_b = len(pairs), len(briefs)
    lower = np.zeros_like(model.upper)
    upper = model.upper.copy()
    stays = np.array([start.get(problem.students[i].id) == briefs[j].id for i, j in pairs])
    model.c[:n_x][stays] -= stay
    lower[locked_columns(problem, pairs)] = 1.0
    load: dict[str, int] = defaultdict(int)
    holders: dict[tuple[str, str], int] = defaultdict(int)
    covers = {s.id: s.covers for s in problem.students}
    for sid, bid in start.items():
        load[bid] += 1
        for k in covers[sid]:
            holders[(bid, k)] += 1
    hint = np.zeros_like(model.upper)
    hint[:n_x][stays] = 1.0
    u = n_x + n_b
    for j, brief in enumerate(briefs):
        teams = best_team_count(brief, load[brief.id])
        if keep_teams and brief.id not in reached and teams is not None:
            lower[n_x + j] = upper[n_x + j] = teams
        hint[n_x + j] = teams or 0
        for k in brief.required:
            hint[u] = max(0, (teams or 0) - holders[(brief.id, k)])
            u += 1
    return WarmProgram(model, lower, upper, start, hint)


def resolve(
    problem: Problem,
    previous: Mapping[str, str],
    *,
    per_student: int | None = None,
    time_limit: float = 30.0,
    certify_below: int = EXACT_BELOW,
) -> Solution:
    """Re-solve ``problem`` from the ``previous`` allocation (student id -> brief id); see the
    module docstring. ``status`` is ``incremental`` (or the full method when it had to fall
    back); ``bound`` is the full optimum when the problem is small enough to certify."""
    started = time.perf_counter()
    pairs = candidate_pairs(problem, per_student, keep=start_from(problem, previous))
    small = len(pairs) <= certify_below
    warm = warm_program(problem, previous, per_student=per_student, keep_teams=not small)
    build_seconds = time.perf_counter() - started
    # Large: from the LP; when the kept team counts leave no integer answer there, the cold
    # solve below is cheaper than proving that on the whole program.
    result: Any = run_milp(
        warm.model, warm.lower, warm.upper, time_limit, from_lp=not small, whole_after_lp=small
    )
    if result.x is None:
        fallback = solve(problem, per_student=per_student, time_limit=time_limit)
        fallback.seconds = time.perf_counter() - started
        return fallback
    solution = solution_from(problem, warm.model, result, method="incremental", bound=None)
    kept = sum(1 for sid, bid in solution.assignment.items() if warm.start.get(sid) == bid)
    solution.model_objective = (solution.model_objective or 0.0) - STAY * kept
    if result.status != 0:
        solution.status = str(result.message)
    if small:
        # Certify: the optimum without the stay bonus. The stable answer is returned when it
        # is optimal too, else the optimum itself (it moves more students, but loses nothing).
        full = solve(problem, per_student=per_student, time_limit=time_limit)
        if full.optimal and full.model_objective is not None:
            if solution.model_objective < full.model_objective - 1e-6:
                solution = full
            solution.bound = full.model_objective
            solution.optimal = True
    solution.seconds = time.perf_counter() - started
    solution.build_seconds = build_seconds
    return solution


def moved(previous: Mapping[str, str], assignment: Mapping[str, str]) -> int:
    """Students of the previous allocation who are on another brief now (or on none)."""
    return sum(1 for sid, bid in previous.items() if assignment.get(sid) != bid)
