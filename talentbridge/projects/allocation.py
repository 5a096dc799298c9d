"""Class-wide allocation of students to briefs and teams, solved as a mixed-integer program.

Pure Python + numpy/scipy (no Django), so the benchmark and the tests call it directly.

Model (maximised; ``milp`` minimises the negation):

* ``x[s,b]`` ∈ {0,1}: student ``s`` works on brief ``b`` (only for candidate pairs);
* ``z[b]`` ∈ {0..max_teams}: number of teams on brief ``b``;
* ``u[b,k]`` ≥ 0: teams on ``b`` without a member who covers required skill ``k``.

subject to Σ_b x[s,b] ≤ 1; team_min·z[b] ≤ Σ_s x[s,b] ≤ team_max·z[b]; Σ_s x[s,b] ≤ places[b];
Σ_{s covers k} x[s,b] + u[b,k] ≥ z[b] (one holder of each required skill per team, else slack).

Objective: ASSIGN·(assigned students) + FIT·Σ fit[s,b]·x[s,b] + LOCK·(honoured locks)
− SHORTFALL·Σ u. The weights order the goals: place everyone, then honour the teacher's
locks, then cover skills in every team, then maximise fit.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

ASSIGN = 1000.0
LOCK = 500.0
SHORTFALL = 200.0
FIT = 100.0


@dataclass(frozen=True)
class StudentIn:
    id: str
    covers: frozenset[str]  # skills this student can be counted on for


@dataclass(frozen=True)
class BriefIn:
    id: str
    places: int
    team_min: int
    team_max: int
    max_teams: int
    required: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    students: Sequence[StudentIn]
    briefs: Sequence[BriefIn]
    fit: Mapping[tuple[str, str], float]  # (student, brief) -> 0..1; missing pair = not allowed
    locks: Mapping[str, str] = field(default_factory=dict)  # student -> brief


@dataclass
class Unmet:
    kind: str  # unassigned | skill_gap | lock_broken | team_size
    student: str = ""
    brief: str = ""
    team: int = 0
    skill: str = ""


@dataclass
class Solution:
    assignment: dict[str, str]  # student -> brief
    teams: dict[str, list[list[str]]]  # brief -> teams (lists of student ids)
    objective: float
    optimal: bool
    status: str
    seconds: float
    unmet: list[Unmet]
    bound: float | None = None
    build_seconds: float = 0.0  # part of ``seconds`` spent building the model
    model_objective: float | None = None  # the program's own objective of this answer

    @property
    def gap(self) -> float | None:
        """Relative distance to the upper bound (0 = proven optimal)."""
        if self.bound is None or not self.bound:
            return None
        return max(0.0, (self.bound - self.objective) / abs(self.bound))


def candidate_pairs(
    problem: Problem, per_student: int | None = None, keep: Mapping[str, str] | None = None
) -> list[tuple[int, int]]:
    """Pairs (student index, brief index) the solver may use; optionally only each student's
    ``per_student`` best briefs by fit (plus the locked one and the one in ``keep``, e.g. the
    previous allocation, when the pair has a fit)."""
    brief_index = {b.id: j for j, b in enumerate(problem.briefs)}
    by_student: dict[int, list[tuple[float, int]]] = defaultdict(list)
    student_index = {s.id: i for i, s in enumerate(problem.students)}
    for (sid, bid), score in problem.fit.items():
        if sid in student_index and bid in brief_index:
            by_student[student_index[sid]].append((score, brief_index[bid]))
    pairs: list[tuple[int, int]] = []
    for i, options in sorted(by_student.items()):
        options.sort(key=lambda o: (-o[0], o[1]))
        chosen = {j for _, j in (options if per_student is None else options[:per_student])}
        sid = problem.students[i].id
        for wanted in (problem.locks.get(sid), (keep or {}).get(sid)):
            if wanted in brief_index and (sid, wanted) in problem.fit:
                chosen.add(brief_index[wanted])
        pairs.extend((i, j) for j in sorted(chosen))
    return pairs


EXACT_BELOW = 4000  # candidate pairs; smaller problems are solved to proven optimality


@dataclass
class MatrixModel:
    """The program in matrix form: minimise ``c·v`` subject to ``lo ≤ matrix·v ≤ hi`` and
    ``0 ≤ v ≤ upper``. Columns: ``x`` (one per pair), then ``z`` (one per brief), then ``u``
    (one per required skill of each brief); the benchmark hands the same matrix to the peers."""

    pairs: list[tuple[int, int]]
    c: np.ndarray
    matrix: object
    lo: np.ndarray
    hi: np.ndarray
    upper: np.ndarray
    integrality: np.ndarray


def build_model(
    problem: Problem,
    pairs: list[tuple[int, int]],
    base_load: Mapping[int, int] | None = None,
    base_holders: Mapping[tuple[int, str], int] | None = None,
) -> MatrixModel:
    """The program over ``pairs``. ``base_load[j]`` students (``base_holders[j, k]`` of them
    holding skill ``k``) are already on brief ``j`` outside these pairs: an incremental
    re-run passes the students it keeps in place this way."""
    from scipy.sparse import coo_array  # type: ignore[import-untyped,unused-ignore]

    students, briefs = problem.students, problem.briefs
    n_x, n_b = len(pairs), len(briefs)
    skill_rows = [(j, k) for j, b in enumerate(briefs) for k in b.required]
    n_u = len(skill_rows)
    z0, u0 = n_x, n_x + n_b
    gain = np.empty(n_x)
    for p, (i, j) in enumerate(pairs):
        s, b = students[i], briefs[j]
        gain[p] = ASSIGN + FIT * problem.fit[(s.id, b.id)]
        if problem.locks.get(s.id) == b.id:
            gain[p] += LOCK
    c = np.concatenate([-gain, np.zeros(n_b), np.full(n_u, SHORTFALL)])
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def add_row(entries: list[tuple[int, float]], lower: float, upper: float) -> None:
        r = len(lo)
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lo.append(lower)
        hi.append(upper)

    pairs_of_student: dict[int, list[int]] = defaultdict(list)
    pairs_of_brief: dict[int, list[int]] = defaultdict(list)
    for p, (i, j) in enumerate(pairs):
        pairs_of_student[i].append(p)
        pairs_of_brief[j].append(p)
    for ps in pairs_of_student.values():
        add_row([(p, 1.0) for p in ps], -np.inf, 1.0)
    load = base_load or {}
    held = base_holders or {}
    for j, b in enumerate(briefs):
        ps = pairs_of_brief.get(j, [])
        fixed = float(load.get(j, 0))
        add_row([(p, 1.0) for p in ps] + [(z0 + j, -float(b.team_max))], -np.inf, -fixed)
        add_row([(p, 1.0) for p in ps] + [(z0 + j, -float(b.team_min))], -fixed, np.inf)
        add_row([(p, 1.0) for p in ps], -np.inf, float(b.places) - fixed)
    for r, (j, k) in enumerate(skill_rows):
        holders = [p for p in pairs_of_brief.get(j, []) if k in students[pairs[p][0]].covers]
        entries = [(p, 1.0) for p in holders] + [(u0 + r, 1.0), (z0 + j, -1.0)]
        add_row(entries, -float(held.get((j, k), 0)), np.inf)
    n = n_x + n_b + n_u
    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), n)).tocsr()
    upper = np.concatenate([np.ones(n_x), [b.max_teams for b in briefs], np.full(n_u, np.inf)])
    integrality = np.concatenate([np.ones(n_x + n_b), np.zeros(n_u)])
    return MatrixModel(pairs, c, matrix, np.array(lo), np.array(hi), upper, integrality)


LP_FIX_ABOVE = 40_000  # candidate pairs; above this, integer programs start from their LP


def run_milp(
    model: MatrixModel,
    lower: np.ndarray,
    upper: np.ndarray,
    time_limit: float,
    from_lp: bool | None = None,
    whole_after_lp: bool = True,
) -> object:
    """HiGHS on the program within these column bounds. ``from_lp`` (by default: above
    ``LP_FIX_ABOVE`` pairs, cohorts of ~5,000 students and more, where HiGHS may find no integer
    answer at all in minutes): the LP relaxation is solved first and every pair it decides
    (0 or 1) is fixed, so the integer program only settles the fractional remainder; without an
    answer there, only the pairs the LP left out stay out; without one there, the whole program
    (unless ``whole_after_lp`` is false: then the failed answer is returned). Worth it when the
    team counts are fixed: the LP is then almost always integral."""
    from scipy.optimize import (  # type: ignore[import-untyped,unused-ignore]
        Bounds,
        LinearConstraint,
        milp,
    )

    def run(lo: np.ndarray, hi: np.ndarray, integrality: np.ndarray) -> Any:
        return milp(
            model.c,
            constraints=LinearConstraint(model.matrix, model.lo, model.hi),
            integrality=integrality,
            bounds=Bounds(lo, hi),
            options={"time_limit": time_limit, "mip_rel_gap": 1e-6},
        )

    n_x = len(model.pairs)
    if from_lp is None:
        from_lp = n_x > LP_FIX_ABOVE
    if from_lp:
        started = time.perf_counter()
        result = run(lower, upper, np.zeros_like(model.integrality))
        if result.x is not None:
            x = result.x[:n_x]
            hi = upper.copy()
            hi[:n_x][x < 1e-6] = 0.0
            ones = lower.copy()
            ones[:n_x][x > 1 - 1e-6] = 1.0
            for lo in (ones, lower):  # the LP's ones and zeros fixed, then only its zeros
                time_limit = max(1.0, time_limit - (time.perf_counter() - started))
                result = run(lo, hi, model.integrality)
                if result.x is not None:
                    return result
        if not whole_after_lp:
            return result
    return run(lower, upper, model.integrality)


def _lp_team_counts(problem: Problem, model: MatrixModel) -> tuple[np.ndarray, float] | None:
    """Solve the LP relaxation; return team counts rounded to a feasible size for each brief's
    LP load, and the LP bound (an upper bound on the best objective)."""
    from scipy.optimize import (  # type: ignore[import-untyped,unused-ignore]
        Bounds,
        LinearConstraint,
        milp,
    )

    relaxed = milp(
        model.c,
        constraints=LinearConstraint(model.matrix, model.lo, model.hi),
        integrality=np.zeros_like(model.integrality),
        bounds=Bounds(np.zeros_like(model.upper), model.upper),
    )
    if relaxed.x is None:
        return None
    n_x = len(model.pairs)
    load = np.zeros(len(problem.briefs))
    for p, (_, j) in enumerate(model.pairs):
        load[j] += relaxed.x[p]
    counts = np.empty(len(problem.briefs))
    for j, brief in enumerate(problem.briefs):
        z = best_team_count(brief, round(load[j]))
        counts[j] = z if z is not None else round(relaxed.x[n_x + j])
    return counts, -float(relaxed.fun)


def locked_columns(problem: Problem, pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Columns of the pairs the teacher locked."""
    students, briefs = problem.students, problem.briefs
    return [
        p for p, (i, j) in enumerate(pairs) if problem.locks.get(students[i].id) == briefs[j].id
    ]


