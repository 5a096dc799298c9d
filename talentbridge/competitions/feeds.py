"""What competitions offers the credentials context through its provider hooks (ADR 0007;
contracts in ``talentbridge/credentials/providers.py``): each published award becomes skill
evidence for every team member, for every skill of the proposition. Plain data only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from talentbridge.competitions.models import Award, AwardLevel, MemberRole

LEVEL_OF_AWARD = {
    AwardLevel.FIRST: 4,
    AwardLevel.SECOND: 3,
    AwardLevel.THIRD: 3,
    AwardLevel.EXCELLENCE: 2,
}


def _published_awards(since: dt.datetime | None) -> Any:
    qs = Award.objects.filter(run__published_at__isnull=False).select_related(
        "run", "entry__competition", "entry__proposition"
    )
    if since is not None:
        qs = qs.filter(run__published_at__gt=since)
    return qs.order_by("run__published_at", "pk")


def credential_evidence(*, since: dt.datetime | None) -> list[dict[str, Any]]:
    out = []
    for award in _published_awards(since):
        entry, competition = award.entry, award.entry.competition
        members = entry.members.filter(role=MemberRole.MEMBER).values_list("user_id", flat=True)
        for user_id in members:
            for concept_id in entry.proposition.skill_ids:
                out.append(
                    {
                        "source": "competitions",
                        "source_ref": f"award:{award.pk}:{user_id}:{concept_id}",
                        "student_id": str(user_id),
                        "skill": concept_id,
                        "level": LEVEL_OF_AWARD[AwardLevel(award.level)],
                        "assessor_id": None,
                        "assessor_name": competition.title_zh,
                        "assessor_role": "judge",
                        "organization_id": str(competition.organizer_id),
                        "context_title": f"{competition.title_zh} · {entry.proposition.title_zh}",
                        "artefact_url": "",
                        "artefact_title": entry.title[:100],
                        "occurred_on": award.run.published_at.date().isoformat(),
                        "weight": 1,
                    }
                )
    return out


def portfolio_works(*, student_id: str) -> list[dict[str, Any]]:
    out = []
    for award in _published_awards(None).filter(
        entry__members__user_id=student_id, entry__members__role=MemberRole.MEMBER
    ):
        entry = award.entry
        out.append(
            {
                "kind": "competitions",
                "title": entry.title,
                "url": "",
                "description": f"{entry.competition.title_zh} · {award.get_level_display()}",
                "source_refs": [
                    f"award:{award.pk}:{student_id}:{c}" for c in entry.proposition.skill_ids
                ],
            }
        )
    return out
