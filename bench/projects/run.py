"""Allocation benchmark: 2,000 students → 300 briefs with capacities, team sizes and skills.

One run, three tools on the same instance, every answer scored by the same evaluator
(``allocation.finish``: teams formed, skill gaps counted, same objective):

* talentbridge — ``allocation.solve`` (scipy/HiGHS MILP; relax-and-fix at this size, with
  the LP bound as a certificate of the gap);
* OR-Tools CP-SAT — a plain model of the same program, 5 s limit, 2 workers;
* ``matching`` (PyPI) — student–project allocation (stable matching, student-optimal) with
  each student's 8 best briefs as preferences and one supervisor per brief.

Run from the repository root:
    bench/.venv-projects/bin/python bench/projects/run.py
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from instance import build  # noqa: E402

from talentbridge.projects import allocation  # noqa: E402
from talentbridge.projects.allocation import Problem, candidate_pairs, finish  # noqa: E402

PER_STUDENT = 8
TIME_LIMIT = 5.0


def ours(problem: Problem) -> tuple[dict[str, str], float, str]:
    started = time.perf_counter()
    solution = allocation.solve(problem, per_student=PER_STUDENT, time_limit=TIME_LIMIT)
    note = (
        f"{solution.status}; LP bound {solution.bound:.1f}, gap ≤ {100 * (solution.gap or 0):.3f}%"
    )
    return solution.assignment, time.perf_counter() - started, note


def cp_sat(problem: Problem) -> tuple[dict[str, str], float, str]:
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    pairs = candidate_pairs(problem, PER_STUDENT)
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{p}") for p in range(len(pairs))]
    z = [m.new_int_var(0, b.max_teams, f"z{j}") for j, b in enumerate(problem.briefs)]
    by_student: dict[int, list[int]] = {}
    by_brief: dict[int, list[int]] = {}
    for p, (i, j) in enumerate(pairs):
        by_student.setdefault(i, []).append(p)
        by_brief.setdefault(j, []).append(p)
    for ps in by_student.values():
        m.add_at_most_one(x[p] for p in ps)
    objective = []
    for j, b in enumerate(problem.briefs):
        load = sum(x[p] for p in by_brief.get(j, []))
        m.add(load <= b.team_max * z[j])
        m.add(load >= b.team_min * z[j])
        m.add(load <= b.places)
        for k in b.required:
            u = m.new_int_var(0, b.max_teams, f"u{j}{k}")
            holders = [
                x[p] for p in by_brief.get(j, []) if k in problem.students[pairs[p][0]].covers
            ]
            m.add(sum(holders) + u >= z[j])
            objective.append(-int(allocation.SHORTFALL * 10) * u)
    for p, (i, j) in enumerate(pairs):
        s, b = problem.students[i], problem.briefs[j]
        objective.append(
            round(10 * (allocation.ASSIGN + allocation.FIT * problem.fit[(s.id, b.id)])) * x[p]
        )
    m.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    solver.parameters.num_workers = 2
    status = solver.solve(m)
    assignment = {
        problem.students[i].id: problem.briefs[j].id
        for p, (i, j) in enumerate(pairs)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.value(x[p])
    }
    note = f"{solver.status_name(status)}; bound {solver.best_objective_bound / 10:.1f}"
    return assignment, time.perf_counter() - started, note


def spa(problem: Problem) -> tuple[dict[str, str], float, str]:
    from matching.games import StudentAllocation

    started = time.perf_counter()
    prefs: dict[str, list[str]] = {s.id: [] for s in problem.students}
    for (sid, bid), _score in sorted(problem.fit.items(), key=lambda kv: -kv[1]):
        if len(prefs[sid]) < PER_STUDENT:
            prefs[sid].append(bid)
    applicants: dict[str, list[tuple[float, str]]] = {b.id: [] for b in problem.briefs}
    for sid, bids in prefs.items():
        for bid in bids:
            applicants[bid].append((problem.fit[(sid, bid)], sid))
    supervisor_prefs = {
        f"t{bid}": [s for _, s in sorted(v, reverse=True)] for bid, v in applicants.items() if v
    }
    briefs = [b for b in problem.briefs if applicants[b.id]]
    game = StudentAllocation.create_from_dictionaries(
        prefs,
        supervisor_prefs,
        {b.id: f"t{b.id}" for b in briefs},
        {b.id: b.places for b in briefs},
        {f"t{b.id}": b.places for b in briefs},
    )
    matching = game.solve(optimal="student")
    assignment = {str(s): str(p) for p, students in matching.items() for s in students}
    return assignment, time.perf_counter() - started, "stable matching (no team/skill model)"


def main() -> None:
    sys.setrecursionlimit(100_000)  # matching deep-copies its linked player objects
    problem = build()
    rows = []
    for name, tool in (
        ("talentbridge (scipy MILP)", ours),
        ("OR-Tools CP-SAT", cp_sat),
        ("matching SPA", spa),
    ):
        assignment, seconds, note = tool(problem)
        result = finish(problem, assignment)
        unmet = Counter(u.kind for u in result.unmet)
        rows.append((name, seconds, result.objective, len(assignment), unmet, note))
    best = max(r[2] for r in rows)
    print(
        f"instance: {len(problem.students)} students, {len(problem.briefs)} briefs, "
        f"{sum(b.places for b in problem.briefs)} places, cpus={os.cpu_count()}"
    )
    print(
        "| tool | time (s) | objective | vs best | assigned | unassigned | skill gaps "
        "| team-size violations | note |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, seconds, objective, assigned, unmet, note in rows:
        print(
            f"| {name} | {seconds:.2f} | {objective:,.1f} | "
            f"{100 * (objective - best) / abs(best):+.3f}% | "
            f"{assigned} | {unmet['unassigned']} | {unmet['skill_gap']} | "
            f"{unmet['team_size']} | {note} |"
        )


if __name__ == "__main__":
    main()