def solve(
    problem: Problem, *, per_student: int | None = None, time_limit: float = 30.0
) -> Solution:
    """Exact MILP for class-sized problems; for large ones, relax-and-fix: solve the LP
    relaxation, fix each brief's team count to a feasible rounding of its LP load, and solve
    the remaining binary program exactly. ``bound`` is the LP bound, so ``gap`` certifies how
    far from optimal the answer can be. Locks are kept as hard constraints; only when they
    cannot all be kept does the program fall back to weighing them (``lock_broken``)."""
    started = time.perf_counter()
    pairs = candidate_pairs(problem, per_student)
    model = build_model(problem, pairs)
    build_seconds = time.perf_counter() - started
    locked = locked_columns(problem, pairs)
    for hard in [locked, []] if locked else [[]]:
        result, method, bound = _solve_model(problem, model, hard, time_limit)
        if result.x is not None:
            break
    solution = solution_from(problem, model, result, method=method, bound=bound)
    solution.seconds = time.perf_counter() - started
    solution.build_seconds = build_seconds
    return solution


def _solve_model(
    problem: Problem, model: MatrixModel, fixed_on: Sequence[int], time_limit: float
) -> tuple[Any, str, float | None]:
    n_x, n_b = len(model.pairs), len(problem.briefs)
    lower = np.zeros_like(model.upper)
    lower[list(fixed_on)] = 1.0
    upper = model.upper.copy()
    bound: float | None = None
    method = "exact"
    if n_x > EXACT_BELOW:
        fixed = _lp_team_counts(problem, model)
        if fixed is not None:
            counts, bound = fixed
            lower[n_x : n_x + n_b] = counts
            upper[n_x : n_x + n_b] = counts
            method = "relax_and_fix"
    result: Any = run_milp(model, lower, upper, time_limit)
    if result.x is None and method == "relax_and_fix":
        method = "exact"
        lower[n_x : n_x + n_b] = 0.0
        result = run_milp(model, lower, model.upper, time_limit)
    return result, method, bound


