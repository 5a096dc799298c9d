"""Every write on a version has its own URL (``curriculum:version-<slug>``), gatekept per
action; the version page itself only answers GET."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import World, client_for
from talentbridge.curriculum import services
from talentbridge.curriculum.models import TrainingPlanVersion, VersionStatus
from talentbridge.curriculum.views import VERSION_ACTIONS


def test_the_version_page_no_longer_takes_posts(world: World, draft: TrainingPlanVersion) -> None:
    url = reverse("curriculum:version-detail", kwargs={"pk": draft.pk})
    assert client_for(world, "teacher").post(url, {"action": "update"}).status_code == 405


def test_the_page_posts_each_form_to_its_own_url(world: World, draft: TrainingPlanVersion) -> None:
    page = client_for(world, "teacher").get(
        reverse("curriculum:version-detail", kwargs={"pk": draft.pk})
    )
    html = page.content.decode()
    assert 'name="action"' not in html
    for slug in ("add-course", "update", "add-certificate", "add-competition", "submit"):
        assert reverse(f"curriculum:version-{slug}", kwargs={"pk": draft.pk}) in html
    assert len(set(VERSION_ACTIONS.values())) == len(VERSION_ACTIONS) == 15


def test_workflow_through_the_action_urls(world: World, draft: TrainingPlanVersion) -> None:
    services.rule_set(
        actor=world.users["alice"], college=world.college, kind="min_practice_share",
        value=Decimal("0.5"),
    )  # fmt: skip
    tina, alice = client_for(world, "teacher"), client_for(world, "college_admin")
    submit = reverse("curriculum:version-submit", kwargs={"pk": draft.pk})
    back = reverse("curriculum:version-return", kwargs={"pk": draft.pk})
    response = tina.post(submit, {"note": "请审阅"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ENTERPRISE_REVIEW
    assert tina.post(back, {"note": "x"}).status_code == 403  # deciding is the admin's
    alice.post(back, {"note": "补充实践学时"})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert client_for(world, "student").post(submit).status_code in (403, 404)


@pytest.mark.parametrize("method", ["get", "put"])
def test_action_urls_take_only_post(world: World, draft: TrainingPlanVersion, method: str) -> None:
    url = reverse("curriculum:version-submit", kwargs={"pk": draft.pk})
    assert getattr(client_for(world, "teacher"), method)(url).status_code == 405
