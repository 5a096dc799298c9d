"""The demo competition loads on top of the core demo, keeps its rules, and loads once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from talentbridge.competitions.models import Competition, JudgeAssignment, RankingRun, ScoreEvent
from talentbridge.competitions.services.judging import log_verify
from talentbridge.taxonomy.models import Skill


@pytest.mark.django_db
def test_demo_competition(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo", "--core-only", stdout=StringIO())
    for concept, label in [
        ("dc.design.packaging.packaging_design", "包装设计"),
        ("dc.ecomvis.design.main_image", "主图设计"),
    ]:
        Skill.objects.get_or_create(
            concept_id=concept,
            defaults={"scheme": "extension", "uri": f"https://example.org/{concept}",
                      "kind": "skill", "label_zh": label},
        )  # fmt: skip
    call_command("load_demo_competitions", stdout=StringIO())
    competition = Competition.objects.get()
    assert competition.entries.filter(status="approved").count() == 8
    assert ScoreEvent.objects.count() > 0 and log_verify(competition) is None
    # bob's enterprise wrote the proposition: its staff judge is never assigned
    assert not JudgeAssignment.objects.filter(judge__user__email__startswith="frank@").exists()
    run = RankingRun.objects.get()
    assert run.published_at is None and len(run.results) == 8
    call_command("load_demo_competitions", stdout=StringIO())
    assert Competition.objects.count() == 1
