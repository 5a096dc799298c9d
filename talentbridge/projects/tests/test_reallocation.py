"""Re-runs from the last allocation: optimal on small cases (checked by brute force), locks
kept, nothing moves without a reason, deterministic; the service and API start from a run."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from talentbridge.projects.allocation import BriefIn, Problem, StudentIn, solve
from talentbridge.projects.reallocation import moved, resolve
from talentbridge.projects.tests.test_allocation import _brute_force_best, _random_problem

pytest.importorskip("scipy")


def _problem(seed: int, n_students: int = 7, n_briefs: int = 3) -> Problem:
    return _random_problem(seed, n_students, n_briefs, min_places=2, max_places=5)


def _with_random_locks(problem: Problem, seed: int, count: int = 2) -> Problem:
    rng = random.Random(seed)
    chosen = rng.sample(list(problem.students), count)
    return replace(problem, locks={s.id: rng.choice(problem.briefs).id for s in chosen})


@pytest.mark.parametrize("seed", range(6))
def test_rerun_after_locks_is_optimal_and_keeps_the_locks(seed: int) -> None:
    problem = _problem(seed)
    first = solve(problem)
    locked = _with_random_locks(problem, seed)
    again = resolve(locked, first.assignment)
    assert again.optimal and again.bound is not None
    assert again.objective == pytest.approx(_brute_force_best(locked))
    assert all(again.assignment.get(s) == b for s, b in locked.locks.items())
    assert not [u for u in again.unmet if u.kind in ("lock_broken", "team_size")]


@pytest.mark.parametrize("seed", range(20))
def test_large_problem_path_keeps_locks_and_team_rules(seed: int) -> None:
    """certify_below=0 takes the path used above 4,000 candidate pairs (team counts kept)."""
    problem = _problem(seed, n_students=14, n_briefs=5)
    first = solve(problem)
    locked = _with_random_locks(problem, seed, count=3)
    again = resolve(locked, first.assignment, certify_below=0)
    full = solve(locked)
    assert again.model_objective is not None and full.model_objective is not None
    assert again.model_objective <= full.model_objective + 1e-6
    assert not [u for u in again.unmet if u.kind == "team_size"]
    if again.status == "incremental":  # kept teams sufficed: every lock is kept
        assert all(again.assignment.get(s) == b for s, b in locked.locks.items())
        assert again.bound is None and not again.optimal
    counts: dict[str, int] = {}
    for bid in again.assignment.values():
        counts[bid] = counts.get(bid, 0) + 1
    for brief in locked.briefs:
        assert counts.get(brief.id, 0) <= brief.places


def test_nothing_changed_nothing_moves() -> None:
    for seed in range(5):
        problem = _problem(seed, n_students=14, n_briefs=5)
        first = solve(problem)
        for certify_below in (0, 4000):
            again = resolve(problem, first.assignment, certify_below=certify_below)
            assert moved(first.assignment, again.assignment) == 0
            assert again.model_objective == pytest.approx(first.model_objective)


def test_a_lock_moves_only_what_it_must() -> None:
    """Two briefs with spare places: locking one student elsewhere moves that student only,
    although a full re-solve would be free to reshuffle the equally good rest."""
    students = [StudentIn(f"s{i}", frozenset({"x"})) for i in range(6)]
    briefs = [BriefIn("p", 6, 1, 6, 1, ("x",)), BriefIn("q", 6, 1, 6, 1, ("x",))]
    fit = {(s.id, b.id): 0.5 for s in students for b in briefs}
    problem = Problem(students, briefs, fit)
    previous = {f"s{i}": ("p" if i < 3 else "q") for i in range(6)}
    again = resolve(replace(problem, locks={"s0": "q"}), previous)
    assert again.optimal
    assert again.assignment == previous | {"s0": "q"}


def test_students_who_left_and_joined() -> None:
    problem = _problem(3, n_students=10, n_briefs=4)
    first = solve(problem)
    gone = next(iter(first.assignment))
    newcomer = StudentIn("new", frozenset({"a", "b"}))
    changed = replace(
        problem,
        students=[s for s in problem.students if s.id != gone] + [newcomer],
        fit={k: v for k, v in problem.fit.items() if k[0] != gone}
        | {("new", b.id): 0.9 for b in problem.briefs},
    )
    for certify_below in (0, 4000):
        again = resolve(changed, first.assignment, certify_below=certify_below)
        assert gone not in again.assignment
        assert "new" in again.assignment
        assert not [u for u in again.unmet if u.kind == "team_size"]


def test_deterministic() -> None:
    problem = _problem(11, n_students=14, n_briefs=5)
    first = solve(problem)
    locked = _with_random_locks(problem, 11, count=3)
    runs = [resolve(locked, first.assignment, certify_below=0) for _ in range(3)]
    assert all(r.assignment == runs[0].assignment for r in runs)
    assert all(r.teams == runs[0].teams for r in runs)


def test_impossible_kept_teams_fall_back_to_the_full_program() -> None:
    """The lock needs a second member on q (team_min 2), and p's kept single team cannot give
    one up: the kept team counts are infeasible, so the whole program is solved."""
    students = [StudentIn(f"s{i}", frozenset()) for i in range(4)]
    briefs = [BriefIn("p", 4, 4, 4, 1, ()), BriefIn("q", 2, 2, 2, 1, ())]
    fit = {(s.id, b.id): 0.5 for s in students for b in briefs}
    problem = Problem(students, briefs, fit, locks={"s0": "q"})
    previous = {f"s{i}": "p" for i in range(4)}
    again = resolve(problem, previous, certify_below=0)
    assert again.assignment.get("s0") == "q"
    assert not [u for u in again.unmet if u.kind == "team_size"]


# --- The service and API (database) -------------------------------------------------------------


def _class_of(world: object, size: int) -> tuple[object, list[object]]:
    from talentbridge.accounts.models import User
    from talentbridge.community.models import OrganizationMembership
    from talentbridge.projects.models import Adoption
    from talentbridge.projects.tests.factories import make_brief, make_offering

    w = world
    students = []
    for i in range(size):
        user = User.objects.create_user(f"student{i}@example.org", "pw", display_name=f"S{i}")
        OrganizationMembership.objects.create(
            user=user,
            organization=w.college,  # type: ignore[attr-defined]
            role="student",
        )
        students.append(user)
    offering = make_offering(w, students)
    for title in ("主图", "详情页"):
        brief = make_brief(w, places=4, title_zh=title, team_size_min=1, team_size_max=2)
        Adoption.objects.create(
            brief=brief,
            offering=offering,
            assessment_weight=30,
            adopted_by=w.users["tina"],  # type: ignore[attr-defined]
        )
    return offering, students


@pytest.mark.django_db
def test_service_rerun_starts_from_the_base_run_and_keeps_locks(world: object) -> None:
    from talentbridge.projects import services

    offering, _students = _class_of(world, 6)
    tina = world.users["tina"]  # type: ignore[attr-defined]
    first = services.allocation_run(actor=tina, offering=offering)
    assert first.base is None and first.moved is None
    placed = {r["student"]: r["brief"] for r in first.assignments}
    briefs = sorted({str(a.brief_id) for a in offering.adoptions.all()})
    student = sorted(placed)[0]
    other = next(b for b in briefs if b != placed[student])
    again = services.allocation_run(
        actor=tina, offering=offering, locks={student: other}, base=first
    )
    rows = {r["student"]: r["brief"] for r in again.assignments}
    assert rows[student] == other
    assert again.base == first and again.optimal
    assert again.moved == moved(placed, rows) and again.moved >= 1
    assert not [u for u in again.unmet if u["kind"] == "lock_broken"]


@pytest.mark.django_db
def test_api_rerun_with_base_and_a_base_of_another_class(world: object) -> None:
    from rest_framework.test import APIClient

    from talentbridge.projects import services
    from talentbridge.projects.tests.factories import make_offering

    offering, _students = _class_of(world, 4)
    tina = world.users["tina"]  # type: ignore[attr-defined]
    first = services.allocation_run(actor=tina, offering=offering)
    client = APIClient()
    client.force_authenticate(tina)
    url = f"/api/v1/course-offerings/{offering.pk}/allocation-runs/"
    response = client.post(url, {"base": str(first.pk)}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["base_id"] == str(first.pk) and response.json()["moved"] == 0
    elsewhere = make_offering(world, [], code="DM102")
    response = client.post(
        f"/api/v1/course-offerings/{elsewhere.pk}/allocation-runs/",
        {"base": str(first.pk)},
        format="json",
    )
    assert response.status_code in (400, 409), response.content
