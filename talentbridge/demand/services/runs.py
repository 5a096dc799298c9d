"""Ingest runs: create, execute (partition by partition, resumable), reconcile the warehouse."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.services import audit_record
from talentbridge.core.task_leases import LeaseLostError, renew_current_lease
from talentbridge.demand import warehouse
from talentbridge.demand.ingest.cluster import partition_runner
from talentbridge.demand.ingest.mapping import effective_mapping, mapping_problems
from talentbridge.demand.ingest.partitions import (
    FileFormat,
    PartitionTask,
    PreparedPartition,
    plan_byte_ranges,
)
from talentbridge.demand.ingest.readers import (
    FileProblem,
    PostingFile,
    SourceRow,
    open_posting_file,
)
from talentbridge.demand.models import (
    IngestRun,
    PostingSource,
    RejectPolicy,
    RunStatus,
    WarehouseChunk,
)
from talentbridge.demand.permissions import Action, access_source
from talentbridge.demand.services.partitions import _process_partition, _RunDedupe, _Totals
from talentbridge.demand.services.uploads import MAPPING_ERROR_MESSAGES, file_problem_message

logger = logging.getLogger(__name__)
CHUNK_ROWS = 5000  # rows per partition: one transaction, one task on a Dask worker


Progress = Callable[[IngestRun], None]


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
) -> IngestRun:
    """Register a file for import; ``run_execute`` imports it (``intake.run_upload`` queues
    uploads on the ``ingest`` queue, the ``ingest_postings`` command runs it in-process)."""
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
            organization_id=source.owner_id,
        )
        audit_record(
            actor=actor,
            action="demand.run_create",
            obj=run,
            after={"file": run.file_name, "bytes": size, "source": source.name},
            organization_id=source.owner_id,
        )
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
    this again for a failed run resumes it. A worker that lost the task's lease only stops.
    """
    run = IngestRun.objects.select_related("source").get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.ROLLED_BACK):
        return run
    try:
        return _execute(run, progress=progress, workers=workers, scheduler=scheduler)
    except LeaseLostError:
        raise  # another worker owns the run now (ADR 0012): leave its state alone
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
        return _finish(run, RunStatus.FAILED, _Totals(), file_problem_message(problem))
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
                # Per-batch lease renewal (ADR 0012): a worker whose task was taken back
                # commits nothing more; renewing at the end keeps the lease fresh at commit.
                renew_current_lease()
                _process_partition(run, prepared, dedupe, totals)
                run.committed_partitions = prepared.sequence + 1
                _save_progress(run, totals)
                renew_current_lease()
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
                renew_current_lease()
                _process_partition(run, prepared, dedupe, totals)
                if progress:
                    _count_into(run, totals)
                    progress(run)
            renew_current_lease()
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
        renew_current_lease()  # a worker that lost its task's lease does not finish the run
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
