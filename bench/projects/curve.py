"""Quality over time: every solver on the same MILP, several sizes and seeds, 2 cores.

For each instance (``instance.build(n, seed=s)``, each student's 8 best briefs as candidates)
every tool solves exactly the program ``allocation.build_model`` builds:

* talentbridge — ``allocation.solve`` (scipy's HiGHS; exact below 4,000 candidate pairs,
  relax-and-fix above, with the LP bound as its certificate);
* CP-SAT — 8 workers (tuned on seed 0, see ``--tune``), one run with a solution callback;
* CBC and SCIP through OR-Tools' MIP interface (``pywraplp``), default settings.

Tools without an incumbent callback (ours, CBC, SCIP) are run as a ladder of fresh solves with
growing time limits (0.5, 1, 2, 4, … s) until one proves optimality (or, for ours, finishes).
Model build time is measured apart and reported; the time axis is solve time only.

Objective: the program's own (maximised); "gap" is the distance to the best objective any
tool reached on that instance (the proven optimum wherever a tool proved one).

    bench/.venv-projects/bin/python bench/projects/curve.py [--sizes 200,2000,20000]
        [--seeds 1,2,3] [--limit 60] [--out bench/out/curve.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

import peers  # noqa: E402
from instance import build  # noqa: E402

from talentbridge.projects import allocation  # noqa: E402

PER_STUDENT = 8
CHECKPOINTS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
CP_SAT_WORKERS = 8


def ladder(limit: float) -> list[float]:
    out, t = [], 0.5
    while t < limit:
        out.append(t)
        t *= 2
    return [*out, limit]


def ours(problem: allocation.Problem, limit: float) -> dict[str, object]:
    points = []
    build = 0.0
    optimal = False
    cpu = 0.0
    for step in ladder(limit):
        c0 = time.process_time()
        solution = allocation.solve(problem, per_student=PER_STUDENT, time_limit=step)
        cpu = time.process_time() - c0
        build = solution.build_seconds
        if solution.model_objective is not None:
            points.append((solution.seconds - build, solution.model_objective, solution.bound))
        optimal = solution.optimal
        if solution.status in ("exact", "relax_and_fix"):  # the MILP finished
            break
    return {"build": build, "points": points, "optimal": optimal, "cpu": cpu}


def as_dict(run: peers.Run, matrix_build: float) -> dict[str, object]:
    return {
        "build": matrix_build + run.build_seconds,
        "points": run.points,
        "optimal": run.optimal,
        "cpu": run.cpu_seconds,
    }


def run_instance(n: int, seed: int, limit: float) -> dict[str, object]:
    problem = build(n, seed=seed)
    started = time.perf_counter()
    pairs = allocation.candidate_pairs(problem, PER_STUDENT)
    model = allocation.build_model(problem, pairs)
    matrix_build = time.perf_counter() - started
    tools: dict[str, dict[str, object]] = {}
    print(f"n={n} seed={seed}: {len(pairs)} pairs, load {os.getloadavg()[0]:.2f}", flush=True)
    tools["talentbridge"] = ours(problem, limit)
    print("  ours", tools["talentbridge"]["points"][-1:], flush=True)
    tools["CP-SAT"] = as_dict(
        peers.cp_sat(model, time_limit=limit, workers=CP_SAT_WORKERS), matrix_build
    )
    print("  cp-sat", tools["CP-SAT"]["points"][-1:], flush=True)
    for name in ("CBC", "SCIP"):
        run = peers.mpsolver_ladder(model, name, limits=ladder(limit))
        tools[name] = as_dict(run, matrix_build)
        print(f"  {name}", tools[name]["points"][-1:], flush=True)
    return {
        "n": n,
        "seed": seed,
        "pairs": len(pairs),
        "load": os.getloadavg()[0],
        "tools": tools,
    }


def best_at(points: list[list[float]], t: float) -> float | None:
    reached = [p[1] for p in points if p[0] <= t]
    return max(reached) if reached else None


def summarise(records: list[dict[str, object]]) -> str:
    lines = []
    sizes = sorted({r["n"] for r in records})
    names = list(records[0]["tools"])
    head = " | ".join(f"{t:g} s" for t in CHECKPOINTS)
    lines.append(
        f"| students | tool | build (s) | {head} | to ≤0.01 % (s) | proved optimal (s) "
        "| CPU of last run (s) | load |"
    )
    lines.append("|---:|---|---:|" + "---:|" * len(CHECKPOINTS) + "---:|---:|---:|---:|")
    for n in sizes:
        group = [r for r in records if r["n"] == n]
        for name in names:
            builds, cells, near, proved = [], {t: [] for t in CHECKPOINTS}, [], []
            for r in group:
                best = max(p[1] for tool in r["tools"].values() for p in tool["points"])
                tool = r["tools"][name]
                builds.append(tool["build"])
                for t in CHECKPOINTS:
                    got = best_at(tool["points"], t)
                    cells[t].append(None if got is None else 100 * (best - got) / abs(best))
                first = [p[0] for p in tool["points"] if (best - p[1]) / abs(best) <= 1e-4]
                near.append(min(first) if first else None)
                proved.append(tool["points"][-1][0] if tool["optimal"] else None)

            def cell(values: list[float | None]) -> str:
                if any(v is None for v in values):
                    done = [v for v in values if v is not None]
                    return f"— ({len(done)}/{len(values)})" if done else "—"
                worst = max(values)  # type: ignore[type-var]
                return f"{statistics.median(values):.3f} % (≤{worst:.3f})"  # type: ignore[arg-type]

            def secs(values: list[float | None]) -> str:
                done = [v for v in values if v is not None]
                if not done:
                    return "—"
                text = f"{statistics.median(done):.2f}"
                return text if len(done) == len(values) else f"{text} ({len(done)}/{len(values)})"

            lines.append(
                f"| {n:,} | {name} | {statistics.median(builds):.2f} | "
                + " | ".join(cell(cells[t]) for t in CHECKPOINTS)
                + f" | {secs(near)} | {secs(proved)} | "
                f"{statistics.median(r['tools'][name].get('cpu', 0.0) for r in group):.2f} | "
                f"{min(r['load'] for r in group):.1f}–{max(r['load'] for r in group):.1f} |"
            )
    return "\n".join(lines)


def parser_for(sizes: str, seeds: str, out: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=sizes)
    parser.add_argument("--seeds", default=seeds)
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--out", default=str(ROOT / out))
    parser.add_argument("--summary", action="store_true", help="only summarise --out")
    return parser


def run_all(
    args: argparse.Namespace,
    run: Callable[[int, int], dict[str, object]],
    summary: Callable[[list[dict[str, object]]], str],
) -> None:
    """Run every size × seed (appending one JSON line each to --out), then print the table."""
    out = Path(args.out)
    if not args.summary:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a") as f:
            for n in (int(x) for x in args.sizes.split(",")):
                for seed in (int(x) for x in args.seeds.split(",")):
                    f.write(json.dumps(run(n, seed)) + "\n")
                    f.flush()
    records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    print(summary(records))


def main() -> None:
    args = parser_for("200,2000,20000", "1,2,3", "bench/out/curve.jsonl").parse_args()
    run_all(args, lambda n, seed: run_instance(n, seed, args.limit), summarise)


if __name__ == "__main__":
    main()
