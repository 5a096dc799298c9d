"""Dashboard roll-ups: the aggregate tables without region and occupation.

At 1M tagged postings the skill counts have ~460k rows, the salary histograms ~1.3M and the
employer counts ~385k, because every key repeats per city and occupation; summed over those
two, source × month × skill (× bucket / employer) has ten times fewer. A dashboard filter
that names no region and no occupation (the default view, a period, a source) reads the
roll-ups; any other filter reads the full aggregates through their region indexes.

Kept in step incrementally: ``aggregates.add_chunk`` calls ``after_chunk`` with its DuckDB
connection (the chunk already registered), inside the same transaction (a DuckDB group-by
of the chunk, then
``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``), then bumps the aggregate version
and records it with the posting totals in ``RollupState``. ``is_fresh`` compares that record
with the current version and totals; when they differ (an aggregate change that did not go
through ``after_chunk``) the dashboard falls back to the full aggregates until ``rebuild``
recomputes the roll-ups from them.
"""

from __future__ import annotations

import duckdb
from django.db import connection, transaction

from talentbridge.core.bulk import upsert_add, uuid_param
from talentbridge.demand import dashboard_cache
from talentbridge.demand.models import (
    EmployerMonthRollup,
    RollupState,
    SalaryMonthRollup,
    SkillMonthRollup,
)

# table -> (extra key columns, SQL over the chunk: month, *extra key, count)
_CHUNK_QUERIES = {
    "demand_skillmonthrollup": (
        ("skill_id",),
        "SELECT month, skill, count(*) FROM"
        " (SELECT month, unnest(skills) AS skill FROM chunk WHERE is_new)"
        " GROUP BY ALL ORDER BY ALL",
    ),
    "demand_salarymonthrollup": (
        ("skill_id", "bucket"),
        "SELECT month, skill, bucket, count(*) FROM ("
        " SELECT month, '' AS skill, salary_mid // 1000 * 1000 AS bucket"
        " FROM chunk WHERE is_new AND salary_mid IS NOT NULL AND count_postings"
        " UNION ALL"
        " SELECT month, unnest(skills) AS skill, salary_mid // 1000 * 1000 AS bucket"
        " FROM chunk WHERE is_new AND salary_mid IS NOT NULL)"
        " GROUP BY ALL ORDER BY ALL",
    ),
    "demand_employermonthrollup": (
        ("company_key",),
        "SELECT month, company_key, count(*)"
        " FROM chunk WHERE is_new AND company_key <> '' AND count_postings"
        " GROUP BY ALL ORDER BY ALL",
    ),
}
# table -> (extra key columns, the full aggregate table it sums)
_SOURCES = {
    "demand_skillmonthrollup": (("skill_id",), "demand_skillcount"),
    "demand_salarymonthrollup": (("skill_id", "bucket"), "demand_salarybucket"),
    "demand_employermonthrollup": (("company_key",), "demand_employercount"),
}


def after_chunk(source_id: str, con: duckdb.DuckDBPyConnection) -> None:
    """Add the chunk registered as ``chunk`` on ``con`` (by ``aggregates.add_chunk``) to the
    roll-ups, bump the aggregate version and record the roll-ups as up to date. Runs inside
    the chunk's transaction, after the aggregate tables were updated."""
    for table, (extra_key, sql) in _CHUNK_QUERIES.items():
        upsert_add(
            table,
            key=["source_id", "month", *extra_key],
            counters=["postings"],
            rows=[(uuid_param(source_id), *row) for row in con.execute(sql).fetchall()],
        )
    dashboard_cache.bump()
    _record_state()


def is_fresh() -> bool:
    state = RollupState.objects.filter(pk=1).values_list("version", "fingerprint").first()
    return state == (dashboard_cache.current_version(), dashboard_cache.fingerprint())


def rebuild() -> None:
    """Recompute every roll-up from the full aggregate tables (after data changed outside
    ``after_chunk``, e.g. on an existing database)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (extra_key, aggregate) in _SOURCES.items():
            columns = ", ".join(["source_id", "month", *extra_key])
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            cursor.execute(
                f"INSERT INTO {table} ({columns}, postings) "  # noqa: S608
                f"SELECT {columns}, SUM(postings) FROM {aggregate} GROUP BY {columns}"
            )
        _record_state()


def _record_state() -> None:
    RollupState.objects.update_or_create(
        pk=1,
        defaults={
            "version": dashboard_cache.current_version(),
            "fingerprint": dashboard_cache.fingerprint(),
        },
    )


ROLLUP_MODELS = (SkillMonthRollup, SalaryMonthRollup, EmployerMonthRollup)
