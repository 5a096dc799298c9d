"""Intake of an uploaded posting file, shared by the source page and the API: gatekeeper, size
and type checks, the file stored under ``MEDIA_ROOT/demand/uploads``, the ingest run created
(``services.run_create``) and queued on the ``ingest`` queue once the transaction commits.

It sits above both ``services`` and ``tasks`` (tasks wrap services; services never import
tasks), so the demand app has no import cycle (ADR 0013, import-linter).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from talentbridge.core.errors import ApplicationError
from talentbridge.demand import services
from talentbridge.demand.ingest.readers import SUPPORTED_SUFFIXES
from talentbridge.demand.models import IngestRun, PostingSource, RejectPolicy
from talentbridge.demand.permissions import Action, access_source
from talentbridge.demand.tasks import ingest_run_task


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "demand" / "uploads"


def run_upload(
    *,
    actor: Any,
    source: PostingSource,
    upload: UploadedFile,
    policy: str = RejectPolicy.KEEP_GOOD,
    tag_skills: bool = True,
) -> IngestRun:
    """Store ``upload`` and queue its import; nothing is kept when any step refuses it."""
    access_source(actor, source, Action.MANAGE)
    services.check_upload_size(upload.size or 0)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApplicationError("invalid", services.FILE_ERROR_MESSAGES["unsupported_format"])
    path = _store(upload, suffix)
    try:
        with transaction.atomic():
            run = services.run_create(
                actor=actor,
                source=source,
                path=path,
                file_name=upload.name or path.name,
                policy=policy,
                tag_skills=tag_skills,
            )
            run_id = str(run.pk)
            transaction.on_commit(lambda: ingest_run_task.enqueue(run_id))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return run


def _store(upload: UploadedFile, suffix: str) -> Path:
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for block in upload.chunks():
            handle.write(block)
    return path
