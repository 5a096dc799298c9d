"""The judge-effects model on planted data (pure engine, no database)."""

from __future__ import annotations

import numpy as np
from scipy.stats import kendalltau

from talentbridge.competitions.engine.files import ScoreRow, Scores
from talentbridge.competitions.engine.judging import (
    Ratings,
    bootstrap_interval,
    fit,
    judge_report,
    judge_z_mean,
    rank,
    raw_mean,
)
from talentbridge.competitions.engine.simulation import simulate


def _ratings(seed: int, n: int, **kwargs: object) -> tuple[Ratings, np.ndarray, np.ndarray]:
    sim = simulate(seed, n, **kwargs)  # type: ignore[arg-type]
    scores = Scores([ScoreRow(0, e, j, c, s, 1.0) for e, j, c, s in sim.rows])
    ratings = Ratings.from_triples(scores.per_entry_judge())
    truth = np.array([sim.truth[e] for e in ratings.entries])
    on_scale = np.array([sim.truth_on_score_scale[e] for e in ratings.entries])
    return ratings, truth, on_scale


def test_a_harsh_judge_is_recognised_and_does_not_sink_the_entries_they_saw() -> None:
    rng = np.random.default_rng(3)
    quality = {f"E{i}": float(q) for i, q in enumerate(rng.normal(70, 8, 40))}
    severity = {"J1": 0.0, "J2": 0.0, "J3": -15.0, "J4": 0.0}
    triples = []
    for i, (entry, q) in enumerate(quality.items()):
        # J3 (harsh) sees the first half only; everybody else overlaps
        panel = ["J1", "J2", "J3"] if i < 20 else ["J1", "J2", "J4"]
        for judge in panel:
            triples.append((entry, judge, q + severity[judge] + float(rng.normal(0, 1))))
    ratings = Ratings.from_triples(triples)
    model = fit(ratings)
    sev = dict(zip(ratings.judges, model.severity, strict=True))
    assert sev["J3"] < sev["J1"] - 10
    truth = np.array([quality[e] for e in ratings.entries])
    assert kendalltau(model.score, truth)[0] > kendalltau(raw_mean(ratings), truth)[0] + 0.05
    report = {r.judge: r for r in judge_report(ratings, model)}
    assert report["J3"].severity < -10 and report["J3"].consistency > 0.9


def test_beats_raw_mean_and_z_score_when_judges_differ() -> None:
    ratings, truth, _ = _ratings(2024, 600)
    ours = kendalltau(fit(ratings).score, truth)[0]
    assert ours > kendalltau(raw_mean(ratings), truth)[0] + 0.03
    assert ours > kendalltau(judge_z_mean(ratings), truth)[0] + 0.01


def test_intervals_cover_the_planted_truth_about_90_percent() -> None:
    ratings, _, on_scale = _ratings(2025, 500)
    model = fit(ratings)
    low, high = bootstrap_interval(ratings, model, replicates=40, seed=1)
    assert np.all(low <= model.score) and np.all(model.score <= high)
    coverage = float(np.mean((on_scale >= low) & (on_scale <= high)))
    assert 0.8 <= coverage <= 0.98


def test_ranking_is_reproducible_and_independent_of_row_order() -> None:
    ratings, _, _ = _ratings(7, 300)
    triples = list(
        zip(
            [ratings.entries[i] for i in ratings.entry_idx],
            [ratings.judges[j] for j in ratings.judge_idx],
            ratings.y.tolist(),
            strict=True,
        )
    )
    first, _ = rank(Ratings.from_triples(triples), replicates=20)
    again, _ = rank(Ratings.from_triples(list(reversed(triples))), replicates=20)
    assert [r.entry for r in first] == [r.entry for r in again]
    assert [r.rank for r in first] == list(range(1, len(first) + 1))
    assert np.allclose([r.score for r in first], [r.score for r in again])
    assert np.allclose([r.low for r in first], [r.low for r in again])


def test_disconnected_panels_are_reported() -> None:
    triples = [("A", "J1", 5.0), ("A", "J2", 6.0), ("B", "J3", 7.0), ("B", "J4", 8.0)]
    assert fit(Ratings.from_triples(triples)).components == 2


def test_a_tiny_file_does_not_claim_certainty() -> None:
    triples = [
        ("E1", "J1", 8.0), ("E1", "J2", 6.0), ("E2", "J1", 5.0), ("E2", "J2", 3.0),
        ("E3", "J1", 9.0), ("E3", "J3", 7.0), ("E2", "J3", 4.0),
    ]  # fmt: skip
    ranked, _ = rank(Ratings.from_triples(triples), replicates=30)
    assert [r.entry for r in ranked] == ["E3", "E1", "E2"]
    assert all(r.high - r.low > 0.5 for r in ranked)
