"""Re-run after a teacher's locks: warm starts side by side, the scenario the product serves.

For each instance (``instance.build(n, seed=s)``, 8 best briefs per student) the last allocation
is ``allocation.solve`` of the instance. Then the teacher locks ``--locks`` students (seeded)
onto another of their candidate briefs, and the allocation is run again:

* talentbridge warm — ``reallocation.resolve`` from the last allocation (kept team counts,
  locks fixed, a tie-break bonus for staying);
* talentbridge cold — ``allocation.solve`` of the locked problem from scratch;
* CP-SAT with the last allocation (repaired: locked students moved, team counts recomputed) as
  a complete hint, 8 workers, locks fixed;
* SCIP through ``pywraplp`` with the same hint (``SetHint``), locks fixed;
* CBC through ``pywraplp``, locks fixed (OR-Tools 9.15 passes no hint to CBC);
* and, to separate the method from the solver, CP-SAT / CBC / SCIP on our warm program itself
  (same kept team counts and tie-break, same hint).

Every answer is scored on the same scale: the program's objective without the tie-break bonus
(so all tools compare), its distance to the best any tool reached, and the students it moved
relative to the last allocation (locked students included).

    bench/.venv-projects/bin/python bench/projects/rerun.py [--sizes 2000,20000] [--seeds 1,2]
        [--locks 10] [--limit 60] [--out bench/out/rerun.jsonl]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

import peers  # noqa: E402
from curve import ladder, parser_for, run_all  # noqa: E402
from instance import build  # noqa: E402

from talentbridge.projects import allocation, reallocation  # noqa: E402

PER_STUDENT = 8


def scenario(n: int, seed: int, locks: int) -> tuple[allocation.Problem, dict[str, str], float]:
    problem = build(n, seed=seed)
    last = allocation.solve(problem, per_student=PER_STUDENT)
    rng = random.Random(seed * 1000 + locks)
    options: dict[str, list[str]] = {}
    for i, j in allocation.candidate_pairs(problem, PER_STUDENT):
        options.setdefault(problem.students[i].id, []).append(problem.briefs[j].id)
    chosen = rng.sample(sorted(last.assignment), locks)
    moves = {s: rng.choice([b for b in options[s] if b != last.assignment[s]]) for s in chosen}
    return replace(problem, locks=moves), last.assignment, last.seconds


def true_objective(
    model: allocation.MatrixModel, values: np.ndarray, original_c: np.ndarray
) -> float:
    return -float(original_c @ values)


def assignment_of(
    problem: allocation.Problem, model: allocation.MatrixModel, values: np.ndarray
) -> dict[str, str]:
    return {
        problem.students[i].id: problem.briefs[j].id
        for p, (i, j) in enumerate(model.pairs)
        if values[p] > 0.5
    }


def run_instance(
    n: int, seed: int, locks: int, limit: float, method_check: bool = True
) -> dict[str, object]:
    problem, last, last_seconds = scenario(n, seed, locks)
    print(f"n={n} seed={seed}: last allocation {last_seconds:.1f} s", flush=True)
    rows: dict[str, dict[str, object]] = {}

    def record(
        name: str, build_s: float, solve_s: float, assignment, objective, optimal, cpu, points=None
    ):
        kept = all(assignment.get(s) == b for s, b in problem.locks.items())
        rows[name] = {
            "build": build_s,
            "solve": solve_s,
            "objective": objective,
            "moved": reallocation.moved(last, assignment),
            "locks_kept": kept,
            "optimal": optimal,
            "points": points or [],
            "cpu": cpu,
            "load": os.getloadavg()[0],
        }
        print(f"  {name}: {solve_s:.2f} s, {objective}, moved {rows[name]['moved']}", flush=True)

    c0 = time.process_time()
    warm = reallocation.resolve(problem, last, per_student=PER_STUDENT, certify_below=0)
    warm_cpu = time.process_time() - c0
    record(
        "talentbridge warm",
        warm.build_seconds,
        warm.seconds - warm.build_seconds,
        warm.assignment,
        warm.model_objective,
        False,
        warm_cpu,
    )
    c0 = time.process_time()
    cold = allocation.solve(problem, per_student=PER_STUDENT, time_limit=limit)
    cold_cpu = time.process_time() - c0
    record(
        "talentbridge cold",
        cold.build_seconds,
        cold.seconds - cold.build_seconds,
        cold.assignment,
        cold.model_objective,
        cold.optimal,
        cold_cpu,
    )

    # The full program with locks fixed, and the repaired last allocation as a hint.
    started = time.perf_counter()
    full = reallocation.warm_program(
        problem, last, per_student=PER_STUDENT, keep_teams=False, stay=0.0
    )
    full_build = time.perf_counter() - started
    started = time.perf_counter()
    ours = reallocation.warm_program(problem, last, per_student=PER_STUDENT)
    ours_build = time.perf_counter() - started
    original_c = full.model.c.copy()  # no stay bonus: the common scale

    def peer(name: str, run: peers.Run, build_s: float) -> None:
        if run.values is None:
            rows[name] = {"build": build_s, "solve": run.solve_seconds, "objective": None}
            print(f"  {name}: no answer in {run.solve_seconds:.1f} s", flush=True)
            return
        assignment = assignment_of(problem, full.model, run.values)
        record(
            name,
            build_s + run.build_seconds,
            run.points[-1][0] if run.points else run.solve_seconds,
            assignment,
            true_objective(full.model, run.values, original_c),
            run.optimal,
            run.cpu_seconds,
            [(t, obj) for t, obj, _b in run.points],
        )

    common = {"lower": full.lower, "upper": full.upper}
    peer(
        "CP-SAT + hint",
        peers.cp_sat(full.model, time_limit=limit, hint=full.hint, **common),
        full_build,
    )
    peer(
        "SCIP + hint",
        peers.mpsolver_ladder(full.model, "SCIP", limits=ladder(limit), hint=full.hint, **common),
        full_build,
    )
    peer(
        "CBC", peers.mpsolver_ladder(full.model, "CBC", limits=ladder(limit), **common), full_build
    )
    if not method_check:
        return {"n": n, "seed": seed, "locks": locks, "last_seconds": last_seconds, "tools": rows}
    warm_bounds = {"lower": ours.lower, "upper": ours.upper}
    peer(
        "CP-SAT on our warm program",
        peers.cp_sat(ours.model, time_limit=limit, hint=ours.hint, **warm_bounds),
        ours_build,
    )
    peer(
        "SCIP on our warm program",
        peers.mpsolver_ladder(
            ours.model, "SCIP", limits=ladder(limit), hint=ours.hint, **warm_bounds
        ),
        ours_build,
    )
    peer(
        "CBC on our warm program",
        peers.mpsolver_ladder(ours.model, "CBC", limits=ladder(limit), **warm_bounds),
        ours_build,
    )
    return {"n": n, "seed": seed, "locks": locks, "last_seconds": last_seconds, "tools": rows}


def summarise(records: list[dict[str, object]]) -> str:
    lines = [
        "| students | tool | build (s) | solve (s) | below best | moved | locks kept "
        "| within 0.01 % of best after (s) | CPU (s) | load |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sorted({r["n"] for r in records}):
        group = [r for r in records if r["n"] == n]
        for name in group[0]["tools"]:
            builds, solves, gaps, moves, kept, near = [], [], [], [], [], []
            for r in group:
                best = max(t["objective"] for t in r["tools"].values() if t.get("objective"))
                row = r["tools"][name]
                builds.append(row["build"])
                solves.append(row["solve"])
                if row.get("objective") is None:
                    continue
                gaps.append(100 * (best - row["objective"]) / abs(best))
                moves.append(row["moved"])
                kept.append(row["locks_kept"])
                points = row["points"] or [(row["solve"], row["objective"])]
                hit = [t for t, obj in points if (best - obj) / abs(best) <= 1e-4]
                near.append(min(hit) if hit else None)
            hits = [v for v in near if v is not None]
            lines.append(
                f"| {n:,} | {name} | {statistics.median(builds):.2f} | "
                f"{statistics.median(solves):.2f} | "
                + (f"{statistics.median(gaps):.4f} % (≤{max(gaps):.4f})" if gaps else "—")
                + f" | {statistics.median(moves) if moves else '—'} | "
                f"{sum(kept)}/{len(group)} | "
                + (f"{statistics.median(hits):.2f}" if hits else "—")
                + ("" if len(hits) == len(group) else f" ({len(hits)}/{len(group)})")
                + f" | {statistics.median(r['tools'][name].get('cpu', 0.0) for r in group):.2f}"
                + f" | {statistics.median(r['tools'][name].get('load', 0.0) for r in group):.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = parser_for("2000,20000", "1,2", "bench/out/rerun.jsonl")
    parser.add_argument("--locks", type=int, default=10)
    parser.add_argument(
        "--no-method-check", action="store_true", help="skip the peers on our warm program"
    )
    args = parser.parse_args()
    run_all(
        args,
        lambda n, seed: run_instance(n, seed, args.locks, args.limit, not args.no_method_check),
        summarise,
    )


if __name__ == "__main__":
    main()