def solution_from(
    problem: Problem,
    model: MatrixModel,
    result: Any,
    *,
    method: str,
    bound: float | None,
    kept: Mapping[str, str] | None = None,
    offset: float = 0.0,
) -> Solution:
    """The answer of a finished ``milp`` call: the chosen pairs (plus ``kept`` students held in
    place outside the program, whose objective is ``offset``), teams formed, unmet reported."""
    if result.x is None:
        return Solution({}, {}, 0.0, False, str(result.message), 0.0, [])
    n_x, n_b = len(model.pairs), len(problem.briefs)
    chosen = result.x[:n_x] > 0.5
    students, briefs = problem.students, problem.briefs
    assignment = dict(kept or {})
    assignment.update(
        {students[i].id: briefs[j].id for p, (i, j) in enumerate(model.pairs) if chosen[p]}
    )
    team_counts = {briefs[j].id: round(result.x[n_x + j]) for j in range(n_b)}
    solution = finish(problem, assignment, team_counts)
    solution.optimal = method == "exact" and result.status == 0
    solution.status = method if result.status == 0 else str(result.message)
    solution.model_objective = offset - float(result.fun)
    solution.bound = solution.model_objective if solution.optimal else bound
    return solution


def best_team_count(brief: BriefIn, size: int) -> int | None:
    """Fewest teams whose sizes can hold ``size`` students, or None when impossible."""
    if size == 0:
        return 0
    for z in range(max(1, math.ceil(size / brief.team_max)), brief.max_teams + 1):
        if brief.team_min * z <= size <= brief.team_max * z:
            return z
    return None


