"""The allocation model: optimality on small cases (checked by brute force), constraints, locks."""

from __future__ import annotations

import itertools
import random

import pytest

from talentbridge.projects.allocation import BriefIn, Problem, StudentIn, finish, solve

pytest.importorskip("scipy")


def _random_problem(
    seed: int, n_students: int = 6, n_briefs: int = 3, min_places: int = 1, max_places: int = 4
) -> Problem:
    rng = random.Random(seed)
    skills = ["a", "b", "c"]
    students = [
        StudentIn(f"s{i}", frozenset(rng.sample(skills, rng.randint(0, 2))))
        for i in range(n_students)
    ]
    briefs = [
        BriefIn(
            f"b{j}",
            rng.randint(min_places, max_places),
            1,
            rng.randint(1, 3),
            rng.randint(1, 2),
            tuple(rng.sample(skills, 1)),
        )
        for j in range(n_briefs)
    ]
    fit = {(s.id, b.id): round(rng.random(), 2) for s in students for b in briefs}
    return Problem(students, briefs, fit)


def _brute_force_best(problem: Problem) -> float:
    """Best evaluated objective over every assignment that keeps all locks."""
    options = [None, *[b.id for b in problem.briefs]]
    best = float("-inf")
    for choice in itertools.product(options, repeat=len(problem.students)):
        assignment = {s.id: b for s, b in zip(problem.students, choice, strict=True) if b}
        if any(assignment.get(s) != b for s, b in problem.locks.items()):
            continue
        result = finish(problem, assignment)
        if not any(u.kind == "team_size" for u in result.unmet):
            best = max(best, result.objective)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_small_problems_are_solved_optimally(seed: int) -> None:
    problem = _random_problem(seed)
    solution = solve(problem)
    assert solution.optimal
    assert solution.objective == pytest.approx(_brute_force_best(problem))


def test_capacities_team_sizes_and_locks_are_respected() -> None:
    students = [StudentIn(f"s{i}", frozenset({"x"} if i < 2 else ())) for i in range(7)]
    briefs = [BriefIn("p", 4, 2, 2, 2, ("x",)), BriefIn("q", 3, 3, 3, 1, ())]
    fit = {(s.id, b.id): 0.5 for s in students for b in briefs}
    problem = Problem(students, briefs, fit, locks={"s6": "p"})
    solution = solve(problem)
    count = {b.id: sum(1 for v in solution.assignment.values() if v == b.id) for b in briefs}
    assert count["p"] <= 4 and count["q"] in (0, 3)
    assert solution.assignment["s6"] == "p"
    for team in solution.teams["p"]:
        assert len(team) == 2
        assert any("x" in next(s for s in students if s.id == m).covers for m in team)
    assert [u.kind for u in solution.unmet] == []


def test_unmet_constraints_are_reported() -> None:
    students = [StudentIn(f"s{i}", frozenset()) for i in range(3)]
    briefs = [BriefIn("p", 2, 1, 2, 1, ("needs",))]
    problem = Problem(students, briefs, {(s.id, "p"): 1.0 for s in students})
    solution = solve(problem)
    kinds = sorted(u.kind for u in solution.unmet)
    assert kinds == ["skill_gap", "unassigned"]


@pytest.mark.parametrize("seed", range(8))
def test_large_program_path_from_the_lp(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The path cohorts take (relax-and-fix, integer program started from its LP), forced on a
    small problem: a feasible answer that keeps the lock, never above the exact optimum."""
    from talentbridge.projects import allocation

    problem = _random_problem(seed, n_students=10, n_briefs=4)
    exact = solve(problem)
    locked = Problem(
        problem.students, problem.briefs, problem.fit, locks={"s0": problem.briefs[0].id}
    )
    monkeypatch.setattr(allocation, "EXACT_BELOW", 0)
    monkeypatch.setattr(allocation, "LP_FIX_ABOVE", 0)
    for case in (problem, locked):
        answer = solve(case)
        assert answer.model_objective is not None
        assert not [u for u in answer.unmet if u.kind == "team_size"]
        assert all(answer.assignment.get(s) == b for s, b in case.locks.items())
    assert solve(problem).model_objective <= (exact.model_objective or 0) + 1e-6
