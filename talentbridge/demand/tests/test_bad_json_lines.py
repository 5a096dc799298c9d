"""Finding 4 of issue 13, the ingest half: a JSON-lines file with hostile lines (nested past any
limit, a list, a bare value, invalid UTF-8) is imported through the real task backend; the bad
lines are reported with their line numbers, the good rows are kept, the run ends (never stuck
"running"), and /healthz reports a run that failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from talentbridge.demand import services
from talentbridge.demand.demo import synthetic_postings
from talentbridge.demand.models import IngestRun, JobPosting, PostingSource, RunStatus
from talentbridge.demand.tasks import ingest_run_task

pytestmark = pytest.mark.django_db(transaction=True)

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_VALUE = '{"职位名称": ' + "[" * 900 + "]" * 900 + "}"


def _write_jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _good(n: int) -> list[bytes]:
    return [json.dumps(row, ensure_ascii=False).encode() for row in synthetic_postings(n)]


def _run(path: Path) -> IngestRun:
    source = PostingSource.objects.create(name="hostile")
    run = services.run_create(actor=None, source=source, path=path, file_name=path.name)
    ingest_run_task.enqueue(str(run.pk))
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    run.refresh_from_db()
    return run


def test_hostile_lines_are_reported_by_number_and_the_good_rows_kept(tmp_path: Path) -> None:
    good = _good(6)
    lines = [DEEP.encode(), *good[:2], b"[1, 2, 3]", good[2], DEEP_VALUE.encode(), *good[3:],
             b"42", b'{"truncated": ']  # fmt: skip
    run = _run(_write_jsonl(tmp_path / "hostile.jsonl", lines))
    assert run.status == RunStatus.DONE, (run.status, run.message)
    assert run.read == 11 and run.imported == 6 and run.rejected == 5, run.summary()
    reported = {error["row"]: error["code"] for error in run.errors}
    assert reported == {1: "json_too_deep", 4: "not_an_object", 6: "json_too_deep",
                        10: "not_an_object", 11: "invalid_json"}  # fmt: skip
    assert all(error["reason"] for error in run.errors)
    assert JobPosting.objects.count() == 6


def test_a_file_of_only_hostile_lines_fails_with_a_reason_and_healthz_says_so(
    tmp_path: Path,
) -> None:
    run = _run(_write_jsonl(tmp_path / "only-bad.jsonl", [DEEP.encode(), b"[1]", b"7"]))
    assert run.status == RunStatus.FAILED
    assert run.message
    assert run.finished_at is not None
    health = Client().get("/healthz").json()
    assert health["checks"]["failed_ingest_runs"] == "1", health


def test_a_run_whose_file_vanished_fails_with_a_reason_instead_of_running_forever(
    tmp_path: Path,
) -> None:
    path = _write_jsonl(tmp_path / "gone.jsonl", _good(3))
    source = PostingSource.objects.create(name="vanishing")
    run = services.run_create(actor=None, source=source, path=path, file_name=path.name)
    path.unlink()
    ingest_run_task.enqueue(str(run.pk))
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "FileNotFoundError" in run.message and run.finished_at is not None
    assert Client().get("/healthz").json()["checks"]["failed_ingest_runs"] == "1"


def test_a_file_that_is_not_text_fails_with_a_reason(tmp_path: Path) -> None:
    run = _run(_write_jsonl(tmp_path / "binary.jsonl", [*_good(2), b'{"\xff\xfe\xc3": 1}']))
    assert run.status == RunStatus.FAILED
    assert "UTF-8" in run.message
