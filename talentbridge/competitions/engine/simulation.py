"""Simulated competitions with a planted true quality, for the benchmark and the tests.

Judges differ in severity, scale and noise; entries sit in panels (tracks) of different
average strength and each panel is scored by its own judges, with the cross-panel links that
``assignment.assign`` makes. ``identical_judges=True`` gives every judge the same severity,
scale and noise (the case where the raw mean is already right).

Pure Python + numpy; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from talentbridge.competitions.engine.assignment import assign

CRITERIA = ("idea", "craft", "market_fit")


@dataclass(frozen=True)
class Simulated:
    rows: list[tuple[str, str, str, float]]  # entry, judge, criterion, score
    truth: dict[str, float]  # entry -> planted quality (in units of the average judge)
    truth_on_score_scale: dict[str, float]  # what the average judge would give, noise-free


def simulate(
    seed: int,
    n_entries: int,
    *,
    k: int = 3,
    load: int = 30,
    identical_judges: bool = False,
    panel_spread: float = 0.5,
) -> Simulated:
    rng = np.random.default_rng(seed)
    n_panels = max(3, n_entries // 300)
    n_judges = max(3 * n_panels, int(np.ceil(n_entries * k / load)))
    panel_offset = rng.normal(0.0, panel_spread, n_panels)
    entries = [f"E{i:05d}" for i in range(n_entries)]
    panel_of_entry = rng.integers(0, n_panels, n_entries)
    truth = panel_offset[panel_of_entry] + rng.normal(0.0, 1.0, n_entries)
    judges = [f"J{j:04d}" for j in range(n_judges)]
    panel_of_judge = np.arange(n_judges) % n_panels
    if identical_judges:
        severity = np.zeros(n_judges)
        scale = np.ones(n_judges)
        noise = np.full(n_judges, 5.0)
    else:
        severity = rng.normal(0.0, 6.0, n_judges)
        scale = rng.lognormal(0.0, 0.3, n_judges)
        noise = rng.uniform(2.0, 8.0, n_judges)
    plan = assign(
        [(e, str(p)) for e, p in zip(entries, panel_of_entry.tolist(), strict=True)],
        [(j, str(p)) for j, p in zip(judges, panel_of_judge.tolist(), strict=True)],
        k=k,
        seed=seed,
    )
    e_pos = {e: i for i, e in enumerate(entries)}
    j_pos = {j: i for i, j in enumerate(judges)}
    rows: list[tuple[str, str, str, float]] = []
    facet = rng.normal(0.0, 0.3, (n_entries, len(CRITERIA)))
    for entry, js in plan.judges_of.items():
        e = e_pos[entry]
        for judge in js:
            j = j_pos[judge]
            for c, criterion in enumerate(CRITERIA):
                value = 70 + severity[j] + scale[j] * 8.0 * (truth[e] + facet[e, c])
                value += rng.normal(0.0, noise[j])
                rows.append((entry, judge, criterion, float(np.clip(np.round(value), 0, 100))))
    used = np.array([plan.loads[j] > 0 for j in judges])
    mean_sev = float(np.mean(severity[used]))
    mean_scale = float(np.mean(scale[used]))
    return Simulated(
        rows=rows,
        truth={e: float(truth[i]) for i, e in enumerate(entries)},
        truth_on_score_scale={
            e: 70 + mean_sev + mean_scale * 8.0 * float(truth[i]) for i, e in enumerate(entries)
        },
    )
