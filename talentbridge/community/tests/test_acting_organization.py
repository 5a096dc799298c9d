"""“Which organization is this user acting for”: community's one selector and the navbar's
session-stored choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World, client_for
from talentbridge.community.models import Organization, OrganizationMembership
from talentbridge.community.selectors import (
    ACTING_ORGANIZATION_SESSION_KEY,
    acting_organization,
    acting_organizations,
)
from talentbridge.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _second_enterprise(w: World, user_key: str = "bob", role: str = "staff") -> Organization:
    other = Organization.objects.create(
        name_zh="第二传媒有限公司", name_en="Second Media Ltd", kind="enterprise",
        region_code="330100",
    )  # fmt: skip
    OrganizationMembership.objects.create(user=w.users[user_key], organization=other, role=role)
    return other


def test_the_only_candidate_is_the_answer(world: World) -> None:
    bob = world.users["bob"]
    assert acting_organization(bob, kind="enterprise") == world.enterprise
    assert acting_organizations(bob, kind="college") == []
    with pytest.raises(ApplicationError) as none:
        acting_organization(bob, kind="college", field="college")
    assert none.value.code == "invalid" and "college" in none.value.fields


def test_several_candidates_need_a_choice_never_the_first(world: World) -> None:
    bob = world.users["bob"]
    other = _second_enterprise(world)
    assert set(acting_organizations(bob, kind="enterprise")) == {world.enterprise, other}
    with pytest.raises(ApplicationError) as ambiguous:
        acting_organization(bob, kind="enterprise", field="enterprise")
    message = str(ambiguous.value.fields["enterprise"][0])
    assert world.enterprise.name in message and other.name in message
    # the session's choice (navbar) decides; an explicit choice in the request wins over it
    assert acting_organization(bob, kind="enterprise", preferred=str(other.pk)) == other
    assert (
        acting_organization(bob, kind="enterprise", preferred=other.pk, chosen=world.enterprise)
        == world.enterprise
    )


def test_a_stale_session_choice_is_ignored(world: World) -> None:
    bob = world.users["bob"]
    other = _second_enterprise(world)
    OrganizationMembership.objects.filter(user=bob, organization=other).delete()
    assert acting_organization(bob, kind="enterprise", preferred=other.pk) == world.enterprise
    assert acting_organization(bob, kind="enterprise", preferred="not-a-uuid") == world.enterprise


def test_roles_and_among_narrow_the_candidates(world: World) -> None:
    bob = world.users["bob"]
    other = _second_enterprise(world, role="staff")
    assert acting_organization(bob, roles=["admin"]) == world.enterprise
    assert acting_organization(bob, among=[other.pk]) == other


@pytest.mark.parametrize("chosen", ["not-a-uuid", "0b9a5a4e-3c1d-4f43-9d55-7f0c2f9e1a11"])
def test_an_unknown_explicit_choice_is_a_field_error(world: World, chosen: str) -> None:
    with pytest.raises(ApplicationError) as bad:
        acting_organization(world.users["bob"], kind="enterprise", chosen=chosen, field="x")
    assert bad.value.code == "invalid" and list(bad.value.fields) == ["x"]


def test_an_explicit_choice_of_another_kind_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError):
        acting_organization(world.users["bob"], kind="enterprise", chosen=world.college.pk)


def test_navbar_selector_stores_the_choice_in_the_session(world: World) -> None:
    other = _second_enterprise(world)
    bob = client_for(world, "bob")
    page = bob.get(reverse("home")).content.decode()
    assert 'data-testid="acting-organization"' in page
    assert str(other.pk) in page and str(world.enterprise.pk) in page
    url = reverse("community:acting-organization")
    response = bob.post(url, {"organization": str(other.pk), "next": "/projects/"})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert bob.session[ACTING_ORGANIZATION_SESSION_KEY] == str(other.pk)
    page = bob.get(reverse("home")).content.decode()
    assert f'value="{other.pk}" selected' in page
    # not a member: refused, the choice stays; an outside "next" is not followed
    refused = bob.post(url, {"organization": str(world.college.pk)})
    assert refused.status_code == 400
    assert bob.session[ACTING_ORGANIZATION_SESSION_KEY] == str(other.pk)
    cleared = bob.post(url, {"organization": "", "next": "https://evil.example/"})
    assert cleared["Location"] == reverse("home")
    assert ACTING_ORGANIZATION_SESSION_KEY not in bob.session


def test_one_organization_shows_no_selector(world: World) -> None:
    page = client_for(world, "bob").get(reverse("home")).content.decode()
    assert 'data-testid="acting-organization"' not in page
