"""The operators' admin of projects (read-only: writes go through the services) and the one
brief field list that the form, the API input and the services share."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from conftest import World, client_for
from talentbridge.projects.api import BriefInput
from talentbridge.projects.forms import BriefForm
from talentbridge.projects.models import BRIEF_FIELDS, BRIEF_INPUT_FIELDS, ProjectBrief
from talentbridge.projects.tests.factories import make_brief


def test_form_and_api_take_the_brief_fields_of_the_one_list() -> None:
    assert list(BriefForm().fields) == [*BRIEF_INPUT_FIELDS, "skills_text", "milestones_text"]
    api_fields = set(BriefInput().fields) - {"enterprise", "skills", "milestones"}
    assert api_fields == set(BRIEF_INPUT_FIELDS)
    assert set(BRIEF_INPUT_FIELDS) < set(BRIEF_FIELDS)
    model_fields = {f.name for f in ProjectBrief._meta.get_fields()}
    assert set(BRIEF_FIELDS) <= model_fields


@pytest.mark.django_db
def test_operators_see_every_projects_model_read_only(world: World) -> None:
    brief = make_brief(world)
    root = client_for(world, "superuser")
    models = [m for m in admin.site._registry if m._meta.app_label == "projects"]
    assert len(models) >= 11
    for model in models:
        url = reverse(f"admin:projects_{model._meta.model_name}_changelist")
        assert root.get(url).status_code == 200, url
        assert root.get(reverse(f"admin:projects_{model._meta.model_name}_add")).status_code == 403
    page = root.get(reverse("admin:projects_projectbrief_change", args=[brief.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert brief.title_zh in html and 'name="_save"' not in html
    posted = root.post(
        reverse("admin:projects_projectbrief_change", args=[brief.pk]), {"title_zh": "改名"}
    )
    assert posted.status_code == 403
    brief.refresh_from_db()
    assert brief.title_zh == "商品主图设计"
