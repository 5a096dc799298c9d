"""One partition of an ingest run: dedupe, insert postings, aggregates, warehouse files."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa
from django.db import connection, transaction

from talentbridge.core.bulk import insert_rows
from talentbridge.demand import aggregates, warehouse
from talentbridge.demand.ingest.dedupe import Fingerprint, NearDuplicateIndex
from talentbridge.demand.ingest.partitions import (
    PreparedPartition,
    PreparedRow,
)
from talentbridge.demand.ingest.rows import NormalizedPosting
from talentbridge.demand.models import (
    IngestRun,
    JobPosting,
    PostingSighting,
    PostingSource,
    WarehouseChunk,
)
from talentbridge.demand.services.uploads import ROW_ERROR_MESSAGES
from talentbridge.demand.tagging import AIGC_MARKER, aigc_skill_ids

IN_BATCH = 2000  # values per ``__in`` lookup
MAX_REPORTED_ERRORS = 1000


@dataclass
class _Totals:
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    reposts: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, number: int, code: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(
                {"row": number, "code": code, "reason": str(ROW_ERROR_MESSAGES.get(code, code))}
            )

    @classmethod
    def of(cls, run: IngestRun) -> _Totals:
        """The counters a run committed so far (the ledger a resumed run continues)."""
        return cls(
            read=run.read,
            imported=run.imported,
            duplicates=run.duplicates,
            reposts=run.reposts,
            rejected=run.rejected,
            errors=list(run.errors),
        )


# --- one partition --------------------------------------------------------------------------


@dataclass
class _Accepted:
    row: PreparedRow
    posting: NormalizedPosting
    skills: tuple[str, ...]
    earlier: _Accepted | None = None  # the new posting of this partition it re-posts
    canonical_id: int | None = None  # the stored posting it re-posts, or its own id once new
    is_new: bool = False

    @property
    def posting_id(self) -> int:
        if self.earlier is not None:
            return self.earlier.posting_id
        assert self.canonical_id is not None
        return self.canonical_id


def _process_partition(
    run: IngestRun, prepared: PreparedPartition, dedupe: _RunDedupe, totals: _Totals
) -> None:
    """Commit one prepared partition: sightings, de-duplication, inserts, re-post counters,
    aggregates and warehouse files (inside the caller's transaction)."""
    source = run.source
    totals.read += len(prepared.rows)
    candidates: list[PreparedRow] = []
    for row in prepared.rows:
        if row.error is not None:
            totals.reject(row.number, row.error)
        else:
            candidates.append(row)
    seen = _sighted(source, [row.key for row in candidates])
    accepted: list[_Accepted] = []
    for row in candidates:
        if row.key in seen:
            totals.duplicates += 1
            continue
        seen.add(row.key)
        if row.posting is None:
            totals.reject(row.number, row.reject or "invalid")
            continue
        skills = row.skills if run.tag_skills else ()
        accepted.append(_Accepted(row, row.posting, skills))
    new, reposts = dedupe.split(accepted)
    _insert_postings(run, new)
    dedupe.remember(new)
    _count_reposts(reposts)
    insert_rows(
        PostingSighting,
        [{"source": source.pk, "row_key": i.row.key, "posting": i.posting_id} for i in accepted],
    )
    totals.imported += len(new)
    totals.reposts += len(reposts)
    totals.duplicates += len(reposts)
    aggregates.add_chunk(str(source.pk), [_aggregate_row(i) for i in accepted])
    _write_warehouse(run, prepared.sequence, prepared.rows, accepted)


def _sighted(source: PostingSource, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), IN_BATCH):
        found.update(
            PostingSighting.objects.filter(
                source=source, row_key__in=keys[start : start + IN_BATCH]
            ).values_list("row_key", flat=True)
        )
    return found


