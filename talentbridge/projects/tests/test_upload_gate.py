"""Finding 8 of issue 13 (the upload half): submission ZIPs are checked against an allow-list
by sniffed type, members included — ``.hta``, ``.lnk``, ``.py``, ``payload.exe.``, double
extensions, executable bytes under an image name and paths out of the archive are refused —
and a file keeps the extension of its real type: a PNG uploaded as ``page.html`` is stored and
downloaded as ``.png``, as an attachment. Through the projects services and the download view,
on the real database and real files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from conftest import World, client_for
from talentbridge.core.errors import ApplicationError
from talentbridge.core.uploads import download_name, upload_gate
from talentbridge.projects import services, uploads
from talentbridge.projects.tests.factories import PNG, make_brief, make_offering

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


REFUSED_MEMBERS = {
    "run.hta": b"<html><script>alert(1)</script></html>",
    "shortcut.lnk": b"L\x00\x00\x00\x01\x14\x02\x00" + b"\x00" * 60,
    "tool.py": b"import os\nos.system('calc')\n",
    "payload.exe.": b"MZ\x90\x00" + b"\x00" * 60,
    "payload.exe ": b"MZ\x90\x00" + b"\x00" * 60,
    "report.exe.pdf": PDF,
    "photo.png": b"MZ\x90\x00" + b"\x00" * 60,
    "../../outside.png": PNG,
    "page.html": b"<html></html>",
    "vector.svg": b"<svg onload='alert(1)'/>",
    "nested.zip": _zip({"a.txt": b"x"}),
    "macro.docm": b"PK",
    "noextension": b"data",
}


@pytest.mark.parametrize("member", sorted(REFUSED_MEMBERS))
def test_zip_members_outside_the_allow_list_are_refused(member: str) -> None:
    data = _zip({"brief.pdf": PDF, member: REFUSED_MEMBERS[member]})
    with pytest.raises(ApplicationError) as caught:
        uploads.accept(io.BytesIO(data), len(data), "work.zip")
    assert caught.value.extra.get("upload") == "member_not_accepted", caught.value.message
    assert "file" in caught.value.fields


def test_a_zip_of_creative_work_files_is_accepted() -> None:
    data = _zip({"poster.png": PNG, "brief.pdf": PDF, "scene/model.blend": b"BLENDER-v300",
                 "notes/readme.txt": "说明".encode(), "cut.prproj": b"\x1f\x8b\x08"})  # fmt: skip
    accepted = uploads.accept(io.BytesIO(data), len(data), "作品.zip")
    assert accepted.kind.extension == "zip" and accepted.download_name == "作品.zip"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("page.html", "png", "page.png"),
        ("payload.exe.", "pdf", "payload.pdf"),
        ("a.exe.png", "png", "a_exe.png"),
        ("..\\..\\evil.php", "jpg", "evil.jpg"),
        ("海报 final (2).PNG", "png", "海报 final (2).png"),
        ("", "zip", "file.zip"),
    ],
)
def test_download_names_take_the_sniffed_extension(
    name: str, extension: str, expected: str
) -> None:
    assert download_name(name, extension) == expected


def test_each_field_has_its_own_allow_list() -> None:
    for language, needle in (("zh-hans", "不接受"), ("en", "not accepted")):
        with translation.override(language), pytest.raises(ApplicationError) as caught:
            upload_gate(io.BytesIO(PDF), size=len(PDF), name="x.xlsx", allow={"xlsx"},
                        max_bytes=10**6)  # fmt: skip
        assert needle in str(caught.value.message)
    accepted = upload_gate(io.BytesIO(PDF), size=len(PDF), name="x.bin", allow={"pdf"},
                           max_bytes=10**6)  # fmt: skip
    assert accepted.kind.extension == "pdf" and accepted.download_name == "x.pdf"


@pytest.mark.django_db
def test_a_png_uploaded_as_page_html_is_stored_and_served_as_png(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    brief = make_brief(world, status="in_progress")
    offering = make_offering(world)
    services.brief_adopt(actor=world.users["tina"], brief=brief, offering=offering, weight=20)
    carol = world.users["carol"]
    team = services.team_form(
        actor=world.users["tina"], brief=brief, name="A", members=[carol], offering=offering
    )
    upload = SimpleUploadedFile("page.html", PNG, content_type="text/html")
    submission = services.submission_create(
        actor=carol, team=team, milestone=brief.milestones.get(), upload=upload
    )
    stored = submission.stored
    assert stored is not None
    assert stored.file.name.endswith(".png") and "page" not in stored.file.name
    assert stored.content_type == "image/png" and stored.original_name == "page.png"
    response = client_for(world, "student").get(f"/projects/files/{stored.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert "page.png" in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
