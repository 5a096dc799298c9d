"""Crowd-BT (Chen, Bennett, Collins-Thompson & Horvitz, WSDM 2013) for pairwise finals, with
adaptive pair choice by expected information gain, as in Gavel.

Each entry has a Gaussian belief (mu, sigma^2) on its Bradley–Terry strength; each judge a
Beta(alpha, beta) belief on the probability that they judge in line with the truth (a careless
or adversarial judge is learned and discounted). ``record`` is the online moment-matching
update; ``next_pair`` picks the pair whose answer is expected to teach the most (KL of the
updated beliefs, averaged over both outcomes).

Pure Python + numpy/scipy; no Django.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import betaln, digamma, expit

Num = Any  # a float or a numpy array (the formulas are vectorised)

MU_PRIOR = 0.0
SIGMA_SQ_PRIOR = 1.0
ALPHA_PRIOR = 10.0
BETA_PRIOR = 1.0
GAMMA = 0.1  # weight of what is learned about the judge vs about the entries
KAPPA = 1e-4  # floor of the variance shrink factor
# Share of random pairs in the adaptive choice (Gavel's epsilon-greedy uses 0.25; chosen on
# simulation seeds 0-11, the benchmark runs seeds 100-119).
EXPLORE = 0.25


def _annotator_update(alpha: Num, beta: Num, mu_w: Num, s2_w: Num, mu_l: Num, s2_l: Num) -> Any:
    p = expit(mu_w - mu_l)
    c1 = p + 0.5 * (s2_w + s2_l) * p * (1 - p) * (1 - 2 * p)
    c2 = 1 - c1
    c = (c1 * alpha + c2 * beta) / (alpha + beta)
    expt = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (
        c * (alpha + beta + 1) * (alpha + beta)
    )
    expt_sq = (c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) / (
        c * (alpha + beta + 2) * (alpha + beta + 1) * (alpha + beta)
    )
    variance = np.maximum(expt_sq - expt**2, 1e-12)
    new_alpha = (expt - expt_sq) * expt / variance
    new_beta = (expt - expt_sq) * (1 - expt) / variance
    return np.maximum(new_alpha, 1e-3), np.maximum(new_beta, 1e-3)


def _mus_update(alpha: Num, beta: Num, mu_w: Num, s2_w: Num, mu_l: Num, s2_l: Num) -> Any:
    mult = expit(mu_w - mu_l + np.log(alpha) - np.log(beta)) - expit(mu_w - mu_l)
    return mu_w + s2_w * mult, mu_l - s2_l * mult


def _sigmas_update(alpha: Num, beta: Num, mu_w: Num, s2_w: Num, mu_l: Num, s2_l: Num) -> Any:
    pa = expit(mu_w - mu_l + np.log(alpha) - np.log(beta))
    p = expit(mu_w - mu_l)
    mult = pa * (1 - pa) - p * (1 - p)
    return s2_w * np.maximum(1 + s2_w * mult, KAPPA), s2_l * np.maximum(1 + s2_l * mult, KAPPA)


def _kl_gaussian(mu1: Num, s21: Num, mu2: Num, s22: Num) -> Any:
    ratio = s21 / s22
    return (mu1 - mu2) ** 2 / (2 * s22) + (ratio - 1 - np.log(ratio)) / 2


def _kl_beta(a1: Num, b1: Num, a2: Num, b2: Num) -> Any:
    return (
        betaln(a2, b2)
        - betaln(a1, b1)
        + (a1 - a2) * digamma(a1)
        + (b1 - b2) * digamma(b1)
        + (a2 - a1 + b2 - b1) * digamma(a1 + b1)
    )


def expected_information_gain(
    alpha: Num, beta: Num, mu_a: Num, s2_a: Num, mu_b: Num, s2_b: Num
) -> Any:
    """Vectorised over arrays of candidate pairs (a, b)."""
    a1, b1 = _annotator_update(alpha, beta, mu_a, s2_a, mu_b, s2_b)
    mu_a1, mu_b1 = _mus_update(alpha, beta, mu_a, s2_a, mu_b, s2_b)
    s2_a1, s2_b1 = _sigmas_update(alpha, beta, mu_a, s2_a, mu_b, s2_b)
    p_a = alpha / (alpha + beta) * expit(mu_a - mu_b) + beta / (alpha + beta) * expit(mu_b - mu_a)
    a2, b2 = _annotator_update(alpha, beta, mu_b, s2_b, mu_a, s2_a)
    mu_b2, mu_a2 = _mus_update(alpha, beta, mu_b, s2_b, mu_a, s2_a)
    s2_b2, s2_a2 = _sigmas_update(alpha, beta, mu_b, s2_b, mu_a, s2_a)
    gain_a = (
        _kl_gaussian(mu_a1, s2_a1, mu_a, s2_a)
        + _kl_gaussian(mu_b1, s2_b1, mu_b, s2_b)
        + GAMMA * _kl_beta(a1, b1, alpha, beta)
    )
    gain_b = (
        _kl_gaussian(mu_a2, s2_a2, mu_a, s2_a)
        + _kl_gaussian(mu_b2, s2_b2, mu_b, s2_b)
        + GAMMA * _kl_beta(a2, b2, alpha, beta)
    )
    return p_a * gain_a + (1 - p_a) * gain_b


@dataclass
class CrowdBT:
    entries: tuple[str, ...]
    mu: np.ndarray = field(init=False)
    sigma_sq: np.ndarray = field(init=False)
    judges: dict[str, tuple[float, float]] = field(default_factory=dict)
    seen: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pos = {e: i for i, e in enumerate(self.entries)}
        self.mu = np.full(len(self.entries), MU_PRIOR)
        self.sigma_sq = np.full(len(self.entries), SIGMA_SQ_PRIOR)

    def judge(self, name: str) -> tuple[float, float]:
        return self.judges.get(name, (ALPHA_PRIOR, BETA_PRIOR))

    def record(self, judge: str, winner: str, loser: str) -> None:
        w, lo = self.pos[winner], self.pos[loser]
        alpha, beta = self.judge(judge)
        args = (alpha, beta, self.mu[w], self.sigma_sq[w], self.mu[lo], self.sigma_sq[lo])
        new_alpha, new_beta = _annotator_update(*args)
        mu_w, mu_l = _mus_update(*args)
        s2_w, s2_l = _sigmas_update(*args)
        self.mu[w], self.mu[lo] = mu_w, mu_l
        self.sigma_sq[w], self.sigma_sq[lo] = s2_w, s2_l
        self.judges[judge] = (float(new_alpha), float(new_beta))
        self.seen.setdefault(judge, set()).add((min(w, lo), max(w, lo)))

    def next_pair(
        self, judge: str, rng: random.Random | None = None, *, explore: float = EXPLORE
    ) -> tuple[str, str]:
        """The pair (not yet compared by this judge) with the largest expected gain; with
        probability ``explore`` a random pair instead (pure greedy choice keeps comparing
        neighbours and learns the global order more slowly than random pairs do)."""
        rng = rng or random.Random(0)
        n = len(self.entries)
        if n < 2:
            raise ValueError("at least two entries are needed for a comparison")
        if rng.random() < explore:
            a, b = sorted(rng.sample(range(n), 2))
            return self.entries[a], self.entries[b]
        a_idx, b_idx = np.triu_indices(n, k=1)
        alpha, beta = self.judge(judge)
        gain = expected_information_gain(
            alpha, beta, self.mu[a_idx], self.sigma_sq[a_idx], self.mu[b_idx], self.sigma_sq[b_idx]
        )
        for a, b in self.seen.get(judge, ()):
            gain[a * n - a * (a + 1) // 2 + (b - a - 1)] = -np.inf
        if not np.isfinite(gain).any():
            gain = np.zeros_like(gain)
        best = np.flatnonzero(gain >= gain.max() - 1e-12)
        pick = int(best[rng.randrange(len(best))])
        return self.entries[a_idx[pick]], self.entries[b_idx[pick]]

    def interval(self) -> tuple[np.ndarray, np.ndarray]:
        sd = np.sqrt(self.sigma_sq)
        return self.mu - 1.6448536269514722 * sd, self.mu + 1.6448536269514722 * sd


def crowd_bt(entries: Sequence[str], comparisons: Sequence[tuple[str, str, str]]) -> CrowdBT:
    """Replay ``(judge, winner, loser)`` comparisons in order (the order is part of the log)."""
    model = CrowdBT(tuple(entries))
    for judge, winner, loser in comparisons:
        model.record(judge, winner, loser)
    return model


def fit_strengths(
    entries: Sequence[str],
    comparisons: Sequence[tuple[str, str, str]],
    *,
    rounds: int = 5,
) -> tuple[np.ndarray, dict[str, float], np.ndarray]:
    """Batch Crowd-BT: maximum a posteriori strengths (prior N(0, 1)) with each judge's
    reliability eta (P(the judge answers in line with the strengths)) re-estimated by EM;
    independent of the order of the comparisons. Returns strengths, reliabilities and the
    Laplace standard deviation of each strength."""
    from scipy.optimize import minimize

    pos = {e: i for i, e in enumerate(entries)}
    n = len(entries)
    judges = sorted({c[0] for c in comparisons})
    j_pos = {j: i for i, j in enumerate(judges)}
    w = np.array([pos[c[1]] for c in comparisons], dtype=np.int64)
    lo = np.array([pos[c[2]] for c in comparisons], dtype=np.int64)
    jj = np.array([j_pos[c[0]] for c in comparisons], dtype=np.int64)
    eta = np.full(len(judges), ALPHA_PRIOR / (ALPHA_PRIOR + BETA_PRIOR))
    x = np.zeros(n)

    def objective(s: np.ndarray) -> tuple[float, np.ndarray]:
        d = s[w] - s[lo]
        p = expit(d)
        e = eta[jj]
        like = e * p + (1 - e) * (1 - p)
        dlike = (2 * e - 1) * p * (1 - p) / like
        grad = s.copy()
        np.subtract.at(grad, w, dlike)
        np.add.at(grad, lo, dlike)
        return float(-np.sum(np.log(like)) + 0.5 * s @ s), grad

    for _ in range(rounds if len(comparisons) else 0):
        x = minimize(objective, x, jac=True, method="L-BFGS-B").x
        p = expit(x[w] - x[lo])
        # E step: posterior probability that each answer followed the strengths
        follow = eta[jj] * p / (eta[jj] * p + (1 - eta[jj]) * (1 - p))
        agree = np.bincount(jj, weights=follow, minlength=len(judges))
        total = np.bincount(jj, minlength=len(judges))
        eta = (agree + ALPHA_PRIOR) / (total + ALPHA_PRIOR + BETA_PRIOR)
    # Laplace approximation: diagonal of the Hessian
    p = expit(x[w] - x[lo])
    info = np.ones(n)
    curv = p * (1 - p) * (2 * eta[jj] - 1) ** 2
    np.add.at(info, w, curv)
    np.add.at(info, lo, curv)
    return x, {j: float(eta[j_pos[j]]) for j in judges}, 1.0 / np.sqrt(info)
