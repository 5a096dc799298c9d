"""Demand figures for other apps as plain data (no imports from them).

``curriculum_demand`` implements the curriculum app's demand-provider contract
(``talentbridge/curriculum/providers.py``): wire it with the setting
``TALENTBRIDGE_CURRICULUM_PROVIDERS = {"demand": "<this module>.curriculum_demand"}``.
Figures come from the aggregates the actor may see (never from raw postings).

``failed_run_count`` is the ``/healthz`` figure ``failed_ingest_runs`` (setting
``TALENTBRIDGE_HEALTH_CHECKS``): ingest runs that ended failed in the last 24 hours.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from talentbridge.demand.models import (
    IngestRun,
    PostingCount,
    RunStatus,
    SalaryBucket,
    SkillCount,
)
from talentbridge.demand.selectors import DemandFilters, _scoped, percentiles_from_histogram


def curriculum_demand(*, actor: Any, region: str, month_from: str, month_to: str) -> dict[str, Any]:
    filters = DemandFilters(region=region, month_from=month_from, month_to=month_to)
    postings = {
        row["month"]: row["n"]
        for row in _scoped(actor, PostingCount.objects.all(), filters)
        .values("month")
        .annotate(n=Sum("new_postings"))
    }
    skills: dict[str, dict[str, int]] = defaultdict(dict)
    occupation_skills: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        _scoped(actor, SkillCount.objects.exclude(skill_id__startswith="_"), filters)
        .values("skill_id", "month", "occupation_code")
        .annotate(n=Sum("postings"))
    )
    for row in rows:
        by_month = skills[row["skill_id"]]
        by_month[row["month"]] = by_month.get(row["month"], 0) + row["n"]
        if row["occupation_code"]:
            occupation_skills[row["occupation_code"]][row["skill_id"]] += row["n"]
    occupation_postings = dict(
        _scoped(actor, PostingCount.objects.exclude(occupation_code=""), filters)
        .values("occupation_code")
        .annotate(n=Sum("new_postings"))
        .values_list("occupation_code", "n")
    )
    histogram = [
        (row["bucket"], row["n"])
        for row in _scoped(actor, SalaryBucket.objects.filter(skill_id=""), filters)
        .values("bucket")
        .annotate(n=Sum("postings"))
    ]
    quartiles = percentiles_from_histogram(histogram)
    salary = (
        {
            "postings": sum(n for _, n in histogram),
            "p25": quartiles[25],
            "p50": quartiles[50],
            "p75": quartiles[75],
        }
        if quartiles
        else None
    )
    return {
        "months": sorted(postings),
        "postings": postings,
        "skills": {skill: dict(months) for skill, months in skills.items()},
        "occupations": {
            code: {"postings": occupation_postings.get(code, 0), "skills": dict(found)}
            for code, found in occupation_skills.items()
        },
        "salary": salary,
        "source": _("job postings imported into talentbridge (deduplicated)"),
    }


FAILED_RUN_WINDOW = datetime.timedelta(hours=24)


def failed_run_count() -> int:
    """Ingest runs that ended failed in the last 24 hours (a re-run that succeeds drops out)."""
    since = timezone.now() - FAILED_RUN_WINDOW
    return IngestRun.objects.filter(status=RunStatus.FAILED, finished_at__gte=since).count()