class _RunDedupe:
    """Exact and near duplicates for one run.

    Exact: the content hash, looked up in the database per partition (unique index).
    Near: candidates are postings of the same employer in the same city (``_near_key``). The
    stored postings of an employer are loaded the first time the run meets the employer and
    kept in memory with the postings the run adds, so each partition does not reload them
    (before, every chunk re-read all postings of its employers: quadratic at 1M rows).
    """

    def __init__(self) -> None:
        self.index = NearDuplicateIndex()
        self.loaded: set[str] = set()

    def _load(self, companies: set[str]) -> None:
        missing = sorted(companies - self.loaded)
        for start in range(0, len(missing), IN_BATCH):
            for pk, title, signature, company, city in JobPosting.objects.filter(
                company_key__in=missing[start : start + IN_BATCH]
            ).values_list("id", "job_title", "minhash", "company_key", "city_code"):
                self.index.add(_near_key(company, city), Fingerprint(pk, title, bytes(signature)))
        self.loaded.update(missing)

    def split(self, accepted: list[_Accepted]) -> tuple[list[_Accepted], list[_Accepted]]:
        """New postings and re-posts (of a stored posting or of one earlier in the list)."""
        hashes = sorted({i.posting.content_hash for i in accepted})
        by_hash: dict[str, int] = {}
        for start in range(0, len(hashes), IN_BATCH):
            by_hash.update(
                JobPosting.objects.filter(
                    content_hash__in=hashes[start : start + IN_BATCH]
                ).values_list("content_hash", "id")
            )
        self._load({i.posting.company_key for i in accepted if i.posting.company_key})
        local = NearDuplicateIndex()  # new postings of this partition, by position
        new: list[_Accepted] = []
        reposts: list[_Accepted] = []
        pending: dict[str, _Accepted] = {}
        for item in accepted:
            p = item.posting
            near_key = _near_key(p.company_key, p.city_code)
            stored = by_hash.get(p.content_hash)
            earlier = pending.get(p.content_hash)
            if stored is None and earlier is None and p.company_key:
                stored = self.index.find(near_key, p.job_title, p.minhash)
                if stored is None:
                    position = local.find(near_key, p.job_title, p.minhash)
                    earlier = new[position] if position is not None else None
            if stored is not None:
                item.canonical_id = stored
                reposts.append(item)
            elif earlier is not None:
                item.earlier = earlier
                reposts.append(item)
            else:
                item.is_new = True
                pending[p.content_hash] = item
                if p.company_key:
                    local.add(near_key, Fingerprint(len(new), p.job_title, p.minhash))
                new.append(item)
        return new, reposts

    def remember(self, new: list[_Accepted]) -> None:
        """Add the inserted postings of a partition (their ids are known now)."""
        for item in new:
            p = item.posting
            if p.company_key:
                self.index.add(
                    _near_key(p.company_key, p.city_code),
                    Fingerprint(item.posting_id, p.job_title, p.minhash),
                )


def _near_key(company_key: str, city_code: str) -> str:
    """Near-duplicates are looked for among postings of the same employer in the same city
    (the same text for another city is another job)."""
    return f"{company_key}\x1f{city_code}"


def _insert_postings(run: IngestRun, new: list[_Accepted]) -> None:
    """Insert the partition's new postings and give each its id (matched by content hash,
    which is unique)."""
    rows = []
    for item in new:
        p = item.posting
        rows.append(
            {
                "source": run.source_id,
                "run": run.pk,
                "row_number": item.row.number,
                "job_title": p.job_title,
                "company": p.company,
                "company_key": p.company_key,
                "description": p.description,
                "province_code": p.province_code,
                "city_code": p.city_code,
                "remote": p.remote,
                "salary_min": p.salary_min,
                "salary_max": p.salary_max,
                "education": p.education,
                "experience_min": p.experience_min,
                "occupation_code": p.occupation_code,
                "posted_on": p.posted_on,
                "last_seen_on": p.posted_on,
                "month": p.month,
                "content_hash": p.content_hash,
                "minhash": p.minhash,
                "skills": list(item.skills),
                "url": p.url,
                "repost_count": 0,
                "semantic_tagged": False,
            }
        )
    inserted = insert_rows(JobPosting, rows, returning=("id", "content_hash"))
    ids = {content_hash: pk for pk, content_hash in inserted}
    for item in new:
        item.canonical_id = int(ids[item.posting.content_hash])


