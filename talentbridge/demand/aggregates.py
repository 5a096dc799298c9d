"""Incremental aggregates: one chunk's postings -> additions to the aggregate tables.

DuckDB does the group-by over the chunk (an Arrow table); the results are added to the
database rows with ``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`` inside the
chunk's transaction, so history is never recomputed and a rolled-back chunk adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from talentbridge.core.bulk import upsert_add, uuid_param
from talentbridge.demand import rollups

SALARY_BUCKET = 1000  # CNY, the width used in the SQL below
KEY = ("source_id", "month", "province_code", "city_code", "occupation_code")

# new postings: one row per posting; reposts: one row per re-post event
POSTINGS_SCHEMA = pa.schema(
    [
        ("month", pa.string()),
        ("province_code", pa.string()),
        ("city_code", pa.string()),
        ("occupation_code", pa.string()),
        ("company_key", pa.string()),
        ("salary_mid", pa.int64()),
        ("skills", pa.list_(pa.string())),
        ("is_new", pa.bool_()),
    ]
)
# Fixed SQL over the registered Arrow table ``chunk``; salary buckets are 1,000 CNY wide. The
# rows come sorted by the key, so the upserts walk the unique index in order.
_QUERIES = {
    "demand_postingcount": (
        ("new_postings", "reposts"),
        (),
        "SELECT month, province_code, city_code, occupation_code,"
        " count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new)"
        " FROM chunk WHERE count_postings"
        " GROUP BY ALL ORDER BY ALL",
    ),
    "demand_skillcount": (
        ("postings",),
        ("skill_id",),
        "SELECT month, province_code, city_code, occupation_code, skill, count(*) FROM"
        " (SELECT *, unnest(skills) AS skill FROM chunk WHERE is_new)"
        " GROUP BY ALL ORDER BY ALL",
    ),
    "demand_salarybucket": (
        ("postings",),
        ("skill_id", "bucket"),
        "SELECT month, province_code, city_code, occupation_code, skill, bucket, count(*) FROM ("
        " SELECT *, '' AS skill, salary_mid // 1000 * 1000 AS bucket"
        " FROM chunk WHERE is_new AND salary_mid IS NOT NULL AND count_postings"
        " UNION ALL"
        " SELECT *, unnest(skills) AS skill, salary_mid // 1000 * 1000 AS bucket"
        " FROM chunk WHERE is_new AND salary_mid IS NOT NULL)"
        " GROUP BY ALL ORDER BY ALL",
    ),
    "demand_employercount": (
        ("postings",),
        ("company_key",),
        "SELECT month, province_code, city_code, occupation_code, company_key, count(*)"
        " FROM chunk WHERE is_new AND company_key <> '' AND count_postings"
        " GROUP BY ALL ORDER BY ALL",
    ),
}


def add_chunk(
    source_id: str, rows: Sequence[dict[str, Any]], *, count_postings: bool = True
) -> None:
    """Add one chunk's rows (``POSTINGS_SCHEMA`` dicts) to every aggregate table.

    ``count_postings=False`` adds only skill counts (the semantic pass adds skills to postings
    that are already counted).
    """
    if not rows:
        return
    chunk = pa.Table.from_pylist(list(rows), schema=POSTINGS_SCHEMA)
    chunk = chunk.append_column("count_postings", pa.array([count_postings] * len(rows)))
    with duckdb.connect() as con:
        con.register("chunk", chunk)
        for table, (counters, extra_key, sql) in _QUERIES.items():
            results = con.execute(sql).fetchall()
            upsert_add(
                table,
                key=[*KEY, *extra_key],
                counters=counters,
                rows=[(uuid_param(source_id), *row) for row in results],
            )
        rollups.after_chunk(source_id, con)