def form_teams(brief: BriefIn, members: Sequence[StudentIn], count: int) -> list[list[str]]:
    """Split a brief's students into ``count`` teams of near-equal size, spreading the holders
    of rare required skills so that each team covers as many skills as possible."""
    if count <= 0:
        return []
    sizes = [len(members) // count + (1 if t < len(members) % count else 0) for t in range(count)]
    holders = {k: sum(1 for m in members if k in m.covers) for k in brief.required}
    order = sorted(
        members,
        key=lambda m: (
            min((holders[k] for k in brief.required if k in m.covers), default=10**9),
            m.id,
        ),
    )
    teams: list[list[StudentIn]] = [[] for _ in range(count)]
    for m in order:
        open_teams = [t for t in range(count) if len(teams[t]) < sizes[t]]

        def new_skills(t: int, m: StudentIn = m) -> int:
            covered = set().union(*(x.covers for x in teams[t])) if teams[t] else set()
            return len((m.covers & set(brief.required)) - covered)

        best = max(open_teams, key=lambda t: (new_skills(t), sizes[t] - len(teams[t]), -t))
        teams[best].append(m)
    return [[m.id for m in team] for team in teams]


def finish(
    problem: Problem, assignment: Mapping[str, str], team_counts: Mapping[str, int] | None = None
) -> Solution:
    """Form teams for an assignment and evaluate it under the model's objective; used for the
    solver's own result and to score other tools' results on the same scale."""
    students = {s.id: s for s in problem.students}
    unmet: list[Unmet] = []
    members: dict[str, list[StudentIn]] = defaultdict(list)
    for sid, bid in assignment.items():
        members[bid].append(students[sid])
    teams: dict[str, list[list[str]]] = {}
    objective = 0.0
    for brief in problem.briefs:
        group = sorted(members.get(brief.id, []), key=lambda s: s.id)
        count = (team_counts or {}).get(brief.id) if team_counts else None
        if count is None or not (brief.team_min * count <= len(group) <= brief.team_max * count):
            count = best_team_count(brief, len(group))
        if len(group) > brief.places or count is None:
            unmet.append(Unmet("team_size", brief=brief.id))
            count = max(1, math.ceil(len(group) / brief.team_max)) if group else 0
        teams[brief.id] = form_teams(brief, group, count)
        for t, team in enumerate(teams[brief.id]):
            covered = set().union(*(students[s].covers for s in team)) if team else set()
            for k in brief.required:
                if k not in covered:
                    unmet.append(Unmet("skill_gap", brief=brief.id, team=t + 1, skill=k))
                    objective -= SHORTFALL
    for sid, bid in assignment.items():
        objective += ASSIGN + FIT * problem.fit.get((sid, bid), 0.0)
        if problem.locks.get(sid) == bid:
            objective += LOCK
    for s in problem.students:
        if s.id not in assignment:
            unmet.append(Unmet("unassigned", student=s.id))
        locked = problem.locks.get(s.id)
        if locked and assignment.get(s.id) != locked:
            unmet.append(Unmet("lock_broken", student=s.id, brief=locked))
    return Solution(dict(assignment), teams, objective, False, "evaluated", 0.0, unmet)
