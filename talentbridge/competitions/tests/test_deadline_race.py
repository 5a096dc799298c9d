"""The submission deadline on PostgreSQL, decided by the database clock: requests racing the
deadline from two connections (T−1 s accepted, T+1 s refused), and simultaneous versions."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.db.models.functions import Now

from conftest import make_world
from talentbridge.competitions.models import Competition, Phase, Submission
from talentbridge.competitions.services import entries

from .test_services import _setup

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def _db_now() -> dt.datetime:
    return Competition.objects.annotate(n=Now()).values_list("n", flat=True).first() or (
        Phase.objects.annotate(n=Now()).values_list("n", flat=True).first()
    )  # type: ignore[return-value]


def _submit(entry: Any, actor: Any, body: bytes, out: dict[str, Any], key: str) -> None:
    try:
        out[key] = entries.submission_create(
            actor=actor, entry=entry, upload=SimpleUploadedFile("w", body), file_name="w"
        ).version
    except Exception as exc:
        out[key] = getattr(exc, "code", repr(exc))
    finally:
        connections.close_all()


def test_deadline_race_and_concurrent_versions(settings: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race is defined on PostgreSQL (DATABASE_URL=postgres://…)")
    settings.MEDIA_ROOT = str(tmp_path)
    world = make_world()
    s = _setup(world)
    carol, erin = world.users["carol"], world.users["erin"]
    entry = entries.entry_register(
        actor=carol, proposition=s["proposition"], title="t", college=world.college
    )
    entries.entry_decide(actor=erin, entry=entry, approve=True)
    entry.refresh_from_db()
    # two writers at once: both accepted, versions 1 and 2, no duplicate
    out: dict[str, Any] = {}
    threads = [
        threading.Thread(target=_submit, args=(entry, carol, f"v{i}".encode(), out, f"c{i}"))
        for i in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out.values()) == [1, 2]
    # the deadline 2 s from the database's now: T−1 s accepted, T+1 s refused
    deadline = _db_now() + dt.timedelta(seconds=2)
    Phase.objects.filter(competition=s["competition"], kind="submission").update(ends_at=deadline)
    time.sleep(1.0)
    _submit(entry, carol, b"early", out, "early")
    while _db_now() < deadline + dt.timedelta(seconds=1):
        time.sleep(0.1)
    _submit(entry, carol, b"late", out, "late")
    assert out["early"] == 3 and out["late"] == "conflict"
    assert Submission.objects.filter(entry=entry).count() == 3
