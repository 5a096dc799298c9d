"""Brief lifecycle, adoption, applications, teams, delivery, reviews and evidence; bad input."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from talentbridge.community.models import OrganizationMembership
from talentbridge.core.errors import ApplicationError
from talentbridge.core.models import AuditEvent
from talentbridge.projects import services
from talentbridge.projects.models import (
    BriefStatus,
    Notification,
    ProjectBrief,
    SkillEvidence,
    TeamMember,
)
from talentbridge.projects.tests.factories import PNG, START, make_brief, make_offering

pytestmark = pytest.mark.django_db


def _data(**extra: object) -> dict[str, object]:
    return {
        "title_zh": "短视频脚本与拍摄",
        "title_en": "Short-video script and shooting",
        "deliverables": ["short_video"],
        "team_size_min": 2,
        "team_size_max": 3,
        "max_teams": 2,
        "starts_on": START,
        "ends_on": START + datetime.timedelta(days=42),
        "apply_by": START + datetime.timedelta(days=7),
        "ip_terms": "students_keep",
        "honorarium_cny": 3000,
    } | extra


SKILLS = [("dc.svideo.content.script", 2), ("dc.svideo.content.shooting", 3)]


def test_full_lifecycle_creates_evidence(world: World) -> None:
    bob, alice, tina, carol = (world.users[n] for n in ("bob", "alice", "tina", "carol"))
    brief = services.brief_create(
        actor=bob,
        enterprise=world.enterprise,
        data=_data(),
        required_skills=SKILLS,
        milestones=[{"title_zh": "脚本", "due_on": START + datetime.timedelta(days=10)}],
    )
    assert brief.status == BriefStatus.DRAFT and brief.places == 6
    brief = services.brief_submit(actor=bob, brief=brief, college=world.college)
    assert Notification.objects.filter(recipient=alice, kind="brief_submitted").exists()
    brief = services.brief_decide(actor=alice, brief=brief, approve=True)
    brief = services.brief_advance(actor=bob, brief=brief, step="open")
    offering = make_offering(world)
    services.brief_adopt(actor=tina, brief=brief, offering=offering, weight=40)
    henry = world.users["frank"]  # reuse a user as a second student
    OrganizationMembership.objects.filter(user=henry).update(
        organization=world.college, role="student"
    )
    application = services.application_submit(
        actor=carol,
        brief=brief,
        statement="我们擅长短视频",
        members=[henry],
        team_name="Carol 队",
        portfolio_links=["https://example.org/carol"],
    )
    services.application_decide(actor=tina, application=application, accept=True)
    team = brief.teams.get()
    assert set(team.members.values_list("user_id", flat=True)) == {carol.pk, henry.pk}
    brief = services.brief_advance(actor=bob, brief=brief, step="start")
    milestone = brief.milestones.get()
    upload = SimpleUploadedFile("draft.png", PNG, content_type="image/png")
    first = services.submission_create(actor=carol, team=team, milestone=milestone, upload=upload)
    second = services.submission_create(
        actor=henry, team=team, milestone=milestone, link="https://example.org/v2"
    )
    assert (first.version, second.version) == (1, 2)
    services.peer_review_submit(
        actor=carol, team=team, shares={str(carol.pk): 60, str(henry.pk): 40}
    )
    services.review_submit(
        actor=bob, team=team, scores={"dc.svideo.content.script": 3}, overall=88, feedback="好"
    )
    services.brief_advance(actor=bob, brief=brief, step="deliver")
    services.brief_close(actor=bob, brief=ProjectBrief.objects.get(pk=brief.pk))
    evidence = SkillEvidence.objects.get(student=carol)
    assert (evidence.concept_id, evidence.level, evidence.assessed_by, evidence.artefact) == (
        "dc.svideo.content.script",
        3,
        bob,
        second,
    )
    assert evidence.contribution_share == 60 and evidence.assessor_role == "mentor"
    services.brief_mark_commercial_use(
        actor=bob, brief=ProjectBrief.objects.get(pk=brief.pk), note="上架"
    )
    assert ProjectBrief.objects.get(pk=brief.pk).commercial_use
    assert AuditEvent.objects.filter(action="brief.close").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": START - datetime.timedelta(days=1)}, "ends_on"),
        ({"apply_by": START + datetime.timedelta(days=90)}, "apply_by"),
        ({"places": 0, "team_size_min": 1}, "places"),
        ({"team_size_min": 4, "team_size_max": 2}, "team_size_min"),
        ({"deliverables": ["nonsense"]}, "deliverables"),
    ],
)
def test_bad_briefs_are_refused_with_field_errors(world: World, change: dict, field: str) -> None:
    data = _data(**change)
    if change.get("places") == 0:
        data["places"] = 0
    with pytest.raises(ApplicationError) as exc:
        services.brief_create(
            actor=world.users["bob"], enterprise=world.enterprise, data=data, required_skills=SKILLS
        )
    assert exc.value.code == "invalid" and field in exc.value.fields
    assert not ProjectBrief.objects.exists()


def test_capacity_zero_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.brief_create(
            actor=world.users["bob"],
            enterprise=world.enterprise,
            data=_data(places=0, max_teams=0),
            required_skills=SKILLS,
        )
    assert "max_teams" in exc.value.fields


def test_unknown_skills_and_milestones_outside_dates(world: World) -> None:
    bob = world.users["bob"]
    with pytest.raises(ApplicationError) as exc:
        services.brief_create(
            actor=bob,
            enterprise=world.enterprise,
            data=_data(),
            required_skills=[("dc.nope.nothing", 2)],
        )
    assert "dc.nope.nothing" in str(exc.value.message)
    with pytest.raises(ApplicationError):
        services.brief_create(
            actor=bob,
            enterprise=world.enterprise,
            data=_data(),
            required_skills=SKILLS,
            milestones=[{"title_zh": "x", "due_on": START - datetime.timedelta(days=3)}],
        )
    assert not ProjectBrief.objects.exists()


def test_esco_uri_is_a_valid_skill(world: World) -> None:
    from talentbridge.taxonomy.data import load_esco_skills

    uri = load_esco_skills()[0].uri
    brief = services.brief_create(
        actor=world.users["bob"],
        enterprise=world.enterprise,
        data=_data(),
        required_skills=[(uri, 2)],
    )
    assert brief.skills.get().concept_id == uri


def test_student_cannot_join_two_teams_of_one_brief(world: World) -> None:
    brief = make_brief(world)
    tina, carol = world.users["tina"], world.users["carol"]
    offering = make_offering(world)
    services.brief_adopt(actor=tina, brief=brief, offering=offering, weight=20)
    services.team_form(actor=tina, brief=brief, name="A", members=[carol], offering=offering)
    with pytest.raises(ApplicationError) as exc:
        services.team_form(actor=tina, brief=brief, name="B", members=[carol], offering=offering)
    assert exc.value.code == "conflict"
    assert TeamMember.objects.filter(brief=brief, user=carol).count() == 1
    assert brief.teams.count() == 1


def test_review_by_someone_not_assigned_is_refused(world: World) -> None:
    brief = make_brief(world, status="in_progress")
    offering = make_offering(world)
    services.brief_adopt(actor=world.users["tina"], brief=brief, offering=offering, weight=20)
    team = services.team_form(
        actor=world.users["tina"],
        brief=brief,
        name="A",
        members=[world.users["carol"]],
        offering=offering,
    )
    for outsider in ("alice", "frank", "carol"):
        with pytest.raises(ApplicationError) as exc:
            services.review_submit(
                actor=world.users[outsider],
                team=team,
                scores={"dc.ecomvis.design.main_image": 3},
                overall=80,
                feedback="x",
            )
        assert exc.value.code in ("forbidden", "not_found")
    review = services.review_submit(
        actor=world.users["tina"],
        team=team,
        scores={"dc.ecomvis.design.main_image": 3},
        overall=80,
        feedback="ok",
    )
    assert review.role == "teacher"
    with pytest.raises(ApplicationError):
        services.review_submit(
            actor=world.users["bob"],
            team=team,
            scores={"dc.video.edit.editing": 3},
            overall=80,
            feedback="x",
        )


def test_oversized_and_disguised_files_are_refused(world: World, settings: object) -> None:
    brief = make_brief(world, status="in_progress")
    offering = make_offering(world)
    services.brief_adopt(actor=world.users["tina"], brief=brief, offering=offering, weight=20)
    carol = world.users["carol"]
    team = services.team_form(
        actor=world.users["tina"], brief=brief, name="A", members=[carol], offering=offering
    )
    milestone = brief.milestones.get()
    disguised = SimpleUploadedFile(
        "photo.png", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/png"
    )
    script = SimpleUploadedFile(
        "poster.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"
    )
    for upload in (disguised, script):
        with pytest.raises(ApplicationError) as exc:
            services.submission_create(actor=carol, team=team, milestone=milestone, upload=upload)
        assert "file" in exc.value.fields
    from talentbridge.projects import uploads

    big = io.BytesIO(PNG)
    with pytest.raises(ApplicationError):
        uploads.inspect(big, uploads.MAX_UPLOAD_BYTES + 1)
    assert not team.submissions.exists()


def test_zip_with_executable_is_refused_and_office_zip_accepted() -> None:
    import zipfile

    from talentbridge.projects import uploads

    def make(name: str) -> io.BytesIO:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, b"data")
        buf.seek(0)
        return buf

    with pytest.raises(ApplicationError):
        uploads.inspect(make("tool.exe"), 100)
    kind, _digest = uploads.inspect(make("word/document.xml"), 100)
    assert kind.extension == "docx"


def test_download_is_always_an_attachment(world: World, client: object) -> None:
    from talentbridge.projects.tests.factories import make_project_world

    pw = make_project_world(world)
    client.force_login(world.users["carol"], backend="talentbridge.accounts.backends.EmailBackend")  # type: ignore[attr-defined]
    response = client.get(f"/projects/files/{pw.submission.stored_id}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_places_are_held_and_never_overfilled(world: World) -> None:
    brief = make_brief(world, places=1)
    services.application_submit(actor=world.users["carol"], brief=brief, statement="me")
    other = world.users["frank"]
    OrganizationMembership.objects.filter(user=other).update(
        organization=world.college, role="student"
    )
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(actor=other, brief=brief, statement="me too")
    assert exc.value.code == "conflict"
    assert brief.applications.count() == 1


@pytest.mark.django_db(transaction=True)
def test_stale_open_briefs_close_by_task() -> None:
    from conftest import make_world

    world = make_world()
    from django.core.management import call_command

    from talentbridge.projects.tasks import close_stale_briefs

    stale = make_brief(world, apply_by=START)
    fresh = make_brief(
        world,
        apply_by=START + datetime.timedelta(days=30),
        ends_on=START + datetime.timedelta(days=60),
    )
    ProjectBrief.objects.filter(pk=stale.pk).update(apply_by=datetime.date(2000, 1, 1))
    close_stale_briefs.enqueue()
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    assert ProjectBrief.objects.get(pk=stale.pk).status == BriefStatus.CLOSED
    assert ProjectBrief.objects.get(pk=stale.pk).closed_reason == "stale"
    assert ProjectBrief.objects.get(pk=fresh.pk).status == BriefStatus.OPEN
