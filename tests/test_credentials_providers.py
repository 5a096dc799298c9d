"""Credentials ↔ its siblings through the providers configured in settings (ADR 0007):
projects' rubric reviews become ledger records, curriculum's plan becomes a target profile."""

from __future__ import annotations

import pytest

from conftest import World
from talentbridge.credentials import providers
from talentbridge.credentials.models import EvidenceRecord
from talentbridge.credentials.selectors import profile_of
from talentbridge.credentials.services import issuing, ledger, portfolio
from talentbridge.projects import services as project_services
from talentbridge.projects.tests.factories import make_project_world

pytestmark = pytest.mark.django_db


def _closed_project(world: World) -> None:
    pw = make_project_world(world)
    bob, tina = world.users["bob"], world.users["tina"]
    project_services.review_submit(
        actor=bob,
        team=pw.team,
        scores={"dc.ecomvis.design.main_image": 4},
        overall=90,
        feedback="好",
    )
    project_services.review_submit(
        actor=tina,
        team=pw.team,
        scores={"dc.ecomvis.design.main_image": 3},
        overall=85,
        feedback="好",
    )
    project_services.brief_close(actor=bob, brief=pw.brief)


def test_project_reviews_reach_the_ledger_through_the_configured_provider(world: World) -> None:
    providers.reset()
    _closed_project(world)
    results = ledger.evidence_sync()
    assert results["talentbridge.projects.feeds.credential_evidence"].added == 2
    roles = set(EvidenceRecord.objects.values_list("assessor_role", "organization_id"))
    assert ("mentor", world.enterprise.pk) in roles and ("teacher", world.college.pk) in roles
    assert sum(r.added for r in ledger.evidence_sync().values()) == 0  # idempotent
    carol = world.users["carol"]
    line = profile_of(actor=carol, student=carol, with_context=False).lines[0]
    assert line.result.confirmed and line.result.level == 3.5
    folio = portfolio.portfolio_of(carol)
    portfolio.portfolio_update(
        actor=carol, portfolio=folio, data={"visibility": "unlisted", "consent": True}
    )
    assert portfolio.portfolio_collect(actor=carol, portfolio=folio) == 1
    assert folio.items.get().evidence.count() == 2  # the mentor and the teacher judgement


def test_curriculum_courses_and_targets_answer_plain_data(world: World) -> None:
    providers.reset()
    assert providers.courses(college_id=str(world.college.pk)) == []
    assert providers.target_profile(college_id=str(world.college.pk), major_code="550103") is None
    holder = issuing.holder_for(world.users["carol"])
    holder.major_code = "550103"
    holder.save()
    profile = profile_of(actor=world.users["carol"], student=world.users["carol"])
    assert profile.target_source in ("", "catalogue crosswalk")
