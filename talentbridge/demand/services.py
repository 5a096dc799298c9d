"""Writes of the demand app: sources, ingest runs (the pipeline), semantic tagging, supply.

The ingest pipeline works on partitions of ``CHUNK_ROWS`` rows (``ingest/partitions.py``).
Pure steps, in this process or on Dask workers: read -> map -> raw-row key -> normalize
(rejects with row number and code) -> lexical skill tags. Then here, per partition in file
order and in one transaction: skip rows already sighted (same source, same raw row) -> exact
duplicate (content hash) / near duplicate (MinHash within employer and city) -> insert
postings, sightings, re-post counters -> aggregates (+= in the database) -> warehouse Parquet
(published on commit) -> the run's counters and ``committed_partitions`` (the ledger).
A killed run leaves only whole committed partitions; running it again continues after them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.bulk import insert_rows
from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.demand import aggregates, warehouse
from talentbridge.demand.ingest.cluster import partition_runner
from talentbridge.demand.ingest.dedupe import Fingerprint, NearDuplicateIndex
from talentbridge.demand.ingest.mapping import effective_mapping, mapping_problems
from talentbridge.demand.ingest.partitions import (
    FileFormat,
    PartitionTask,
    PreparedPartition,
    PreparedRow,
    plan_byte_ranges,
)
from talentbridge.demand.ingest.readers import (
    FileProblem,
    PostingFile,
    SourceRow,
    open_posting_file,
)
from talentbridge.demand.ingest.rows import NormalizedPosting
from talentbridge.demand.models import (
    IngestRun,
    JobPosting,
    PostingSighting,
    PostingSource,
    RejectPolicy,
    RunStatus,
    SupplyRecord,
    Visibility,
    WarehouseChunk,
)
from talentbridge.demand.permissions import Action, access_source, can_create_source
from talentbridge.demand.tagging import AIGC_MARKER, aigc_skill_ids, tag_texts

logger = logging.getLogger(__name__)
CHUNK_ROWS = 5000  # rows per partition: one transaction, one task on a Dask worker
IN_BATCH = 2000  # values per ``__in`` lookup
MAX_REPORTED_ERRORS = 1000
DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
Progress = Callable[[IngestRun], None]

ROW_ERROR_MESSAGES = {
    "missing_title": _("the job title is empty"),
    "title_too_long": _("the job title is longer than 300 characters"),
    "text_too_long": _("the description is longer than 100,000 characters"),
    "invalid_json": _("the line is not valid JSON"),
    "not_an_object": _("the line is not a JSON object"),
    "json_too_deep": _("the line's JSON is nested too deeply"),
    "too_many_cells": _("the row has more cells than the header"),
    "truncated_after_row": _("the spreadsheet is damaged from this row on; later rows are lost"),
}
FILE_ERROR_MESSAGES = {
    "unsupported_format": _("Unsupported file type: use .csv, .tsv, .jsonl or .xlsx."),
    "undecodable": _("The file is neither UTF-8 nor GBK/GB18030 text."),
    "damaged_xlsx": _("The XLSX file is damaged and cannot be opened."),
    "empty_file": _("The file is empty."),
    "no_header": _("The file has no header row."),
}
MAPPING_ERROR_MESSAGES = {
    "missing_required": _("No column is mapped to the required field “%(subject)s”."),
    "unknown_header": _("The mapped column “%(subject)s” is not in the file."),
    "unknown_field": _("“%(subject)s” is not a posting field."),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "DEMAND_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


# --- sources ------------------------------------------------------------------------------


def source_create(*, actor: Any, data: dict[str, Any]) -> PostingSource:
    can_create_source(actor)
    owner = data.get("owner")
    if owner is not None and not getattr(actor, "is_superuser", False):
        from talentbridge.community.selectors import organizations_administered_by

        if not organizations_administered_by(actor).filter(pk=owner.pk).exists():
            raise ApplicationError(
                "forbidden", _("You can only create sources for organizations you administer.")
            )
    if PostingSource.objects.filter(name=data["name"]).exists():
        raise ApplicationError(
            "conflict", _("A source with this name exists."), fields={"name": [_("Taken.")]}
        )
    with transaction.atomic():
        source = PostingSource.objects.create(**data)
        audit_record(
            actor=actor,
            action="demand.source_create",
            obj=source,
            after={"name": source.name},
            organization_id=source.owner_id,
        )
    return source


def source_get_or_create_for_cli(*, name: str) -> PostingSource:
    """Command-line imports by operators: a source without owner (raw rows private)."""
    with transaction.atomic():
        source, created = PostingSource.objects.get_or_create(
            name=name,
            defaults={"label": name, "raw_visibility": Visibility.PRIVATE},
        )
        if created:
            audit_record(
                actor=None, action="demand.source_create", obj=source, after={"name": name}
            )
    return source


def source_update(*, actor: Any, source: PostingSource, data: dict[str, Any]) -> PostingSource:
    access_source(actor, source, Action.MANAGE)
    mapping = data.get("column_mapping")
    if mapping is not None:
        bad = mapping_problems(mapping, headers=list(mapping.values()))
        if any(problem.code == "unknown_field" for problem in bad):
            raise ApplicationError("invalid", _("The mapping names an unknown field."))
    before = {k: getattr(source, k) for k in data}
    with transaction.atomic():
        for key, value in data.items():
            setattr(source, key, value)
        source.save()
        audit_record(
            actor=actor,
            action="demand.source_update",
            obj=source,
            before={k: str(v) for k, v in before.items()},
            after={k: str(v) for k, v in data.items()},
            organization_id=source.owner_id,
        )
    return source


# --- runs ---------------------------------------------------------------------------------


def run_create(
    *,
    actor: Any,
    source: PostingSource,
    path: Path,
    file_name: str,
    policy: str = RejectPolicy.KEEP_GOOD,
    mapping_override: dict[str, str] | None = None,
    tag_skills: bool = True,
    enqueue: bool = False,
) -> IngestRun:
    """Register a file for import; with ``enqueue`` the ``ingest`` queue runs it."""
    if actor is not None:
        access_source(actor, source, Action.MANAGE)
    size = path.stat().st_size
    with transaction.atomic():
        run = IngestRun.objects.create(
            source=source,
            file_name=file_name[:255],
            file_path=str(path),
            file_sha256=_sha256(path),
            file_bytes=size,
            policy=policy,
            mapping_override=mapping_override or {},
            tag_skills=tag_skills,
            total_rows=_estimate_rows(path),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="demand.run_create",
            obj=run,
            after={"file": run.file_name, "bytes": size, "source": source.name},
            organization_id=source.owner_id,
        )
        if enqueue:
            from talentbridge.demand.tasks import ingest_run_task

            run_id = str(run.pk)
            transaction.on_commit(lambda: ingest_run_task.enqueue(run_id))
    return run


def run_unfinished(
    *,
    source: PostingSource,
    path: Path,
    policy: str = RejectPolicy.KEEP_GOOD,
    mapping_override: dict[str, str] | None = None,
    tag_skills: bool = True,
) -> IngestRun | None:
    """The interrupted run (still marked running) of the same file — same checksum, source
    and options — that ``run_execute`` can continue, or None."""
    candidates = IngestRun.objects.filter(
        source=source,
        file_sha256=_sha256(path),
        status=RunStatus.RUNNING,
        policy=policy,
        tag_skills=tag_skills,
    ).order_by("-created_at")
    wanted = mapping_override or {}
    run = next((r for r in candidates if (r.mapping_override or {}) == wanted), None)
    if run is not None and run.file_path != str(path):
        run.file_path = str(path)
        run.save(update_fields=["file_path", "updated_at"])
    return run


def check_upload_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise ApplicationError(
            "invalid",
            _(
                "The file is %(size)s; the limit is %(limit)s. Split it or ask an operator to "
                "import it from the command line (manage.py ingest_postings)."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _estimate_rows(path: Path) -> int:
    if path.suffix.lower() == ".xlsx":
        return 0
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


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


class _Rollback(Exception):
    """Raised inside the all-or-nothing transaction when a row was rejected."""


def run_execute(
    *,
    run_id: Any,
    progress: Progress | None = None,
    workers: int = 0,
    scheduler: str | None = None,
) -> IngestRun:
    """Import the run's file, partition by partition; safe to call again after a crash.

    Without ``workers``/``scheduler`` everything runs in this process. With ``workers=N`` a
    Dask LocalCluster of N worker processes, with ``scheduler="tcp://host:port"`` an existing
    Dask cluster reads, normalizes and tags the partitions; this process de-duplicates and
    commits them one by one in file order. Each partition commits together with the run's
    counters and ``committed_partitions`` (the ledger), so calling this again for a run that
    was interrupted continues after the last committed partition and ends with the counters
    of an uninterrupted run.

    An unexpected error ends the run as failed with the reason (the partitions committed before
    it are kept and counted) and is raised again, so the task backend records it too; calling
    this again for a failed run resumes it.
    """
    run = IngestRun.objects.select_related("source").get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.ROLLED_BACK):
        return run
    try:
        return _execute(run, progress=progress, workers=workers, scheduler=scheduler)
    except Exception as error:
        logger.exception("ingest run %s failed", run.pk)
        run.refresh_from_db()
        reason = _(
            "The import stopped on an unexpected error (%(error)s); rows committed before it "
            "are kept and counted. Run it again to continue."
        ) % {"error": error.__class__.__name__}
        _finish(run, RunStatus.FAILED, _Totals.of(run), str(reason))
        raise


def _execute(
    run: IngestRun, *, progress: Progress | None, workers: int, scheduler: str | None
) -> IngestRun:
    warehouse_reconcile()
    resuming = run.committed_partitions > 0 and run.policy == RejectPolicy.KEEP_GOOD
    if not resuming:
        IngestRun.objects.filter(pk=run.pk).update(
            read=0,
            imported=0,
            duplicates=0,
            reposts=0,
            rejected=0,
            errors=[],
            committed_partitions=0,
            partition_rows=CHUNK_ROWS,
        )
    IngestRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    run.refresh_from_db()
    try:
        posting_file = open_posting_file(Path(run.file_path))
    except FileProblem as problem:
        return _finish(run, RunStatus.FAILED, _Totals(), str(FILE_ERROR_MESSAGES[problem.code]))
    mapping = effective_mapping(
        run.source.column_mapping, run.mapping_override, posting_file.headers
    )
    problems = mapping_problems(mapping, posting_file.headers)
    if problems:
        message = " ".join(
            str(MAPPING_ERROR_MESSAGES[p.code]) % {"subject": p.subject} for p in problems
        )
        return _finish(run, RunStatus.FAILED, _Totals(), message)
    _remember_mapping(run.source, mapping)
    totals = _Totals.of(run) if resuming else _Totals()
    imported_on = timezone.localdate(run.created_at)
    tasks = _partition_tasks(
        posting_file,
        mapping=mapping,
        imported_on=imported_on,
        tag_skills=run.tag_skills,
        size=run.partition_rows or CHUNK_ROWS,
        skip=run.committed_partitions if resuming else 0,
    )
    dedupe = _RunDedupe()
    with partition_runner(workers=workers, scheduler=scheduler) as prepared_partitions:
        partitions = prepared_partitions(tasks)
        if run.policy == RejectPolicy.ALL_OR_NOTHING:
            return _run_all_or_nothing(run, partitions, dedupe, totals, progress)
        for prepared in partitions:
            with transaction.atomic():
                _process_partition(run, prepared, dedupe, totals)
                run.committed_partitions = prepared.sequence + 1
                _save_progress(run, totals)
            if progress:
                progress(run)
    return _finish(run, RunStatus.DONE, totals, "")


def _partition_tasks(
    posting_file: PostingFile,
    *,
    mapping: dict[str, str],
    imported_on: date,
    tag_skills: bool,
    size: int,
    skip: int,
) -> Iterator[PartitionTask]:
    """The partitions of the file from number ``skip`` on: byte ranges where the format
    allows, else row blocks read here (``ingest/partitions.py``)."""
    template = PartitionTask(0, mapping=mapping, imported_on=imported_on, tag_skills=tag_skills)
    ranges = None
    if posting_file.kind in ("csv", "jsonl"):
        file_format = FileFormat(
            posting_file.kind,
            posting_file.encoding,
            posting_file.delimiter,
            tuple(posting_file.headers),
        )
        ranges = plan_byte_ranges(posting_file.path, file_format, size)
    if ranges is not None:
        path = str(posting_file.path)
        for sequence, byte_range in enumerate(ranges):
            if sequence >= skip:
                yield dataclasses.replace(
                    template,
                    sequence=sequence,
                    path=path,
                    file_format=file_format,
                    byte_range=byte_range,
                )
        return
    for sequence, block in enumerate(_chunks(posting_file.rows, size)):
        if sequence >= skip:
            yield dataclasses.replace(template, sequence=sequence, rows=tuple(block))


def _run_all_or_nothing(
    run: IngestRun,
    partitions: Iterator[PreparedPartition],
    dedupe: _RunDedupe,
    totals: _Totals,
    progress: Progress | None,
) -> IngestRun:
    try:
        with transaction.atomic():
            for prepared in partitions:
                _process_partition(run, prepared, dedupe, totals)
                if progress:
                    _count_into(run, totals)
                    progress(run)
            if totals.rejected:
                raise _Rollback
    except _Rollback:
        warehouse_reconcile()
        message = _("%(rejected)d rows were rejected, so nothing was imported.") % {
            "rejected": totals.rejected
        }
        rolled_back = _Totals(read=totals.read, rejected=totals.rejected, errors=totals.errors)
        rolled_back.duplicates = totals.read - totals.rejected
        return _finish(run, RunStatus.ROLLED_BACK, rolled_back, str(message))
    return _finish(run, RunStatus.DONE, totals, "")


def _chunks(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _count_into(run: IngestRun, totals: _Totals) -> None:
    run.read, run.imported, run.duplicates = totals.read, totals.imported, totals.duplicates
    run.reposts, run.rejected, run.errors = totals.reposts, totals.rejected, totals.errors


def _save_progress(run: IngestRun, totals: _Totals) -> None:
    _count_into(run, totals)
    run.save(
        update_fields=[
            "read",
            "imported",
            "duplicates",
            "reposts",
            "rejected",
            "errors",
            "committed_partitions",
            "updated_at",
        ]
    )


def _finish(run: IngestRun, status: str, totals: _Totals, message: str) -> IngestRun:
    _count_into(run, totals)
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit_record(
            actor=run.created_by,
            action="demand.run_finish",
            obj=run,
            after={"status": status, **run.summary()},
            organization_id=run.source.owner_id,
        )
    return run


def _remember_mapping(source: PostingSource, mapping: dict[str, str]) -> None:
    if source.column_mapping != mapping:
        PostingSource.objects.filter(pk=source.pk).update(column_mapping=mapping)
        source.column_mapping = mapping


def warehouse_reconcile() -> tuple[int, int]:
    committed = set(WarehouseChunk.objects.values_list("path", flat=True))
    return warehouse.reconcile(committed)


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


# --- semantic tagging pass ------------------------------------------------------------------


def semantic_tagging_pass(
    *, batch_size: int = 256, limit: int | None = None, fast: bool = False
) -> int:
    """Tag postings not yet semantically tagged; adds only skills the lexical pass missed
    (``fast``: the extraction engine's static-vector mode instead of e5).

    Each batch commits its tags, flags and aggregate additions together, so the pass can be
    stopped at any time and resumed by calling it again. Returns the postings processed.
    """
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with transaction.atomic():
            batch = list(
                JobPosting.objects.select_for_update()
                .filter(semantic_tagged=False)
                .order_by("id")[:size]
            )
            if not batch:
                break
            found = tag_texts(
                [f"{p.job_title}\n{p.description}" for p in batch], semantic=True, fast=fast
            )
            by_source: dict[Any, list[dict[str, Any]]] = {}
            for posting, skills in zip(batch, found, strict=True):
                had_aigc = bool(aigc_skill_ids().intersection(posting.skills))
                added = [s for s in skills if s not in posting.skills]
                posting.skills = [*posting.skills, *added]
                posting.semantic_tagged = True
                if added:
                    markers = (
                        [] if had_aigc else [m for m in _with_markers(added) if m == AIGC_MARKER]
                    )
                    by_source.setdefault(posting.source_id, []).append(
                        _posting_row(posting, [*added, *markers])
                    )
            JobPosting.objects.bulk_update(batch, ["skills", "semantic_tagged"])
            for source_id, rows in by_source.items():
                aggregates.add_chunk(str(source_id), rows, count_postings=False)
        done += len(batch)
    return done


def _posting_row(posting: JobPosting, skills: list[str]) -> dict[str, Any]:
    low, high = posting.salary_min, posting.salary_max
    salary_mid = (low + high) // 2 if low is not None and high is not None else (low or high)
    return {
        "month": posting.month,
        "province_code": posting.province_code,
        "city_code": posting.city_code,
        "occupation_code": posting.occupation_code,
        "company_key": posting.company_key,
        "salary_mid": salary_mid,
        "skills": skills,
        "is_new": True,
    }


# --- supply (enrolment / graduates) ---------------------------------------------------------

SUPPLY_HEADERS = {
    "college_name": ("院校名称", "学校名称", "院校", "学校", "college", "school"),
    "region_code": ("地区代码", "行政区划代码", "地区", "region", "regioncode"),
    "major_code": ("专业代码", "majorcode", "code"),
    "major_name": ("专业名称", "专业", "major", "majorname"),
    "year": ("年份", "年度", "届别", "year"),
    "enrolled": ("招生人数", "在校生数", "招生数", "enrolled", "enrollment"),
    "graduates": ("毕业生人数", "毕业生数", "毕业人数", "graduates"),
}


@dataclass
class SupplyImportResult:
    read: int = 0
    imported: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def supply_import(*, actor: Any, path: Path, all_or_nothing: bool = False) -> SupplyImportResult:
    """Import college × major × year enrolment/graduate counts from an XLSX sheet.

    A row for an existing (college, major, year) replaces its counts. Bad rows are reported
    by row number; with ``all_or_nothing`` one bad row cancels the whole import.

    Superusers and government officers import figures of any college. A college admin imports
    only rows whose college name is the Chinese or English name of a college they administer
    (the row is linked to that organization); other rows are rejected as ``foreign_college``.
    """
    from talentbridge.demand.ingest.mapping import header_key
    from talentbridge.demand.permissions import can_import_supply, supply_colleges_of

    can_import_supply(actor)
    colleges = supply_colleges_of(actor)
    try:
        posting_file = open_posting_file(path)
    except FileProblem as problem:
        raise ApplicationError("invalid", FILE_ERROR_MESSAGES[problem.code]) from problem
    keys = {header_key(h): h for h in posting_file.headers}
    columns = {
        field_name: next((keys[s] for s in synonyms if s in keys), "")
        for field_name, synonyms in SUPPLY_HEADERS.items()
    }
    missing = [f for f in ("college_name", "major_code", "year") if not columns[f]]
    if missing:
        raise ApplicationError(
            "invalid", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    result = SupplyImportResult()
    good: list[dict[str, Any]] = []
    for row in posting_file.rows:
        result.read += 1
        parsed = _supply_row(row, columns)
        if not isinstance(parsed, str) and colleges is not None:
            parsed = _own_college_row(parsed, colleges)
        if isinstance(parsed, str):
            result.rejected += 1
            result.errors.append(
                {
                    "row": row.number,
                    "code": parsed,
                    "reason": str(SUPPLY_ERROR_MESSAGES.get(parsed, parsed)),
                }
            )
        else:
            good.append(parsed)
    if all_or_nothing and result.rejected:
        return result
    with transaction.atomic():
        for data in good:
            key = {k: data.pop(k) for k in ("college_name", "major_code", "year")}
            SupplyRecord.objects.update_or_create(**key, defaults={**data, "imported_by": actor})
        result.imported = len(good)
        audit_record(
            actor=actor,
            action="demand.supply_import",
            object_type="supply",
            after={"file": path.name, "imported": result.imported, "rejected": result.rejected},
        )
    return result


def _college_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _own_college_row(row: dict[str, Any], colleges: list[Any]) -> dict[str, Any] | str:
    """The row linked to the actor's college it names, or ``foreign_college``."""
    wanted = _college_key(row["college_name"])
    for college in colleges:
        if wanted in {_college_key(college.name_zh), _college_key(college.name_en or "")}:
            return {**row, "college": college}
    return "foreign_college"


SUPPLY_ERROR_MESSAGES = {
    "missing_college": _("the college name is empty"),
    "foreign_college": _("you may import figures only for a college you administer"),
    "missing_major": _("the major code is empty"),
    "bad_year": _("the year is not a number between 2000 and 2100"),
    "bad_count": _("a count is not a whole number ≥ 0"),
    **ROW_ERROR_MESSAGES,
}


def _supply_row(row: SourceRow, columns: dict[str, str]) -> dict[str, Any] | str:
    if row.error:
        return row.error
    value = {f: (row.values.get(h, "") if h else "").strip() for f, h in columns.items()}
    if not value["college_name"]:
        return "missing_college"
    if not value["major_code"]:
        return "missing_major"
    if (
        not re.fullmatch(r"\d{4}", value["year"], re.ASCII)
        or not 2000 <= int(value["year"]) <= 2100
    ):
        return "bad_year"
    counts = {}
    for name in ("enrolled", "graduates"):
        text = value[name] or "0"
        if not re.fullmatch(r"\d{1,9}", text, re.ASCII):
            return "bad_count"
        counts[name] = int(text)
    return {
        "college_name": value["college_name"][:200],
        "major_code": value["major_code"][:10],
        "year": int(value["year"]),
        "major_name": value["major_name"][:200],
        "region_code": value["region_code"][:6],
        **counts,
    }
