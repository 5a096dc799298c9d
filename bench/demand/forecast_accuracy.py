"""Forecast accuracy on held-out months (bench only): the product's forecast against each
candidate alone and against the alternatives we tried (Theta, combinations), the empirical
coverage of the 80 % / 95 % intervals, and statsforecast on the same series in the same run
when ``bench/.venv-forecast`` exists (``forecast_peer.py``).

Series (``--source dashboard``): monthly new postings asking for each of the ``--skills`` most
demanded skills, in all regions and in each of the ``--regions`` largest provinces, from the
dashboard bench database (``bench/demand/dashboard.py``). The generator of that database
spreads posting dates uniformly, so these series are flat noise with no trend or season.

Series (``--source synthetic``): ``--count`` seeded series of ``--months`` months that do have
structure: a quarter flat, a quarter trending, a quarter seasonal (a Spring Festival dip and
hiring peaks), a quarter both, with Poisson noise, levels from 20 to 5000 a month. Generated,
not real: they check that the method is not only good on flat noise.

The last ``--holdout`` months are hidden, the forecast is made from the months before, and
the hidden months are scored: MASE (scaled by the in-sample month-to-month change of the
visible part) and whether each hidden month fell in the interval.

    python bench/demand/forecast_accuracy.py --skills 40 --regions 5 --holdout 6 \\
        --export var/bench-dashboard/series.json
    python bench/demand/forecast_accuracy.py --source synthetic --holdout 12 \\
        --export var/bench-dashboard/series-synthetic.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / "bench" / ".venv-forecast" / "bin" / "python"
SPRING_FESTIVAL = np.array([-0.25, -0.35, 0.2, 0.15, 0.05, 0, -0.05, -0.05, 0.1, 0.05, 0, 0.15])


def dashboard_series(args: argparse.Namespace) -> list[np.ndarray]:
    os.environ["TALENTBRIDGE_VAR_DIR"] = str(args.var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Sum

    from talentbridge.demand import selectors
    from talentbridge.demand.models import PostingCount
    from talentbridge.demand.selectors import DemandFilters

    actor = AnonymousUser()
    skills = [
        f.skill_id
        for f in selectors.top_skills(actor=actor, filters=DemandFilters(), limit=args.skills)
    ]
    provinces = [
        row["province_code"]
        for row in PostingCount.objects.exclude(province_code="")
        .values("province_code")
        .annotate(n=Sum("new_postings"))
        .order_by("-n")[: args.regions]
    ]
    series = []
    for region in ["", *provinces]:
        for skill in ["", *skills]:
            _, counts = selectors.demand_series(
                actor=actor, filters=DemandFilters(region=region), skill=skill
            )
            series.append(np.array(counts, dtype=float))
    return series


def synthetic_series(count: int, months: int, seed: int = 2026) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    series = []
    for index in range(count):
        level = float(np.exp(rng.uniform(np.log(20), np.log(5000))))
        growth = rng.uniform(-0.01, 0.03) if index % 4 in (1, 3) else 0.0  # a month
        amplitude = rng.uniform(0.3, 1.0) if index % 4 in (2, 3) else 0.0
        shift = int(rng.integers(12))  # the calendar month the series starts in
        mean = level * (1 + growth * t) * (1 + amplitude * SPRING_FESTIVAL[(t + shift) % 12])
        series.append(rng.poisson(np.maximum(mean, 0)).astype(float))
    return series


def theta(y: np.ndarray, horizon: int) -> np.ndarray:
    """The Theta method (Assimakopoulos & Nikolopoulos 2000, as SES with drift, Hyndman &
    Billah 2003): SES plus half the slope of the straight line through the history."""
    from talentbridge.demand import forecasting

    fit = forecasting.ses_fit(y)
    slope = np.polyfit(np.arange(len(y)), y, 1)[0]
    alpha, steps = fit.alpha, np.arange(horizon)
    return fit.level + slope / 2 * (steps + 1 / alpha - (1 - alpha) ** len(y) / alpha)


def alternatives() -> dict[str, Callable[[np.ndarray, int], np.ndarray]]:
    from talentbridge.demand import forecasting

    def trio(y: np.ndarray, h: int) -> np.ndarray:
        return np.array([forecasting.ses(y, h), forecasting.holt_damped(y, h), theta(y, h)])

    return {
        "theta": theta,
        "mean(ses, holt, theta)": lambda y, h: trio(y, h).mean(axis=0),
        "median(ses, holt, theta)": lambda y, h: np.median(trio(y, h), axis=0),
    }


def score(series: list[np.ndarray], h: int) -> dict[str, object]:
    from talentbridge.demand import forecasting

    others = {**forecasting.MODELS, **alternatives()}
    errors: dict[str, list[float]] = {name: [] for name in ["product", *others]}
    covered = {80: 0, 95: 0}
    points = 0
    chosen: dict[str, int] = {}
    seconds = 0.0
    for y in series:
        history, future = y[:-h], y[-h:]
        scale = forecasting.mase_scale(history)
        started = time.perf_counter()
        result = forecasting.forecast(history.tolist(), h)
        seconds += time.perf_counter() - started
        key = result.model + (" (seasonally adjusted)" if result.seasonal else "")
        chosen[key] = chosen.get(key, 0) + 1
        point = np.array(result.point)
        errors["product"].extend(np.abs(future - point) / scale)
        for level in (80, 95):
            low, high = np.array(result.lower[level]), np.array(result.upper[level])
            covered[level] += int(np.sum((future >= low) & (future <= high)))
        points += h
        for name, model in others.items():
            if name == "seasonal_naive" and len(history) < forecasting.SEASON:
                continue
            if name == "croston_sba" and name not in forecasting.candidates(history):
                continue
            guess = np.maximum(model(history, h), 0)
            errors[name].extend(np.abs(future - guess) / scale)
    return {
        "series": len(series), "months": len(series[0]), "holdout": h,
        "mase": {k: round(float(np.mean(v)), 3) for k, v in errors.items() if v},
        "coverage_80": round(covered[80] / points, 3),
        "coverage_95": round(covered[95] / points, 3),
        "chosen": chosen, "ms_per_series": round(1000 * seconds / len(series), 2),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", choices=["dashboard", "synthetic"], default="dashboard")
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "bench-dashboard" / "var")
    parser.add_argument("--skills", type=int, default=40)
    parser.add_argument("--regions", type=int, default=5)
    parser.add_argument("--count", type=int, default=240, help="synthetic series")
    parser.add_argument("--months", type=int, default=60, help="synthetic series length")
    parser.add_argument("--holdout", type=int, default=6)
    parser.add_argument("--export", type=Path, help="write the series as JSON (for peers)")
    parser.add_argument("--no-peer", action="store_true", help="skip statsforecast")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.source == "dashboard":
        series = dashboard_series(args)
    else:
        series = synthetic_series(args.count, args.months)
    report: dict[str, object] = {"source": args.source, **score(series, args.holdout)}
    if args.export:
        args.export.write_text(json.dumps([y.tolist() for y in series]))
        if PEER_PYTHON.exists() and not args.no_peer:
            peer = subprocess.run(
                [str(PEER_PYTHON), str(Path(__file__).with_name("forecast_peer.py")),
                 str(args.export), "--holdout", str(args.holdout)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            report["statsforecast"] = json.loads(peer.stdout.strip().splitlines()[-1])
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
