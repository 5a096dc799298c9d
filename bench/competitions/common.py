"""Shared helpers of the competitions benchmark (simulated data, metrics)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.stats import kendalltau

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from talentbridge.competitions.engine.files import ScoreRow, Scores  # noqa: E402
from talentbridge.competitions.engine.judging import Ratings  # noqa: E402
from talentbridge.competitions.engine.simulation import Simulated, simulate  # noqa: E402


def ratings_of(sim: Simulated) -> Ratings:
    scores = Scores([ScoreRow(0, e, j, c, s, 1.0) for e, j, c, s in sim.rows])
    return Ratings.from_triples(scores.per_entry_judge())


def tau(estimate: np.ndarray, truth: np.ndarray) -> float:
    return float(kendalltau(estimate, truth)[0])


def top_precision(estimate: np.ndarray, truth: np.ndarray, n: int = 10) -> float:
    best = set(np.argsort(-truth, kind="stable")[:n].tolist())
    picked = set(np.argsort(-estimate, kind="stable")[:n].tolist())
    return len(best & picked) / n


__all__ = ["ROOT", "ratings_of", "simulate", "tau", "top_precision"]
