"""Competitions benchmark (simulation with a planted truth; not a test).

1. Ranking: Kendall tau to the truth and precision of the top 10 for the raw mean, the
   per-judge z-score and the judge-effects model, 20 seeds x 300/1,000/3,000 entries, judges
   with different severity, scale and noise, panels of different strength; the same with
   identical judges; coverage of the 90 % intervals.
2. Pairwise final: tau on the 30 finalists after 120/240/480 comparisons, adaptive pairs
   (Crowd-BT expected information gain, 25 % random) vs random pairs, both ranked by the batch
   Crowd-BT fit (seeds 100-119, 8 judges of reliability 0.7-1.0).
3. Assignment: 10,000 entries x 300 judges, k = 3, conflicts of interest, CPU seconds.

    .venv/bin/python bench/competitions/run.py [--seeds 20] [--part ranking|pairwise|assignment]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time

import numpy as np
from common import ratings_of, simulate, tau, top_precision

from talentbridge.competitions.engine.assignment import assign
from talentbridge.competitions.engine.judging import bootstrap_interval, fit, judge_z_mean, raw_mean
from talentbridge.competitions.engine.pairwise import CrowdBT, fit_strengths

SIZES = (300, 1000, 3000)
CHECKPOINTS = (120, 240, 480)


def ranking(seeds: int) -> None:
    print(
        "| judges | entries | seeds | tau raw mean | tau z-score | tau ours | top-10 raw | "
        "top-10 z | top-10 ours | ours − best baseline (tau) | 90 % interval coverage |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for identical in (False, True):
        for n in SIZES:
            rows = []
            for seed in range(seeds):
                sim = simulate(seed, n, identical_judges=identical)
                ratings = ratings_of(sim)
                truth = np.array([sim.truth[e] for e in ratings.entries])
                on_scale = np.array([sim.truth_on_score_scale[e] for e in ratings.entries])
                model = fit(ratings)
                low, high = bootstrap_interval(ratings, model, seed=seed)
                raw, z, ours = raw_mean(ratings), judge_z_mean(ratings), model.score
                rows.append(
                    (
                        tau(raw, truth),
                        tau(z, truth),
                        tau(ours, truth),
                        top_precision(raw, truth),
                        top_precision(z, truth),
                        top_precision(ours, truth),
                        float(np.mean((on_scale >= low) & (on_scale <= high))),
                    )
                )
            m = [statistics.fmean(col) for col in zip(*rows, strict=True)]
            gaps = [r[2] - max(r[0], r[1]) for r in rows]
            print(
                f"| {'identical' if identical else 'different'} | {n} | {seeds} | {m[0]:.3f} | "
                f"{m[1]:.3f} | **{m[2]:.3f}** | {m[3]:.2f} | {m[4]:.2f} | {m[5]:.2f} | "
                f"{statistics.fmean(gaps):+.3f} (min {min(gaps):+.3f}, max {max(gaps):+.3f}) | "
                f"{m[6]:.3f} |",
                flush=True,
            )


def pairwise(seeds: int) -> None:
    results: dict[str, list[list[float]]] = {"adaptive": [], "random": []}
    for seed in range(100, 100 + seeds):
        rng = np.random.default_rng(seed)
        strength = rng.normal(0.0, 1.0, 30)
        entries = tuple(f"F{i:02d}" for i in range(30))
        judges = [f"J{j}" for j in range(8)]
        reliability = rng.uniform(0.7, 1.0, len(judges))
        for mode in results:
            pick = random.Random(seed)
            outcome = random.Random(seed + 10_000)
            model = CrowdBT(entries)
            curve = []
            log: list[tuple[str, str, str]] = []
            for step in range(1, CHECKPOINTS[-1] + 1):
                j = (step - 1) % len(judges)
                if mode == "adaptive":
                    a, b = model.next_pair(judges[j], pick)
                else:
                    a, b = pick.sample(entries, 2)
                ia, ib = entries.index(a), entries.index(b)
                p = 1 / (1 + np.exp(-(strength[ia] - strength[ib])))
                a_wins = outcome.random() < p
                if outcome.random() > reliability[j]:
                    a_wins = not a_wins
                model.record(judges[j], a if a_wins else b, b if a_wins else a)
                log.append((judges[j], a if a_wins else b, b if a_wins else a))
                if step in CHECKPOINTS:
                    curve.append(tau(fit_strengths(entries, log)[0], strength))
            results[mode].append(curve)
    print("| pairs chosen | seeds | " + " | ".join(f"tau after {c}" for c in CHECKPOINTS) + " |")
    print("|---|---|" + "---|" * len(CHECKPOINTS))
    for mode, curves in results.items():
        means = [statistics.fmean(c[i] for c in curves) for i in range(len(CHECKPOINTS))]
        print(f"| {mode} | {seeds} | " + " | ".join(f"{v:.3f}" for v in means) + " |")


def assignment() -> None:
    rng = random.Random(7)
    panels = 10
    judges = [(f"J{j:03d}", str(j % panels)) for j in range(300)]
    entries = [(f"E{i:05d}", str(rng.randrange(panels))) for i in range(10_000)]
    by_panel: dict[str, list[str]] = {}
    for j, p in judges:
        by_panel.setdefault(p, []).append(j)
    conflicts = [(e, j) for e, p in entries for j in rng.sample(by_panel[p], 2)]
    for label, share in (
        ("10 panels, 10 % cross-panel", 0.1),
        ("10 panels, none cross-panel", 0.0),
    ):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        plan = assign(entries, judges, k=3, conflicts=conflicts, cross_panel_share=share)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        loads = list(plan.loads.values())
        bad = sum(1 for e, j in conflicts if j in plan.judges_of[e])
        print(
            f"| {label} | 10,000 × 300, k = 3, {len(conflicts):,} conflicts | {cpu:.2f} | "
            f"{wall:.2f} | {min(loads)}–{max(loads)} | {plan.components} | {plan.bridges} | {bad} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--part", choices=("ranking", "pairwise", "assignment"))
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {machine}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load {os.getloadavg()}"
    )
    if args.part in (None, "assignment"):
        print("| case | size | CPU s | wall s | loads | components | bridges | conflicts broken |")
        print("|---|---|---|---|---|---|---|---|")
        assignment()
    if args.part in (None, "pairwise"):
        pairwise(args.seeds)
    if args.part in (None, "ranking"):
        ranking(args.seeds)
    print(f"# load at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
