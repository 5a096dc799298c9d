"""Calibrates the widening factor of the bootstrap interval (engine.judging.INTERVAL_WIDENING)
on seeds 1000-1019 — never on the benchmark seeds 0-19 — so that 90 % intervals cover the
planted truth (on the score scale of the average judge) 90 % of the time.

    .venv/bin/python bench/competitions/calibrate.py
"""

from __future__ import annotations

import numpy as np
from common import ratings_of, simulate

from talentbridge.competitions.engine.judging import bootstrap_interval, fit


def main() -> None:
    ratios = []
    for i, seed in enumerate(range(1000, 1020)):
        n = (300, 1000, 3000)[i % 3]
        for identical in (False, True):
            sim = simulate(seed, n, identical_judges=identical)
            ratings = ratings_of(sim)
            model = fit(ratings)
            low, high = bootstrap_interval(ratings, model, widening=1.0, seed=seed)
            truth = np.array([sim.truth_on_score_scale[e] for e in ratings.entries])
            score = model.score
            below = truth < score
            r = np.where(below, (score - truth) / (score - low), (truth - score) / (high - score))
            ratios.append(r)
    allr = np.concatenate(ratios)
    print(f"entries: {len(allr)}; widening for 90 % coverage: {np.quantile(allr, 0.90):.3f}")


if __name__ == "__main__":
    main()
