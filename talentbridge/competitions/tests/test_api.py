"""The API walk: erin organises, carol registers and submits (receipt), erin approves and
assigns, the judge scores blind (codes only), erin ranks and publishes; bad input is a
bilingual 400 that writes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World, client_for
from talentbridge.competitions.models import Competition, Entry, ScoreEvent
from talentbridge.competitions.tests.authz import make_competition_world

API = "/api/v1/competitions"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_walk_blind_judging_through_the_api(world: World, media: Path) -> None:
    cw = make_competition_world(world)
    erin, carol, dave = (
        client_for(world, r) for r in ("secretariat", "student", "government_officer")
    )
    Entry.objects.filter(pk=cw.entry.pk).update(status="pending")
    ok = erin.post(
        f"{API}/entries/{cw.entry.pk}/decide/", {"approve": True}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    body = b"%PDF-1.4 poster by carol"
    r = carol.post(
        f"{API}/entries/{cw.entry.pk}/submissions/",
        {"file": SimpleUploadedFile("poster.pdf", body)},
    )
    assert r.status_code == 201, r.content
    assert r.json()["sha256"] == hashlib.sha256(body).hexdigest() and r.json()["version"] == 1
    assert [
        x["version"] for x in carol.get(f"{API}/entries/{cw.entry.pk}/submissions/").json()
    ] == [1]
    r = erin.post(f"{API}/{cw.competition.pk}/assignment/")
    assert r.status_code == 200 and r.json()["pairs"] == 1
    seen = dave.get(f"{API}/judges/{cw.judge.pk}/entries/")
    assert seen.status_code == 200
    text = seen.content.decode()
    assert "ABC234" in text
    for secret in (
        "carol",
        "tina",
        world.college.name_zh,
        world.college.name_en,
        "作品",
        str(cw.entry.pk),
    ):
        assert secret not in text, secret
    r = dave.post(
        f"{API}/judges/{cw.judge.pk}/scores/", {"entry": "ABC234", "scores": {"idea": "8"}},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201 and len(r.json()["head"]) == 64
    r = erin.post(f"{API}/{cw.competition.pk}/rankings/")
    assert r.status_code == 201 and r.json()["results"][0]["entry"] == "ABC234"
    run = r.json()["id"]
    r = erin.post(
        f"{API}/rankings/{run}/publish/", {"awards": {"first": 1}}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["published_at"]
    assert Competition.objects.get(pk=cw.competition.pk).results_frozen_at is not None


@pytest.mark.parametrize(("lang", "word"), [("en", "number"), ("zh-hans", "数字")])
def test_bad_score_is_a_bilingual_400_and_writes_nothing(
    world: World, lang: str, word: str
) -> None:
    cw = make_competition_world(world)
    dave = client_for(world, "government_officer")
    r = dave.post(
        f"{API}/judges/{cw.judge.pk}/scores/", {"entry": "ABC234", "scores": {"idea": "eleven"}},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang,
    )  # fmt: skip
    assert r.status_code == 400
    assert word in json.dumps(r.json(), ensure_ascii=False)
    assert not ScoreEvent.objects.exists()


def test_competition_create_validates(world: World) -> None:
    erin = client_for(world, "secretariat")
    bad = {"organizer": str(world.community.secretariat_id), "title_zh": "", "level": "galactic",
           "edition": 1999}  # fmt: skip
    r = erin.post(f"{API}/", bad, content_type="application/json")
    assert r.status_code == 400
    assert not Competition.objects.exists()
    r = erin.post(f"{API}/", {"organizer": str(world.community.secretariat_id), "title_zh": "大赛",
                              "community": str(world.community.pk), "level": "national",
                              "edition": 2026}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201, r.content


def _pdf_with_author(author: str) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_metadata({"/Author": author, "/Title": "Carol's poster"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jpeg_with_artist(artist: str) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (8, 8), "red")
    exif = image.getexif()
    exif[315] = artist
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make"), [("poster.pdf", _pdf_with_author), ("photo.jpg", _jpeg_with_artist)]
)
def test_judge_copy_has_no_identifying_metadata(
    world: World, media: Path, name: str, make: Any
) -> None:
    import io

    from talentbridge.competitions.metadata import identifying_metadata
    from talentbridge.competitions.models import Submission

    cw = make_competition_world(world)
    carol, dave = client_for(world, "student"), client_for(world, "government_officer")
    original = make("Carol Li 李可")
    r = carol.post(
        f"{API}/entries/{cw.entry.pk}/submissions/", {"file": SimpleUploadedFile(name, original)}
    )
    assert r.status_code == 201
    assert Submission.objects.get().metadata_flags  # flagged at submission
    r = dave.get(f"{API}/judges/{cw.judge.pk}/entries/ABC234/file/")
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith(f'filename="ABC234-v1.{name.rsplit(".", 1)[1]}"')
    copy = r.content
    assert identifying_metadata(io.BytesIO(copy), name) == [] and r["X-Metadata-Flags"] == ""
    for secret in (b"Carol", "李可".encode(), "李可".encode("utf-16-be")):
        assert secret not in copy
    # a tampered stored file is refused, not served
    Path(Submission.objects.get().file.path).write_bytes(original + b"x")
    assert dave.get(f"{API}/judges/{cw.judge.pk}/entries/ABC234/file/").status_code == 409
    # someone else cannot download as this judge
    assert carol.get(f"{API}/judges/{cw.judge.pk}/entries/ABC234/file/").status_code == 403
