"""Upload intake shared by the source page and the API (``intake.run_upload``): the file is
kept only when its run was created, and the run is queued only after the transaction commits;
``services.run_create`` alone queues nothing (services never import tasks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from talentbridge.core.errors import DENIAL_CODES, ApplicationError
from talentbridge.demand import intake, services
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import IngestRun, PostingSource, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _stored_files() -> list[Path]:
    folder = intake.upload_folder()
    return sorted(folder.iterdir()) if folder.exists() else []


def _queued_ingest_runs() -> list[Any]:
    return [
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(queue_name="ingest", status="READY")
    ]


def test_api_upload_is_stored_queued_after_commit_and_imported_by_the_worker(
    world: World, tmp_path: Path, media: Path
) -> None:
    source = PostingSource.objects.create(name="ent", owner=world.enterprise)
    data = write_csv(tmp_path / "up.csv", list(synthetic_postings(25))).read_bytes()
    response = client_for(world, "enterprise_staff").post(
        reverse("api-demand-runs", args=[source.name]),
        {"file": SimpleUploadedFile("jobs.csv", data), "policy": "keep_good"},
    )
    assert response.status_code == 202, response.content[:300]
    run = IngestRun.objects.get()
    assert run.file_name == "jobs.csv" and run.status == RunStatus.QUEUED
    assert _stored_files() == [Path(run.file_path)]
    assert Path(run.file_path).read_bytes() == data
    assert _queued_ingest_runs() == [str(run.pk)]
    call_command("task_worker", "--batch", "--queue-name", "ingest", "--no-startup-delay")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.imported == 25


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Unsupported file type: use .csv, .tsv, .jsonl or .xlsx."),
        ("zh-hans", "不支持的文件类型：请使用 .csv、.tsv、.jsonl 或 .xlsx。"),
    ],
)
def test_refused_upload_keeps_no_file_and_no_run(
    world: World, media: Path, language: str, message: str
) -> None:
    source = PostingSource.objects.create(name="ent", owner=world.enterprise)
    response = client_for(world, "enterprise_staff").post(
        reverse("api-demand-runs", args=[source.name]),
        {"file": SimpleUploadedFile("jobs.pdf", b"%PDF-1.4")},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert IngestRun.objects.count() == 0 and _stored_files() == []
    assert _queued_ingest_runs() == []


def test_intake_checks_the_gatekeeper_before_storing_anything(world: World, media: Path) -> None:
    source = PostingSource.objects.create(name="ent", owner=world.enterprise)
    with pytest.raises(ApplicationError) as refused:
        intake.run_upload(
            actor=world.users["college_admin"],
            source=source,
            upload=SimpleUploadedFile("jobs.csv", b"job_title\nx\n"),
        )
    assert refused.value.code in DENIAL_CODES
    assert IngestRun.objects.count() == 0 and _stored_files() == []


def test_run_create_alone_queues_nothing(world: World, tmp_path: Path) -> None:
    source = PostingSource.objects.create(name="ent", owner=world.enterprise)
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(5)))
    services.run_create(actor=None, source=source, path=path, file_name="p.csv")
    assert IngestRun.objects.count() == 1 and _queued_ingest_runs() == []
