"""The Parquet warehouse under ``DEMAND_WAREHOUSE_DIR`` (default ``var/warehouse``).

``raw/`` keeps every mapped source row as read; ``normalized/`` keeps every accepted posting
(new or re-post) with its skills. Both are partitioned Hive-style by ``month=YYYY-MM`` and
``source=<name>``, one file per committed chunk. A chunk file is written as ``*.tmp`` before
the database transaction commits and renamed after it (``transaction.on_commit``); ``reconcile``
finishes or removes what an interrupted run left behind, so the warehouse holds exactly the
committed rows. DuckDB reads the files with ``hive_partitioning``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

TMP_SUFFIX = ".tmp"
KINDS = ("raw", "normalized")


def root() -> Path:
    configured = getattr(settings, "DEMAND_WAREHOUSE_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "warehouse"


def chunk_path(kind: str, month: str, source: str, run_id: str, sequence: int) -> Path:
    return (
        root()
        / kind
        / f"month={month}"
        / f"source={source}"
        / f"run-{run_id}-{sequence:06d}.parquet"
    )


def write_tmp(path: Path, table: pa.Table) -> Path:
    """Write ``table`` next to ``path`` as a temporary file; returns the temporary path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    pq.write_table(table, tmp, compression="zstd")
    return tmp


def publish(path: Path) -> None:
    """Rename the temporary file of a committed chunk to its final name."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    if tmp.exists():
        tmp.replace(path)


def reconcile(committed: set[str]) -> tuple[int, int]:
    """Publish temporary files of committed chunks, delete those of rolled-back ones.

    ``committed`` holds the final paths recorded in the database. Returns (published, removed).
    """
    published = removed = 0
    base = root()
    if not base.exists():
        return 0, 0
    for tmp in base.rglob(f"*.parquet{TMP_SUFFIX}"):
        final = tmp.with_name(tmp.name.removesuffix(TMP_SUFFIX))
        if str(final) in committed:
            tmp.replace(final)
            published += 1
        else:
            tmp.unlink()
            removed += 1
    return published, removed


def remove(paths: Sequence[str]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)
        Path(path + TMP_SUFFIX).unlink(missing_ok=True)


def glob(kind: str) -> str:
    return str(root() / kind / "*" / "*" / "*.parquet")


def has_files(kind: str) -> bool:
    return any((root() / kind).rglob("*.parquet")) if (root() / kind).exists() else False


def query(sql: str, kind: str = "normalized", params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run ``sql`` with the view ``postings`` over the ``kind`` files (DuckDB, in memory)."""
    with duckdb.connect() as con:
        if has_files(kind):
            con.execute(
                f"CREATE VIEW postings AS SELECT * FROM read_parquet('{glob(kind)}', "  # noqa: S608
                "hive_partitioning = true, union_by_name = true)"
            )
        else:
            return []
        return con.execute(sql, list(params)).fetchall()
