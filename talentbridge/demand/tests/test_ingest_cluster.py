"""The partitioned ingest on a real Dask cluster: the same result as one process, and an
interrupted run continued from its ledger ends with the counts of an uninterrupted run."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from talentbridge.demand import services, warehouse
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import (
    EmployerCount,
    IngestRun,
    JobPosting,
    PostingCount,
    PostingSighting,
    PostingSource,
    RunStatus,
    SalaryBucket,
    SkillCount,
    WarehouseChunk,
)

pytestmark = pytest.mark.django_db(transaction=True)  # the warehouse is published on commit


@pytest.fixture
def scheduler() -> Iterator[str]:
    """A real Dask LocalCluster with two worker threads in this process (the test tagger
    and settings are visible to them)."""
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def small_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.runs, "CHUNK_ROWS", 40)


def _rows() -> list[dict[str, str]]:
    rows = list(synthetic_postings(230, seed=21))
    rows[7]["职位名称"] = ""  # rejected
    rows += [dict(rows[3]), dict(rows[50])]  # the same raw rows again: duplicates
    repost = dict(rows[60])
    repost["发布日期"] = "2024-12-30"  # a re-post with a later date
    rows.append(repost)
    return rows


def ingest(path: Path, *args: str) -> tuple[dict[str, int], str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(SystemExit):
        call_command("ingest_postings", str(path), "--source", "s", *args, stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, out.getvalue()
    return json.loads(lines[0]), err.getvalue()


def snapshot() -> dict[str, Any]:
    return {
        "postings": sorted(
            JobPosting.objects.values_list(
                "content_hash", "row_number", "skills", "repost_count", "last_seen_on"
            )
        ),
        "sightings": PostingSighting.objects.count(),
        "counts": sorted(
            PostingCount.objects.values_list(
                "month", "city_code", "occupation_code", "new_postings", "reposts"
            )
        ),
        "skills": sorted(SkillCount.objects.values_list("month", "skill_id", "postings")),
        "salaries": sorted(SalaryBucket.objects.values_list("skill_id", "bucket", "postings")),
        "employers": sorted(EmployerCount.objects.values_list("company_key", "postings")),
        "warehouse": warehouse.query("select count(*), count(distinct posting_id) from postings"),
    }


def wipe() -> None:
    for model in (
        PostingSighting,
        JobPosting,
        PostingCount,
        SkillCount,
        SalaryBucket,
        EmployerCount,
        WarehouseChunk,
        IngestRun,
        PostingSource,
    ):
        model.objects.all().delete()
    shutil.rmtree(warehouse.root(), ignore_errors=True)


@pytest.mark.usefixtures("small_partitions")
def test_cluster_ingest_equals_single_process(tmp_path: Path, scheduler: str) -> None:
    path = write_csv(tmp_path / "p.csv", _rows())
    single, _ = ingest(path)
    expected = snapshot()
    # two raw rows sent twice and one re-post are duplicates, the untitled row is rejected
    assert single == {"read": 233, "imported": 229, "duplicates": 3, "rejected": 1}
    wipe()
    on_cluster, _ = ingest(path, "--scheduler", scheduler)
    assert on_cluster == single
    assert snapshot() == expected
    run = IngestRun.objects.get()
    assert run.status == RunStatus.DONE and run.committed_partitions == 6  # 233 rows / 40


@pytest.mark.usefixtures("small_partitions")
def test_interrupted_cluster_ingest_continues_from_the_ledger(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "p.csv", _rows())
    clean, _ = ingest(path)
    expected = snapshot()
    wipe()
    original = services.partitions._write_warehouse
    calls = {"n": 0}

    def crash_in_third_partition(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        original(*args, **kwargs)
        if calls["n"] == 3:
            raise KeyboardInterrupt  # Ctrl-C while the third partition is being committed

    monkeypatch.setattr(services.partitions, "_write_warehouse", crash_in_third_partition)
    with pytest.raises(KeyboardInterrupt):
        ingest(path, "--scheduler", scheduler)
    run = IngestRun.objects.get()
    assert run.status == RunStatus.RUNNING and run.committed_partitions == 2
    assert run.read == 80 and JobPosting.objects.count() == run.imported
    assert list(Path(warehouse.root()).rglob("*.tmp"))  # the third partition's orphans
    monkeypatch.setattr(services.partitions, "_write_warehouse", original)
    resumed, messages = ingest(path, "--scheduler", scheduler)
    assert "Continuing the interrupted import" in messages
    assert resumed == clean
    assert IngestRun.objects.count() == 1
    assert snapshot() == expected
    assert not list(Path(warehouse.root()).rglob("*.tmp"))
    # a finished run is not continued: the same file again is all duplicates
    again, _ = ingest(path, "--scheduler", scheduler)
    assert again["imported"] == 0 and again["read"] == clean["read"]


@pytest.mark.slow
@pytest.mark.usefixtures("small_partitions")
def test_workers_flag_runs_a_local_cluster_of_processes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", _rows()[:120])
    single, _ = ingest(path, "--no-tagging")
    expected = snapshot()
    wipe()
    on_workers, _ = ingest(path, "--no-tagging", "--workers", "2")
    assert on_workers == single
    assert snapshot() == expected


@pytest.mark.slow
def test_killed_ingest_process_is_continued_by_running_the_command_again(
    tmp_path: Path, settings: Any
) -> None:
    """SIGKILL of a real ``manage.py ingest_postings`` process after its first partition."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(14_000, seed=8)))
    settings.DEMAND_WAREHOUSE_DIR = str(tmp_path / "var" / "warehouse")  # the child's default
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "TALENTBRIDGE_VAR_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "manage.py", "ingest_postings", str(path), "--source", "s"]
    child = subprocess.Popen(
        [*command, "--no-tagging"],
        env=env,
        cwd=Path(settings.BASE_DIR),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not IngestRun.objects.filter(committed_partitions__gte=1).exists():
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    run = IngestRun.objects.get()
    assert run.status == RunStatus.RUNNING and 1 <= run.committed_partitions < 3
    assert JobPosting.objects.count() == run.imported == run.read - run.duplicates
    resumed, messages = ingest(path, "--no-tagging")
    assert "Continuing the interrupted import" in messages
    after_kill = snapshot()
    wipe()
    clean, _ = ingest(path, "--no-tagging")
    assert resumed == clean
    assert clean["read"] == 14_000 == clean["imported"] + clean["duplicates"]
    assert after_kill == snapshot()


def _database_url(database: dict[str, Any]) -> str:
    """The URL of the test database, for a child process (SQLite file or PostgreSQL)."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{database['USER']}{password}@{host}{port}/{database['NAME']}"
