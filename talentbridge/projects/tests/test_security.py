"""Regressions for the security review: stored XSS through submission links, teachers of other
classes managing a brief's teams and applicants, arbitrary team members, member names and
e-mail addresses on the public brief page, 500s on odd digits, drafts in the brief list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, client_for
from talentbridge.accounts.models import User
from talentbridge.community.models import Organization, OrganizationMembership
from talentbridge.core.errors import ApplicationError
from talentbridge.projects import selectors, services
from talentbridge.projects.models import Adoption, CourseOffering, Submission
from talentbridge.projects.permissions import Action, access_team
from talentbridge.projects.tests.factories import ProjectWorld, make_brief, make_project_world

pytestmark = pytest.mark.django_db

SCRIPT_LINKS = ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"]


def _other_college_teacher(w: World, brief: Any) -> tuple[User, CourseOffering]:
    """ted teaches at another college whose class also adopted the brief."""
    college = Organization.objects.create(
        name_zh="另一学院", name_en="Other College", kind="college", region_code="330100"
    )
    ted = User.objects.create_user("ted@example.org", "pw-ted", display_name="ted")
    OrganizationMembership.objects.create(user=ted, organization=college, role="teacher")
    offering = CourseOffering.objects.create(
        college=college,
        course_code="X1",
        course_name_zh="别的课",
        class_name="B1",
        semester="2029-2030-2",
        teacher=ted,
    )
    Adoption.objects.create(brief=brief, offering=offering, assessment_weight=10, adopted_by=ted)
    return ted, offering


def _student(w: World, email: str) -> User:
    user = User.objects.create_user(email, "pw", display_name="")
    OrganizationMembership.objects.create(user=user, organization=w.college, role="student")
    return user


# 1. Stored XSS through the submission link -------------------------------------------------


@pytest.mark.parametrize("link", SCRIPT_LINKS)
def test_script_links_are_refused_by_the_service(world: World, link: str) -> None:
    pw = make_project_world(world)
    with pytest.raises(ApplicationError) as exc:
        services.submission_create(
            actor=world.users["carol"],
            team=pw.team,
            milestone=pw.brief.milestones.get(),
            link=link,
        )
    assert "link" in exc.value.fields
    assert pw.team.submissions.count() == 1


@pytest.mark.parametrize("link", SCRIPT_LINKS)
def test_script_links_posted_in_the_form_are_never_rendered(world: World, link: str) -> None:
    pw = make_project_world(world)
    client = client_for(world, "student")
    url = f"/projects/teams/{pw.team.pk}/"
    data = {"milestone": str(pw.brief.milestones.get().pk), "link": link, "note": "v2"}
    response = client.post(f"{url}submit/", data)
    assert response.status_code == 302
    assert pw.team.submissions.count() == 1
    html = client.get(url).content.decode()
    assert 'href="javascript:' not in html and 'href="data:' not in html
    ok = {**data, "link": "https://example.org/work"}
    client.post(f"{url}submit/", ok)
    assert Submission.objects.filter(team=pw.team, link="https://example.org/work").exists()


# 2. Teachers of another class do not manage this class's team or applicants -----------------


def test_teacher_of_another_adopting_class_cannot_reach_the_team(world: World) -> None:
    pw = make_project_world(world)
    ted, _offering = _other_college_teacher(world, pw.brief)
    for action in (Action.VIEW, Action.MANAGE):
        with pytest.raises(ApplicationError) as exc:
            access_team(ted, pw.team, action)
        assert exc.value.code == "not_found"
    assert client_for_user(ted).get(f"/projects/teams/{pw.team.pk}/").status_code == 404
    assert access_team(world.users["tina"], pw.team, Action.MANAGE) == pw.team


def test_teacher_of_another_adopting_class_sees_only_own_applicants(world: World) -> None:
    pw = make_project_world(world)
    ted, _offering = _other_college_teacher(world, pw.brief)
    with pytest.raises(ApplicationError):
        selectors.application_get(actor=ted, pk=pw.application.pk)
    with pytest.raises(ApplicationError):
        services.application_decide(actor=ted, application=pw.application, accept=False)
    assert list(selectors.applications_for_brief(actor=ted, brief=pw.brief)) == []
    assert selectors.students_for_brief(actor=ted, brief=pw.brief) == []
    assert selectors.teams_for_brief(actor=ted, brief=pw.brief) == []
    tina = world.users["tina"]
    assert list(selectors.applications_for_brief(actor=tina, brief=pw.brief)) == [pw.application]
    assert [r.item for r in selectors.students_for_brief(actor=tina, brief=pw.brief)] == [
        world.users["carol"]
    ]
    response = client_for_user(ted).post(
        f"/projects/applications/{pw.application.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 404


def client_for_user(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="talentbridge.accounts.backends.EmailBackend")
    return client


# 3. Team members must have applied or be in an adopting class of the actor ------------------


def _open_world(world: World) -> ProjectWorld:
    pw = make_project_world(world)
    pw.brief.status = "open"
    pw.brief.save(update_fields=["status"])
    pw.team.delete()
    return pw


def test_team_members_must_be_eligible_students(world: World) -> None:
    pw = _open_world(world)
    tina, bob = world.users["tina"], world.users["bob"]
    stranger = _student(world, "stranger@example.org")
    for members in ([stranger], [bob], [world.users["carol"], stranger]):
        with pytest.raises(ApplicationError) as exc:
            services.team_form(
                actor=tina, brief=pw.brief, name="X", members=members, offering=pw.offering
            )
        assert "members" in exc.value.fields
    assert not pw.brief.teams.exists()
    team = services.team_form(
        actor=tina, brief=pw.brief, name="A", members=[world.users["carol"]], offering=pw.offering
    )
    assert list(team.members.values_list("user", flat=True)) == [world.users["carol"].pk]


def test_other_teacher_cannot_put_this_class_in_a_team(world: World) -> None:
    pw = _open_world(world)
    ted, offering = _other_college_teacher(world, pw.brief)
    with pytest.raises(ApplicationError) as exc:
        services.team_form(
            actor=ted, brief=pw.brief, name="X", members=[world.users["carol"]], offering=offering
        )
    assert "members" in exc.value.fields


def test_enterprise_forms_teams_from_applicants_only(world: World) -> None:
    pw = _open_world(world)
    pw.offering.students.clear()
    bob = world.users["bob"]
    applicant, stranger = world.users["carol"], _student(world, "stranger@example.org")
    with pytest.raises(ApplicationError):
        services.team_form(actor=bob, brief=pw.brief, name="X", members=[stranger])
    team = services.team_form(actor=bob, brief=pw.brief, name="A", members=[applicant])
    assert team.members.get().user == applicant


def test_team_create_view_refuses_strangers(world: World) -> None:
    pw = _open_world(world)
    stranger = _student(world, "stranger@example.org")
    response = client_for(world, "teacher").post(
        f"/projects/{pw.brief.pk}/teams/",
        {"name": "X", "members": [str(stranger.pk)], "offering": str(pw.offering.pk)},
    )
    assert response.status_code == 302
    assert not pw.brief.teams.exists()


# 4. Team members are shown only to managers and members; e-mail addresses never -------------


@pytest.mark.parametrize("role", ["anonymous", "government_officer", "secretariat"])
def test_brief_page_hides_team_members_from_others(world: World, role: str) -> None:
    pw = make_project_world(world)
    pw.team.name = "Team Aurora"
    pw.team.save(update_fields=["name"])
    carol = world.users["carol"]
    carol.display_name = ""
    carol.save(update_fields=["display_name"])
    html = client_for(world, role).get(f"/projects/{pw.brief.pk}/").content.decode()
    assert carol.email not in html
    assert f"/projects/teams/{pw.team.pk}/" not in html
    assert pw.team.name in html


@pytest.mark.parametrize("role", ["student", "teacher", "enterprise_staff"])
def test_brief_page_shows_team_members_to_members_and_managers(world: World, role: str) -> None:
    pw = make_project_world(world)
    html = client_for(world, role).get(f"/projects/{pw.brief.pk}/").content.decode()
    assert f"/projects/teams/{pw.team.pk}/" in html
    assert world.users["carol"].display_name in html
    assert world.users["carol"].email not in html


# 5. Odd digits ('²'.isdigit() is true) are a clear error, not a 500 --------------------------


@pytest.mark.parametrize("value", ["²", "٣" * 9, "99999999999999999999"])
def test_odd_max_weeks_is_a_400(world: World, value: str) -> None:
    client = client_for(world, "anonymous")
    assert client.get("/projects/", {"max_weeks": value}).status_code == 400
    response = client.get("/api/v1/briefs/", {"max_weeks": value})
    assert response.status_code == 400
    assert "max_weeks" in response.json()["fields"]


def test_max_weeks_filter_still_works(world: World) -> None:
    make_brief(world)
    client = client_for(world, "anonymous")
    assert len(client.get("/api/v1/briefs/", {"max_weeks": "9"}).json()["results"]) == 1
    assert client.get("/api/v1/briefs/", {"max_weeks": "2"}).json()["results"] == []


def test_odd_review_score_is_a_form_error(world: World) -> None:
    pw = make_project_world(world)
    response = client_for(world, "teacher").post(
        f"/projects/teams/{pw.team.pk}/review/",
        {"score-dc.ecomvis.design.main_image": "²", "overall": "80", "feedback": "ok"},
    )
    assert response.status_code == 200
    assert "must be a whole number" in response.content.decode()
    assert not pw.team.reviews.exists()


def test_odd_peer_share_is_a_message(world: World) -> None:
    pw = make_project_world(world)
    carol = world.users["carol"]
    response = client_for(world, "student").post(
        f"/projects/teams/{pw.team.pk}/peer-review/", {f"share-{carol.pk}": "1²"}
    )
    assert response.status_code == 302
    assert not pw.team.peer_reviews.exists()
    client_for(world, "student").post(
        f"/projects/teams/{pw.team.pk}/peer-review/", {f"share-{carol.pk}": "100"}
    )
    assert pw.team.peer_reviews.get().shares == {str(carol.pk): 100}


# 6. Drafts in the list follow the gatekeeper -------------------------------------------------


def test_drafts_are_listed_only_for_enterprise_admins_and_staff(world: World) -> None:
    draft = make_brief(world, status="draft", review_college=None)
    outsider = User.objects.create_user("odd@example.org", "pw")
    OrganizationMembership.objects.create(
        user=outsider, organization=world.enterprise, role="teacher"
    )
    assert draft not in selectors.brief_list(actor=outsider)
    assert draft in selectors.brief_list(actor=world.users["frank"])
    assert draft in selectors.brief_list(actor=world.users["bob"])