def _count_reposts(reposts: list[_Accepted]) -> None:
    """One update per re-posted posting: ``repost_count += n``, latest ``last_seen_on``."""
    counts: dict[int, int] = {}
    latest: dict[int, date] = {}
    for item in reposts:
        pk = item.posting_id
        counts[pk] = counts.get(pk, 0) + 1
        latest[pk] = max(latest.get(pk, item.posting.posted_on), item.posting.posted_on)
    if not counts:
        return
    table = connection.ops.quote_name(JobPosting._meta.db_table)
    day = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET repost_count = repost_count + %s,"  # noqa: S608
            " last_seen_on = CASE WHEN last_seen_on < %s THEN %s ELSE last_seen_on END"
            " WHERE id = %s",
            [(counts[pk], day(latest[pk]), day(latest[pk]), pk) for pk in sorted(counts)],
        )


def _aggregate_row(item: _Accepted) -> dict[str, Any]:
    return _row_dict(item.posting, item.skills, is_new=item.is_new)


def _with_markers(skills: Iterable[str]) -> list[str]:
    """The skills plus the ``_aigc`` marker when any is an AIGC skill (the aggregate then
    counts postings asking for at least one AIGC skill)."""
    listed = list(skills)
    return [*listed, AIGC_MARKER] if aigc_skill_ids().intersection(listed) else listed


def _row_dict(p: NormalizedPosting, skills: tuple[str, ...], *, is_new: bool) -> dict[str, Any]:
    salary_mid = None
    if p.salary_min is not None and p.salary_max is not None:
        salary_mid = (p.salary_min + p.salary_max) // 2
    elif p.salary_min is not None or p.salary_max is not None:
        salary_mid = p.salary_min or p.salary_max
    return {
        "month": p.month,
        "province_code": p.province_code,
        "city_code": p.city_code,
        "occupation_code": p.occupation_code,
        "company_key": p.company_key,
        "salary_mid": salary_mid,
        "skills": _with_markers(skills),
        "is_new": is_new,
    }


def _write_warehouse(
    run: IngestRun, sequence: int, rows: list[PreparedRow], accepted: list[_Accepted]
) -> None:
    by_month: dict[tuple[str, str], list[dict[str, Any]]] = {}
    accepted_by_row = {item.row.number: item for item in accepted}
    run_id = str(run.pk)
    for row in rows:
        item = accepted_by_row.get(row.number)
        month = item.posting.month if item else "unknown"
        by_month.setdefault(("raw", month), []).append(
            {
                "run_id": run_id,
                "row_number": row.number,
                "error": row.error or "",
                "fields": [[k, v] for k, v in row.fields.items()],
            }
        )
    for item in accepted:
        p = item.posting
        record = {
            "posting_id": item.posting_id,
            "run_id": run_id,
            "row_number": item.row.number,
            "job_title": p.job_title,
            "company": p.company,
            "posted_on": p.posted_on,
            "salary_min": p.salary_min,
            "salary_max": p.salary_max,
            "education": p.education,
            "experience_min": p.experience_min,
            "text_chars": len(p.description),
            **_row_dict(p, item.skills, is_new=item.is_new),
        }
        by_month.setdefault(("normalized", p.month), []).append(record)
    for (kind, month), records in by_month.items():
        path = warehouse.chunk_path(kind, month, run.source.name, run_id, sequence)
        warehouse.write_tmp(path, pa.Table.from_pylist(records))
        WarehouseChunk.objects.update_or_create(
            path=str(path), defaults={"run": run, "kind": kind, "rows": len(records)}
        )
        transaction.on_commit(functools.partial(warehouse.publish, path))
