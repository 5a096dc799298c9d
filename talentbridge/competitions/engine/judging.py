"""Judge-effects model: additive severity and a per-judge scale, fitted by alternating least
squares with shrinkage, and a bootstrap interval per entry.

Model, for the weighted rubric score ``y`` that judge ``j`` gave entry ``e``::

    y = mu + a_j + s_j * q_e + noise,    noise ~ N(0, sigma_j^2)

``a_j`` is the judge's severity (negative = harsh), ``s_j`` the judge's scale (how far apart the
judge spreads entries; 1 = the average judge), ``q_e`` the entry's quality on the score scale of
the average judge. Priors shrink ``a`` to 0, ``s`` to 1 and ``q`` to 0 (empirical Bayes for the
variances of ``a`` and ``q``), so a judge who scored two entries cannot move the ranking much.
The reported score of an entry is ``mu + q_e``: what the average judge of this competition would
have given it. Judges are tied together only through the entries they share: the judge–entry
graph must be connected (``assignment.assign`` guarantees it), otherwise the severities of two
disconnected panels are not comparable and the fit says so (``components`` > 1).

Pure Python + numpy; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Prior standard deviation of a judge's scale around 1 (a judge spreading scores 30 % wider
# or narrower than the average is common; 3x is not).
SCALE_PRIOR_SD = 0.3
# Pseudo-observations behind the pooled noise variance when a judge's own one is estimated.
NOISE_PRIOR_WEIGHT = 4.0
# Prior of the pooled noise: half the spread of all scores, worth this many observations (it
# keeps a tiny file — every entry seen by one or two judges — from claiming no noise at all).
NOISE_PRIOR_SHARE = 0.5
NOISE_PRIOR_POOLED = 10.0
# The bootstrap interval of the residual bootstrap is widened by this factor so that the 90 %
# intervals cover the planted truth 90 % of the time in simulation. Calibrated on the
# calibration seeds of bench/competitions/calibrate.py (seeds 1000-1019, never the bench
# seeds 0-19); ADR 0019 records the run.
INTERVAL_WIDENING = 2.0
Z90 = 1.6448536269514722


@dataclass(frozen=True)
class Ratings:
    """Observations as parallel arrays: entry index, judge index, score."""

    entries: tuple[str, ...]
    judges: tuple[str, ...]
    entry_idx: np.ndarray
    judge_idx: np.ndarray
    y: np.ndarray

    @classmethod
    def from_triples(cls, triples: Sequence[tuple[str, str, float]]) -> Ratings:
        """Observations in a canonical order (entry, judge), so that everything downstream —
        the bootstrap included — is independent of the order of the input rows."""
        triples = sorted(triples, key=lambda t: (t[0], t[1]))
        entries = tuple(sorted({t[0] for t in triples}))
        judges = tuple(sorted({t[1] for t in triples}))
        e_pos = {e: i for i, e in enumerate(entries)}
        j_pos = {j: i for i, j in enumerate(judges)}
        return cls(
            entries=entries,
            judges=judges,
            entry_idx=np.fromiter((e_pos[t[0]] for t in triples), dtype=np.int64),
            judge_idx=np.fromiter((j_pos[t[1]] for t in triples), dtype=np.int64),
            y=np.fromiter((float(t[2]) for t in triples), dtype=np.float64),
        )

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def n_judges(self) -> int:
        return len(self.judges)


@dataclass
class Fit:
    mu: float
    severity: np.ndarray  # a_j
    scale: np.ndarray  # s_j
    noise_sd: np.ndarray  # sigma_j
    quality: np.ndarray  # q_e (score scale of the average judge, centred)
    quality_sd: np.ndarray  # posterior sd of q_e given the judge parameters
    iterations: int
    components: int

    @property
    def score(self) -> np.ndarray:
        return self.mu + self.quality


def _bincount(idx: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(idx, weights=weights, minlength=n)


def connected_components(ratings: Ratings) -> int:
    """Number of connected components of the judge–entry graph (union-find over judges)."""
    parent = list(range(ratings.n_judges))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_judge: dict[int, int] = {}
    for e, j in zip(ratings.entry_idx.tolist(), ratings.judge_idx.tolist(), strict=True):
        if e in first_judge:
            ra, rb = find(first_judge[e]), find(j)
            if ra != rb:
                parent[ra] = rb
        else:
            first_judge[e] = j
    return len({find(j) for j in range(ratings.n_judges)})


def fit(
    ratings: Ratings,
    *,
    max_iterations: int = 500,
    tol: float = 1e-7,
    start: Fit | None = None,
    y: np.ndarray | None = None,
    components: int | None = None,
) -> Fit:
    """Penalised least squares by alternating updates (entries, then judges, then noise)."""
    e_idx, j_idx = ratings.entry_idx, ratings.judge_idx
    y = ratings.y if y is None else y
    n_e, n_j = ratings.n_entries, ratings.n_judges
    n_per_judge = np.bincount(j_idx, minlength=n_j).astype(float)
    spread = float(np.std(y)) or 1.0
    if start is None:
        mu = float(np.mean(y))
        a = np.zeros(n_j)
        s = np.ones(n_j)
        counts = np.maximum(np.bincount(e_idx, minlength=n_e), 1)
        q = _bincount(e_idx, y - mu, n_e) / counts
        sigma2 = np.full(n_j, spread**2 / 2)
        tau_q2 = max(float(np.var(q)), 1e-6 * spread**2)
        tau_a2 = spread**2 / 4
    else:
        mu, a, s = start.mu, start.severity.copy(), start.scale.copy()
        q, sigma2 = start.quality.copy(), start.noise_sd**2
        tau_q2 = max(float(np.mean(q**2)), 1e-6 * spread**2)
        tau_a2 = max(float(np.mean(a**2)), 1e-6 * spread**2)
    tau_s2 = SCALE_PRIOR_SD**2
    floor = (1e-3 * spread) ** 2
    iterations = 0
    prec_q = np.ones(n_e)
    for iterations in range(1, max_iterations + 1):  # noqa: B007
        w = 1.0 / sigma2[j_idx]
        # entries
        r = y - mu - a[j_idx]
        sj = s[j_idx]
        prec_q = _bincount(e_idx, w * sj * sj, n_e) + 1.0 / tau_q2
        q_new = _bincount(e_idx, w * sj * r, n_e) / prec_q
        # judges: 2x2 normal equations per judge for (a_j, s_j)
        r = y - mu
        qe = q_new[e_idx]
        wj = 1.0 / sigma2
        s_q = _bincount(j_idx, qe, n_j)
        s_qq = _bincount(j_idx, qe * qe, n_j)
        s_r = _bincount(j_idx, r, n_j)
        s_rq = _bincount(j_idx, r * qe, n_j)
        m11 = wj * n_per_judge + 1.0 / tau_a2
        m12 = wj * s_q
        m22 = wj * s_qq + 1.0 / tau_s2
        b1 = wj * s_r
        b2 = wj * s_rq + 1.0 / tau_s2
        det = m11 * m22 - m12 * m12
        a_new = (b1 * m22 - m12 * b2) / det
        s_new = np.maximum((m11 * b2 - m12 * b1) / det, 0.05)
        # identification: average judge has severity 0 and scale 1, qualities centred
        shift = float(np.mean(q_new))
        q_new = q_new - shift
        a_new = a_new + s_new * shift
        mean_s = float(np.mean(s_new))
        s_new = s_new / mean_s
        q_new = q_new * mean_s
        prec_q = prec_q / mean_s**2
        mean_a = float(np.mean(a_new))
        a_new = a_new - mean_a
        mu_new = mu + mean_a
        # noise per judge, shrunk to the pooled variance
        resid = y - mu_new - a_new[j_idx] - s_new[j_idx] * q_new[e_idx]
        ssr = _bincount(j_idx, resid * resid, n_j)
        pooled = max(
            (float(np.sum(ssr)) + NOISE_PRIOR_POOLED * (NOISE_PRIOR_SHARE * spread) ** 2)
            / (max(len(y) - n_e - n_j, 0) + NOISE_PRIOR_POOLED),
            floor,
        )
        sigma2_new = np.maximum(
            (ssr + NOISE_PRIOR_WEIGHT * pooled) / (n_per_judge + NOISE_PRIOR_WEIGHT), floor
        )
        # empirical-Bayes prior variances (EM step)
        tau_q2 = max(float(np.mean(q_new**2 + 1.0 / prec_q)), 1e-6 * spread**2)
        tau_a2 = max(float(np.mean(a_new**2)) + 1e-3 * spread**2, 1e-6 * spread**2)
        change = max(
            float(np.max(np.abs(q_new - q))),
            float(np.max(np.abs(a_new - a))),
            float(np.max(np.abs(s_new - s))) * spread,
        )
        mu, a, s, q, sigma2 = mu_new, a_new, s_new, q_new, sigma2_new
        if change < tol * spread:
            break
    return Fit(
        mu=mu,
        severity=a,
        scale=s,
        noise_sd=np.sqrt(sigma2),
        quality=q,
        quality_sd=1.0 / np.sqrt(prec_q),
        iterations=iterations,
        components=connected_components(ratings) if components is None else components,
    )


@dataclass(frozen=True)
class Ranked:
    entry: str
    rank: int
    score: float
    low: float
    high: float


def bootstrap_interval(
    ratings: Ratings,
    model: Fit,
    *,
    replicates: int = 60,
    seed: int = 0,
    widening: float = INTERVAL_WIDENING,
) -> tuple[np.ndarray, np.ndarray]:
    """90 % interval per entry: residual bootstrap (standardised residuals resampled and put
    back with each judge's own noise), refit from the point estimate, percentile half-widths
    around the point estimate, widened by ``widening``."""
    rng = np.random.default_rng(seed)
    e_idx, j_idx = ratings.entry_idx, ratings.judge_idx
    fitted = model.mu + model.severity[j_idx] + model.scale[j_idx] * model.quality[e_idx]
    standardised = (ratings.y - fitted) / model.noise_sd[j_idx]
    standardised = standardised - standardised.mean()
    sd = float(standardised.std())
    standardised = standardised / sd if sd > 0 else np.zeros_like(standardised)
    draws = np.empty((replicates, ratings.n_entries))
    for b in range(replicates):
        noise = rng.choice(standardised, size=len(fitted), replace=True) * model.noise_sd[j_idx]
        refit = fit(
            ratings,
            y=fitted + noise,
            start=model,
            max_iterations=40,
            tol=1e-4,
            components=model.components,
        )
        draws[b] = refit.score
    centre = model.score
    deviation = draws - centre
    lower = np.quantile(deviation, 0.05, axis=0)
    upper = np.quantile(deviation, 0.95, axis=0)
    # where a bootstrap is degenerate (too few replicates), fall back to the posterior sd
    floor = Z90 * model.quality_sd * 0.5
    lower = np.minimum(lower, -floor)
    upper = np.maximum(upper, floor)
    return centre + widening * lower, centre + widening * upper


def rank(ratings: Ratings, *, replicates: int = 60, seed: int = 0) -> tuple[list[Ranked], Fit]:
    """Best first; ties in score broken by entry id (so the output is reproducible)."""
    model = fit(ratings)
    low, high = bootstrap_interval(ratings, model, replicates=replicates, seed=seed)
    score = model.score
    order = sorted(
        range(ratings.n_entries), key=lambda i: (-round(float(score[i]), 9), ratings.entries[i])
    )
    ranked = [
        Ranked(ratings.entries[i], pos + 1, float(score[i]), float(low[i]), float(high[i]))
        for pos, i in enumerate(order)
    ]
    return ranked, model


def raw_mean(ratings: Ratings) -> np.ndarray:
    counts = np.maximum(np.bincount(ratings.entry_idx, minlength=ratings.n_entries), 1)
    return _bincount(ratings.entry_idx, ratings.y, ratings.n_entries) / counts


def judge_z_mean(ratings: Ratings) -> np.ndarray:
    """Baseline: each judge's scores standardised (their own mean and sd), then averaged."""
    j_idx, n_j = ratings.judge_idx, ratings.n_judges
    n = np.maximum(np.bincount(j_idx, minlength=n_j), 1).astype(float)
    mean = _bincount(j_idx, ratings.y, n_j) / n
    var = _bincount(j_idx, ratings.y**2, n_j) / n - mean**2
    sd = np.sqrt(np.maximum(var, 0.0))
    sd[sd == 0] = 1.0
    z = (ratings.y - mean[j_idx]) / sd[j_idx]
    counts = np.maximum(np.bincount(ratings.entry_idx, minlength=ratings.n_entries), 1)
    return _bincount(ratings.entry_idx, z, ratings.n_entries) / counts


@dataclass(frozen=True)
class JudgeReport:
    judge: str
    scored: int
    severity: float
    scale: float
    noise_sd: float
    consistency: float  # correlation of the judge's scores with the model's entry qualities
    outliers: tuple[str, ...]  # entries whose residual for this judge exceeds 3 noise sd


def judge_report(ratings: Ratings, model: Fit) -> list[JudgeReport]:
    e_idx, j_idx = ratings.entry_idx, ratings.judge_idx
    fitted = model.mu + model.severity[j_idx] + model.scale[j_idx] * model.quality[e_idx]
    z = (ratings.y - fitted) / model.noise_sd[j_idx]
    reports = []
    for j, name in enumerate(ratings.judges):
        mask = j_idx == j
        ys, qs = ratings.y[mask], model.quality[e_idx[mask]]
        if len(ys) > 2 and np.std(ys) > 0 and np.std(qs) > 0:
            consistency = float(np.corrcoef(ys, qs)[0, 1])
        else:
            consistency = float("nan")
        outliers = tuple(ratings.entries[e] for e in e_idx[mask][np.abs(z[mask]) > 3.0])
        reports.append(
            JudgeReport(
                judge=name,
                scored=int(mask.sum()),
                severity=float(model.severity[j]),
                scale=float(model.scale[j]),
                noise_sd=float(model.noise_sd[j]),
                consistency=consistency,
                outliers=outliers,
            )
        )
    return reports
