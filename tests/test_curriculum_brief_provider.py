"""End to end through settings (ADR 0007): curriculum's alignment recommends the enterprise
briefs of projects that cover its gaps — ``TALENTBRIDGE_CURRICULUM_PROVIDERS["briefs"]`` is
``projects.feeds.curriculum_briefs``; nothing is registered in-process for briefs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import World, client_for
from talentbridge.curriculum import providers
from talentbridge.curriculum.models import TrainingPlanVersion
from talentbridge.curriculum.tests import conftest as curriculum_fixtures
from talentbridge.projects.feeds import curriculum_briefs
from talentbridge.projects.models import BriefSkill, ProjectBrief
from talentbridge.projects.tests.factories import make_brief

# the curriculum app's fixtures: a taxonomy and a draft plan of the world's offering
taxonomy_data_dir = curriculum_fixtures.taxonomy_data_dir
taxonomy = curriculum_fixtures.taxonomy
draft = curriculum_fixtures.draft

GAP = "dc.uiux.ui.ui_design"  # demanded, not taught by the draft
TAUGHT = "dc.video.edit.editing"


@pytest.fixture
def demand() -> Iterator[None]:
    def provider(**query: Any) -> dict[str, Any]:
        return {
            "months": ["2025-01", "2025-02"],
            "postings": {"2025-01": 100, "2025-02": 100},
            "source": "test postings",
            "skills": {
                TAUGHT: {"2025-01": 30, "2025-02": 50},
                GAP: {"2025-01": 20, "2025-02": 40},
            },
        }

    providers.register_demand_provider(provider)
    yield
    providers.register_demand_provider(None)


def _brief(world: World, title: str, skill: str, **extra: Any) -> ProjectBrief:
    brief = make_brief(world, title_zh=title, title_en=title, **extra)
    BriefSkill.objects.create(brief=brief, concept_id=skill, level=2)
    return brief


@pytest.mark.django_db
@pytest.mark.usefixtures("demand")
def test_alignment_page_recommends_open_briefs_that_cover_its_gaps(
    world: World, draft: TrainingPlanVersion
) -> None:
    assert settings.TALENTBRIDGE_CURRICULUM_PROVIDERS["briefs"] == (
        "talentbridge.projects.feeds.curriculum_briefs"
    )
    covering = _brief(world, "UI 设计实训", GAP)
    _brief(world, "未公开草稿", GAP, status="draft")  # not on offer: never recommended
    _brief(world, "已结束项目", GAP, status="closed")
    _brief(world, "剪辑项目", TAUGHT)  # covers no gap
    url = reverse("curriculum:version-alignment", kwargs={"pk": draft.pk})
    page = client_for(world, "teacher").get(
        url, {"region": "330782", "month_from": "2025-01", "month_to": "2025-02"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    detail = reverse("projects:brief-detail", args=[covering.pk])
    assert f'data-brief="{covering.pk}"' in html and f'href="{detail}"' in html
    assert "UI 设计实训" in html and world.enterprise.name in html
    assert html.count("data-brief=") == 1
    data = page.context["data"]["recommendations"]["briefs"]
    assert [b["id"] for b in data] == [str(covering.pk)]
    assert data[0]["title"] == "UI 设计实训" and data[0]["url"] == detail


@pytest.mark.django_db
def test_the_provider_keeps_drafts_of_others_hidden(world: World) -> None:
    draft_brief = _brief(world, "草稿", GAP, status="draft")
    open_brief = _brief(world, "开放", GAP)
    seen_by_teacher = {b["id"] for b in curriculum_briefs(actor=world.users["tina"],
                                                          skill_ids=[GAP])}  # fmt: skip
    assert seen_by_teacher == {str(open_brief.pk)}
    # the enterprise sees its own draft through the same gatekeeper, but drafts are not on
    # offer to a class, so they are not recommended either
    seen_by_owner = {b["id"] for b in curriculum_briefs(actor=world.users["bob"],
                                                        skill_ids=[GAP])}  # fmt: skip
    assert str(draft_brief.pk) not in seen_by_owner
    assert curriculum_briefs(actor=world.users["tina"], skill_ids=[]) == []
