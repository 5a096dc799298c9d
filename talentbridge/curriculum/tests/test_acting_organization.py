"""Curriculum co-authoring records the partner enterprise the user acts for (community's
selector): with several partner enterprises the session's choice decides, never the first."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import World, client_for
from talentbridge.community.models import Organization, OrganizationMembership
from talentbridge.curriculum import services
from talentbridge.curriculum.models import PlanSignoff, TrainingPlanVersion


@pytest.fixture
def second_partner(world: World, draft: TrainingPlanVersion) -> Organization:
    other = Organization.objects.create(
        name_zh="第二传媒有限公司", name_en="Second Media Ltd", kind="enterprise",
        region_code="330100",
    )  # fmt: skip
    services.partner_add(actor=world.users["alice"], offering=draft.plan.offering, enterprise=other)
    OrganizationMembership.objects.create(user=world.users["bob"], organization=other, role="staff")
    services.rule_set(
        actor=world.users["alice"], college=world.college, kind="min_practice_share",
        value=Decimal("0.5"),
    )  # fmt: skip
    services.version_submit(actor=world.users["tina"], version=draft)
    return other


@pytest.mark.django_db
def test_signoff_with_two_partner_enterprises_needs_the_acting_one(
    world: World, draft: TrainingPlanVersion, second_partner: Organization
) -> None:
    bob = client_for(world, "bob")
    url = reverse("api-curriculum-signoffs", kwargs={"pk": draft.pk})
    refused = bob.post(url, {"decision": "approve"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400, refused.content[:300]
    assert "several organizations" in refused.json()["message"]
    assert PlanSignoff.objects.count() == 0
    bob.post(reverse("community:acting-organization"), {"organization": str(second_partner.pk)})
    created = bob.post(url, {"decision": "approve"})
    assert created.status_code == 201, created.content[:300]
    assert PlanSignoff.objects.get().organization == second_partner
    # the page shows the partner forms without guessing, and its comment records the choice
    page = bob.get(reverse("curriculum:version-detail", kwargs={"pk": draft.pk}))
    assert b'id="signoff-form"' in page.content
    services.comment_add(actor=world.users["bob"], version=draft, body="x",
                         acting_for=world.enterprise.pk)  # fmt: skip
    assert draft.comments.get().organization == world.enterprise
