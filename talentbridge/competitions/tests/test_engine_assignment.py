"""Judge assignment: k judges per entry, no conflicts, balanced loads, a connected graph."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.competitions.engine.assignment import AssignmentError, assign


def _instance(seed: int, n_entries: int, n_judges: int, panels: int, coi_per_entry: int):
    rng = random.Random(seed)
    judges = [(f"J{j}", str(j % panels)) for j in range(n_judges)]
    entries = [(f"E{i}", str(rng.randrange(panels))) for i in range(n_entries)]
    by_panel: dict[str, list[str]] = {}
    for j, p in judges:
        by_panel.setdefault(p, []).append(j)
    conflicts = [
        (e, j)
        for e, p in entries
        for j in rng.sample(by_panel[p], min(coi_per_entry, len(by_panel[p])))
    ]
    return entries, judges, conflicts


def _check(entries, judges, conflicts, k, plan) -> None:  # type: ignore[no-untyped-def]
    banned = set(conflicts)
    assert set(plan.judges_of) == {e for e, _ in entries}
    for entry, js in plan.judges_of.items():
        assert len(js) >= k and len(set(js)) == len(js)
        assert not any((entry, j) in banned for j in js)
    counted = Counter(j for js in plan.judges_of.values() for j in js)
    assert all(plan.loads[j] == counted.get(j, 0) for j, _ in judges)
    assert plan.components == 1


def test_large_instance_is_valid_balanced_and_connected() -> None:
    entries, judges, conflicts = _instance(1, 3000, 90, 6, 2)
    plan = assign(entries, judges, k=3, conflicts=conflicts)
    _check(entries, judges, conflicts, 3, plan)
    loads = list(plan.loads.values())
    assert max(loads) - min(loads) <= 3


def test_separate_panels_are_bridged() -> None:
    entries = [(f"E{i}", "a" if i < 10 else "b") for i in range(20)]
    judges = [(f"J{j}", "a" if j < 3 else "b") for j in range(6)]
    plan = assign(entries, judges, k=3, cross_panel_share=0.0)
    _check(entries, judges, [], 3, plan)
    assert plan.bridges == 1


def test_impossible_conflicts_name_the_entry() -> None:
    entries = [("E1", "a")]
    judges = [("J1", "a"), ("J2", "a"), ("J3", "a")]
    with pytest.raises(AssignmentError) as info:
        assign(entries, judges, k=3, conflicts=[("E1", "J2")])
    assert info.value.entry == "E1" and info.value.found == 2


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_entries=st.integers(1, 60),
    n_judges=st.integers(6, 15),
    panels=st.integers(1, 3),
    k=st.integers(1, 3),
)
def test_property_any_feasible_instance(
    seed: int, n_entries: int, n_judges: int, panels: int, k: int
) -> None:
    entries, judges, conflicts = _instance(seed, n_entries, n_judges, panels, 1)
    plan = assign(entries, judges, k=k, conflicts=conflicts, seed=seed)
    _check(entries, judges, conflicts, k, plan)
