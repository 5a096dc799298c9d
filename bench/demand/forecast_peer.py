"""Peer comparison for the demand forecasts: statsforecast on the same held-out series.

Runs in its own venv (statsforecast is not a product dependency); ``forecast_accuracy.py
--export FILE`` calls it on FILE when the venv exists::

    python -m venv bench/.venv-forecast && bench/.venv-forecast/bin/pip install statsforecast
    bench/.venv-forecast/bin/python bench/demand/forecast_peer.py var/bench-dashboard/series.json

Same protocol as ``forecast_accuracy.py``: the last ``--holdout`` months hidden, MASE scaled
by the in-sample mean absolute month-to-month change (flat series: the mean level; zeros: 1),
coverage of the 80 % / 95 % intervals over every hidden month.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive, SeasonalNaive


def scale_of(y: np.ndarray) -> float:
    changes = np.abs(np.diff(y))
    for scale in (float(changes.mean()) if len(changes) else 0.0, float(np.abs(y).mean())):
        if scale > 0:
            return scale
    return 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("series", type=Path)
    parser.add_argument("--holdout", type=int, default=6)
    args = parser.parse_args()
    h = args.holdout
    series = [np.array(s, dtype=float) for s in json.loads(args.series.read_text())]
    frames = []
    for index, y in enumerate(series):
        history = y[:-h]
        frames.append(pd.DataFrame({
            "unique_id": index, "y": history,
            "ds": pd.date_range("2023-01-01", periods=len(history), freq="MS"),
        }))  # fmt: skip
    data = pd.concat(frames)
    models = [
        AutoETS(season_length=12),
        AutoARIMA(season_length=12),
        AutoTheta(season_length=12),
        Naive(),
        SeasonalNaive(season_length=12),
    ]  # fmt: skip  (no bench series is intermittent)
    started = time.monotonic()
    forecast = StatsForecast(models=models, freq="MS", n_jobs=1).forecast(
        df=data, h=h, level=[80, 95]
    )
    seconds = time.monotonic() - started
    results = {}
    for model in ("AutoETS", "AutoARIMA", "AutoTheta", "Naive", "SeasonalNaive"):
        errors, covered = [], {80: 0, 95: 0}
        for index, y in enumerate(series):
            rows = forecast[forecast["unique_id"] == index]
            future = y[-h:]
            point = np.maximum(rows[model].to_numpy(), 0)
            errors.extend(np.abs(future - point) / scale_of(y[:-h]))
            for level in (80, 95):
                low = rows.get(f"{model}-lo-{level}")
                if low is None:
                    continue
                high = rows[f"{model}-hi-{level}"].to_numpy()
                covered[level] += int(np.sum((future >= low.to_numpy()) & (future <= high)))
        points = h * len(series)
        results[model] = {"mase": round(float(np.mean(errors)), 3),
                          "coverage_80": round(covered[80] / points, 3),
                          "coverage_95": round(covered[95] / points, 3)}  # fmt: skip
    print(json.dumps({"series": len(series), "holdout": h, "seconds_all_models": round(seconds, 1),
                      "results": results}))  # fmt: skip


if __name__ == "__main__":
    main()
