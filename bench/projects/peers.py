"""The peers, each handed exactly the program ``allocation.build_model`` builds (same columns,
rows, bounds and objective), so every tool solves the same MILP and objectives compare directly.

* CP-SAT (OR-Tools): integer program (objective ×10 is integral: fits have 3 decimals); a
  solution callback records every improving solution with its wall time, so one run is a curve.
* CBC and SCIP through OR-Tools' MIP interface (``pywraplp``); the curve is a ladder of runs
  with growing time limits (neither exposes an incumbent callback there).

Each function returns ``(build_seconds, points, final)`` where points are
``(solve_seconds, objective, bound)`` in the maximised objective of ``allocation``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from talentbridge.projects.allocation import MatrixModel

SCALE = 10  # objective coefficients ×10 are integers (fit has 3 decimals, FIT = 100)
# Optimality means the same for every MIP solver: the relative gap ours uses (HiGHS via scipy,
# mip_rel_gap=1e-6). pywraplp's default would be 1e-4 (CBC and SCIP stop at 0.01 %).
RELATIVE_GAP = 1e-6


@dataclass
class Run:
    build_seconds: float
    points: list[tuple[float, float, float | None]]  # (solve s, objective, bound)
    optimal: bool
    solve_seconds: float
    values: np.ndarray | None  # column values of the best solution
    cpu_seconds: float = 0.0  # process CPU time of the (last) solve, all threads


def _rows(model: MatrixModel) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    csr = model.matrix.tocsr()  # type: ignore[attr-defined]
    out = []
    for r in range(csr.shape[0]):
        a, b = csr.indptr[r], csr.indptr[r + 1]
        out.append((csr.indices[a:b], csr.data[a:b], float(model.lo[r]), float(model.hi[r])))
    return out


def _column_bounds(model: MatrixModel, lower: np.ndarray | None, upper: np.ndarray | None):
    lo = np.zeros(len(model.c)) if lower is None else lower
    hi = model.upper if upper is None else upper
    return lo, hi


# --- CP-SAT -----------------------------------------------------------------------------------


def cp_sat(
    model: MatrixModel,
    *,
    time_limit: float,
    workers: int = 8,
    hint: np.ndarray | None = None,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    params: dict[str, object] | None = None,
) -> Run:
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    lo_b, hi_b = _column_bounds(model, lower, upper)
    n = len(model.c)
    m = cp_model.CpModel()
    cap = int(max(hi_b[np.isfinite(hi_b)].max(), 1))
    variables = []
    for v in range(n):
        top = hi_b[v] if np.isfinite(hi_b[v]) else cap
        variables.append(m.new_int_var(int(lo_b[v]), int(top), f"v{v}"))
    for cols, vals, lo, hi in _rows(model):
        terms = [variables[c] for c in cols]
        expr = cp_model.LinearExpr.weighted_sum(terms, [int(x) for x in vals])
        lb = int(lo) if np.isfinite(lo) else cp_model.INT_MIN
        ub = int(hi) if np.isfinite(hi) else cp_model.INT_MAX
        m.add_linear_constraint(expr, lb, ub)
    coeffs = [round(-SCALE * c) for c in model.c]
    m.maximize(cp_model.LinearExpr.weighted_sum(variables, coeffs))
    if hint is not None:
        for v in range(n):
            m.add_hint(variables[v], round(hint[v]))
    build = time.perf_counter() - started

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    for key, value in (params or {}).items():
        setattr(solver.parameters, key, value)
    points: list[tuple[float, float, float | None]] = []

    class Recorder(cp_model.CpSolverSolutionCallback):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.t0 = time.perf_counter()

        def on_solution_callback(self) -> None:
            points.append(
                (
                    time.perf_counter() - self.t0,
                    self.objective_value / SCALE,
                    self.best_objective_bound / SCALE,
                )
            )

    recorder = Recorder()
    t0, c0 = time.perf_counter(), time.process_time()
    status = solver.solve(m, recorder)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    values = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.array([solver.value(x) for x in variables], dtype=float)
        best, bound = solver.objective_value / SCALE, solver.best_objective_bound / SCALE
        points.append((seconds, best, bound))
    return Run(build, points, status == cp_model.OPTIMAL, seconds, values, cpu)


# --- pywraplp (CBC, SCIP) ----------------------------------------------------------------------


def _mpsolver(
    model: MatrixModel,
    name: str,
    lower: np.ndarray | None,
    upper: np.ndarray | None,
    hint: np.ndarray | None,
):
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver(name)
    inf = solver.infinity()
    lo_b, hi_b = _column_bounds(model, lower, upper)
    variables = []
    for v in range(len(model.c)):
        top = hi_b[v] if np.isfinite(hi_b[v]) else inf
        if model.integrality[v]:
            variables.append(solver.IntVar(float(lo_b[v]), float(top), f"v{v}"))
        else:
            variables.append(solver.NumVar(float(lo_b[v]), float(top), f"v{v}"))
    for cols, vals, lo, hi in _rows(model):
        row = solver.RowConstraint(lo if np.isfinite(lo) else -inf, hi if np.isfinite(hi) else inf)
        for c, x in zip(cols, vals, strict=True):
            row.SetCoefficient(variables[c], float(x))
    objective = solver.Objective()
    for v, c in enumerate(model.c):
        if c:
            objective.SetCoefficient(variables[v], float(c))
    objective.SetMinimization()
    if hint is not None:
        solver.SetHint(variables, [float(h) for h in hint])
    return solver, variables


def mpsolver_ladder(
    model: MatrixModel,
    name: str,
    *,
    limits: Sequence[float],
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    hint: np.ndarray | None = None,
) -> Run:
    """One fresh solve per time limit, until one proves optimality."""
    from ortools.linear_solver import pywraplp

    points: list[tuple[float, float, float | None]] = []
    build = 0.0
    values = None
    optimal = False
    seconds = cpu = 0.0
    for limit in limits:
        started = time.perf_counter()
        solver, variables = _mpsolver(model, name, lower, upper, hint)
        build = time.perf_counter() - started
        solver.SetTimeLimit(int(limit * 1000))
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, RELATIVE_GAP)
        t0, c0 = time.perf_counter(), time.process_time()
        status = solver.Solve(params)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        if status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            bound = -solver.Objective().BestBound()
            points.append((seconds, -solver.Objective().Value(), bound))
            values = np.array([x.solution_value() for x in variables])
        if status == pywraplp.Solver.OPTIMAL:
            optimal = True
            break
    return Run(build, points, optimal, seconds, values, cpu)
