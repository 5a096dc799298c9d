"""CP-SAT settings, tried on the tuning seed (0) only; curve.py uses the winner.

bench/.venv-projects/bin/python bench/projects/tune_cpsat.py [--size 2000] [--limit 30]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

import peers  # noqa: E402
from instance import build  # noqa: E402

from talentbridge.projects import allocation  # noqa: E402

SETTINGS: dict[str, tuple[int, dict[str, object]]] = {
    "2 workers": (2, {}),
    "8 workers": (8, {}),
    "8 workers, linearization 2": (8, {"linearization_level": 2}),
    "16 workers": (16, {}),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--limit", type=float, default=30.0)
    args = parser.parse_args()
    problem = build(args.size, seed=0)
    model = allocation.build_model(problem, allocation.candidate_pairs(problem, 8))
    print("| setting | 1 s | 5 s | 10 s | 30 s | proved optimal (s) | load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (workers, params) in SETTINGS.items():
        run = peers.cp_sat(model, time_limit=args.limit, workers=workers, params=params)
        cells = []
        for t in (1, 5, 10, 30):
            got = [p[1] for p in run.points if p[0] <= t]
            cells.append(f"{max(got):,.1f}" if got else "—")
        proved = f"{run.solve_seconds:.1f}" if run.optimal else "—"
        print(f"| {name} | {' | '.join(cells)} | {proved} | {os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
