"""Projects' API and pages post a brief for the organization the user acts for (community's
selector); the permission is checked once, in ``services.brief_create``."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from talentbridge.community.models import Organization, OrganizationMembership
from talentbridge.projects.models import ProjectBrief

pytestmark = pytest.mark.django_db


def _payload(**extra: Any) -> dict[str, Any]:
    return {
        "title_zh": "直播切片剪辑",
        "deliverables": ["short_video"],
        "skills": [{"concept_id": "dc.ecomvis.design.main_image", "level": 2}],
        "team_size_min": 1,
        "team_size_max": 3,
        "max_teams": 1,
        "starts_on": "2030-03-01",
        "ends_on": "2030-04-30",
        "apply_by": "2030-02-20",
        "ip_terms": "shared",
    } | extra


@pytest.fixture
def other(world: World) -> Organization:
    org = Organization.objects.create(
        name_zh="第二传媒有限公司", name_en="Second Media Ltd", kind="enterprise",
        region_code="330100",
    )  # fmt: skip
    OrganizationMembership.objects.create(user=world.users["bob"], organization=org, role="staff")
    return org


def test_api_with_several_enterprises_asks_which_in_both_languages(
    world: World, other: Organization
) -> None:
    bob = client_for(world, "bob")
    url = reverse("api-brief-list")
    for language, words in (("en", "several organizations"), ("zh-hans", "多个")):
        response = bob.post(url, _payload(), content_type="application/json",
                            HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
        assert response.status_code == 400, response.content[:300]
        assert words in response.json()["fields"]["enterprise"][0]
    assert ProjectBrief.objects.count() == 0


def test_api_uses_the_session_choice_and_an_explicit_choice_wins(
    world: World, other: Organization
) -> None:
    bob = client_for(world, "bob")
    bob.post(reverse("community:acting-organization"), {"organization": str(other.pk)})
    url = reverse("api-brief-list")
    created = bob.post(url, _payload(), content_type="application/json")
    assert created.status_code == 201, created.content[:300]
    assert ProjectBrief.objects.get(pk=created.json()["id"]).enterprise == other
    explicit = bob.post(
        url, _payload(enterprise=str(world.enterprise.pk)), content_type="application/json"
    )
    assert explicit.status_code == 201
    assert ProjectBrief.objects.get(pk=explicit.json()["id"]).enterprise == world.enterprise


def test_an_enterprise_the_user_does_not_belong_to_is_refused_by_the_service(
    world: World, other: Organization
) -> None:
    OrganizationMembership.objects.filter(user=world.users["bob"], organization=other).delete()
    OrganizationMembership.objects.create(
        user=world.users["frank"], organization=other, role="admin"
    )
    response = client_for(world, "frank").post(
        reverse("api-brief-list"),
        _payload(enterprise=str(world.college.pk)),
        content_type="application/json",
    )
    assert response.status_code == 400  # a college is not an enterprise: a field error
    response = client_for(world, "bob").post(
        reverse("api-brief-list"), _payload(enterprise=str(other.pk)),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert ProjectBrief.objects.count() == 0


def test_brief_page_offers_the_enterprises_and_posts_for_the_acting_one(
    world: World, other: Organization
) -> None:
    bob = client_for(world, "bob")
    url = reverse("projects:brief-create")
    page = bob.get(url).content.decode()
    assert 'name="enterprise"' in page and other.name in page
    bob.post(reverse("community:acting-organization"), {"organization": str(other.pk)})
    page = bob.get(url).content.decode()
    assert f'value="{other.pk}" selected' in page


def test_brief_page_asks_which_enterprise_then_posts_for_the_chosen_one(
    world: World, other: Organization
) -> None:
    bob = client_for(world, "bob")
    url = reverse("projects:brief-create")
    form = {
        "title_zh": "直播切片剪辑",
        "deliverables": ["main_image"],
        "skills_text": "dc.ecomvis.design.main_image 2",
        "team_size_min": 1,
        "team_size_max": 3,
        "max_teams": 1,
        "places": 3,
        "hours_per_week": 6,
        "starts_on": "2030-03-01",
        "ends_on": "2030-04-30",
        "apply_by": "2030-02-20",
        "ip_terms": "shared",
    }
    page = bob.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and ProjectBrief.objects.count() == 0
    assert "several organizations" in page.content.decode()
    response = bob.post(url, form | {"enterprise": str(other.pk)})
    assert response.status_code == 302, response.content[:300]
    assert ProjectBrief.objects.get().enterprise == other
