"""Aggregation step: the DuckDB group-bys the ingest runs per chunk vs a plain pandas
group-by, on the same Arrow table of N postings (compute only, no database writes).

Runs in the bench venv (pandas is not a product dependency):

    bench/.venv-demand/bin/pip install -r bench/requirements-demand.txt
    python bench/demand/run.py export --rows 1000000   # writes var/bench-demand/agg-input.parquet
    cd var/bench-demand
    ../../bench/.venv-demand/bin/python ../../bench/demand/agg_compare.py agg-input.parquet duckdb
    ../../bench/.venv-demand/bin/python ../../bench/demand/agg_compare.py agg-input.parquet pandas
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

DIMS = ["month", "province_code", "city_code", "occupation_code"]
# the same statements as talentbridge/demand/aggregates.py (kept in sync by hand)
DUCKDB_QUERIES = [
    "SELECT month, province_code, city_code, occupation_code,"
    " count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new)"
    " FROM chunk WHERE count_postings GROUP BY ALL",
    "SELECT month, province_code, city_code, occupation_code, skill, count(*) FROM"
    " (SELECT *, unnest(skills) AS skill FROM chunk WHERE is_new) GROUP BY ALL",
    "SELECT month, province_code, city_code, occupation_code, skill, bucket, count(*) FROM ("
    " SELECT *, '' AS skill, salary_mid // 1000 * 1000 AS bucket"
    " FROM chunk WHERE is_new AND salary_mid IS NOT NULL AND count_postings"
    " UNION ALL"
    " SELECT *, unnest(skills) AS skill, salary_mid // 1000 * 1000 AS bucket"
    " FROM chunk WHERE is_new AND salary_mid IS NOT NULL) GROUP BY ALL",
    "SELECT month, province_code, city_code, occupation_code, company_key, count(*)"
    " FROM chunk WHERE is_new AND company_key <> '' AND count_postings GROUP BY ALL",
]


def with_duckdb(table: pa.Table) -> list[int]:
    with duckdb.connect() as con:
        con.register("chunk", table)
        return [len(con.execute(sql).fetchall()) for sql in DUCKDB_QUERIES]


def with_pandas(table: pa.Table) -> list[int]:
    frame = table.to_pandas()
    counts = frame.groupby(DIMS, dropna=False).agg(new=("is_new", "sum"), total=("is_new", "size"))
    new = frame[frame["is_new"]]
    skills = new[[*DIMS, "skills", "salary_mid"]].explode("skills").dropna(subset=["skills"])
    per_skill = skills.groupby([*DIMS, "skills"]).size()
    paid = new.dropna(subset=["salary_mid"]).assign(bucket=lambda f: f["salary_mid"] // 1000 * 1000)
    paid_skills = skills.dropna(subset=["salary_mid"]).assign(
        bucket=lambda f: f["salary_mid"] // 1000 * 1000
    )
    salary = pd.concat(
        [
            paid.assign(skills="").groupby([*DIMS, "skills", "bucket"]).size(),
            paid_skills.groupby([*DIMS, "skills", "bucket"]).size(),
        ]
    )
    employers = new[new["company_key"] != ""].groupby([*DIMS, "company_key"]).size()
    return [len(counts), len(per_skill), len(salary), len(employers)]


def timed(function: Callable[[pa.Table], Any], table: pa.Table, repeats: int) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function(table)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def main() -> None:
    table = pq.read_table(sys.argv[1])
    table = table.append_column("count_postings", pa.array([True] * table.num_rows))
    name = sys.argv[2]  # one engine per process, so the peak RSS is its own
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    function = {"duckdb": with_duckdb, "pandas": with_pandas}[name]
    seconds, groups = timed(function, table, repeats)
    print(
        f"{name}: {table.num_rows} rows, median {seconds:.2f} s, groups {groups}, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB"
    )


if __name__ == "__main__":
    main()
