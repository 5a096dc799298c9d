"""Alignment of a plan version (or a major's current plan) with demand, its trend over the
plan's versions, drill-downs and recommendations: the database and provider side of the pure
``alignment`` and ``recommend`` modules."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import invalid
from talentbridge.curriculum import adapters
from talentbridge.curriculum.alignment import Alignment, DemandInput, Params, Teaching, align
from talentbridge.curriculum.models import (
    LearningOutcome,
    MajorOffering,
    TrainingPlanVersion,
    VersionStatus,
)
from talentbridge.curriculum.providers import (
    DemandFigures,
    DemandQuery,
    briefs_covering,
    demand_figures,
)
from talentbridge.curriculum.recommend import Recommendations, recommend

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DEFAULT_PARAMS = Params()


def demand_query(region: str, month_from: str, month_to: str) -> DemandQuery:
    if region and not (region.isdigit() and len(region) == 6):
        raise invalid("region", _("A region is a 6-digit GB/T 2260 code."))
    for name, value in (("month_from", month_from), ("month_to", month_to)):
        if value and not MONTH.match(value):
            raise invalid(name, _("A month is written YYYY-MM."))
    if month_from and month_to and month_from > month_to:
        raise invalid("month_to", _("The period ends before it starts."))
    return DemandQuery(region, month_from, month_to)


def teachings(version: TrainingPlanVersion) -> list[Teaching]:
    rows = LearningOutcome.objects.filter(course__version=version).values_list(
        "course__code", "course__name_zh", "course__name_en", "skill_id", "level"
    )
    english = adapters._english()
    return [
        Teaching(code, (en or zh) if english else (zh or en), skill, level)
        for code, zh, en, skill, level in rows
    ]


def demand_input(figures: DemandFigures) -> DemandInput:
    return DemandInput(
        months=figures.months,
        postings=figures.postings,
        skills=figures.skills,
        occupations={c: (o.postings, o.skills) for c, o in figures.occupations.items()},
    )


@dataclass(frozen=True)
class AlignmentResult:
    version: TrainingPlanVersion
    query: DemandQuery
    figures: DemandFigures
    alignment: Alignment
    params: Params


def version_alignment(
    *, actor: Any, version: TrainingPlanVersion, query: DemandQuery, params: Params = DEFAULT_PARAMS
) -> AlignmentResult:
    figures = demand_figures(actor=actor, query=query)
    return AlignmentResult(
        version, query, figures, align(teachings(version), demand_input(figures), params), params
    )


def current_version(offering: MajorOffering) -> TrainingPlanVersion | None:
    """The newest published version of the offering's newest cohort (else its newest version)."""
    versions = TrainingPlanVersion.objects.filter(plan__offering=offering).select_related("plan")
    published = versions.filter(status=VersionStatus.PUBLISHED).order_by(
        "-plan__cohort_year", "-number"
    )
    return published.first() or versions.order_by("-plan__cohort_year", "-number").first()


@dataclass(frozen=True)
class TrendPoint:
    number: int
    status: str
    score: float
    breadth: float
    gaps: int


def version_trend(
    *, actor: Any, version: TrainingPlanVersion, query: DemandQuery, params: Params = DEFAULT_PARAMS
) -> list[TrendPoint]:
    """The same demand against every version of the plan (does the plan catch up?)."""
    figures = demand_input(demand_figures(actor=actor, query=query))
    points = []
    for other in version.plan.versions.order_by("number"):
        result = align(teachings(other), figures, params)
        points.append(
            TrendPoint(other.number, other.status, result.score, result.breadth, len(result.gaps))
        )
    return points


def recommendations(*, actor: Any, result: AlignmentResult) -> Recommendations:
    version = result.version
    english = adapters._english()
    rows = [
        (code, (en or zh) if english else (zh or en), skill)
        for code, zh, en, skill in LearningOutcome.objects.filter(
            course__version=version
        ).values_list("course__code", "course__name_zh", "course__name_en", "skill_id")
    ]
    open_skills = [r.skill_id for r in result.alignment.demanded if r.status in ("gap", "weak")]
    briefs = briefs_covering(actor=actor, skill_ids=open_skills)
    found = recommend(
        result.alignment,
        area_of=_area,
        courses=rows,
        certificates=[(c.id, c.skill_ids) for c in adapters.certificates()],
        embedded_certificates=version.certificates.values_list("certificate_id", flat=True),
        briefs=[(b.id, b.skill_ids) for b in briefs],
    )
    details = {
        b.id: {"title": b.title, "organization": b.organization, "url": b.url} for b in briefs
    }
    return dataclasses.replace(found, brief_details=details)


def _area(skill_id: str) -> str:
    found = adapters.skill_get(skill_id)
    return found.area if found else ""


def skill_drilldown(result: AlignmentResult, skill_id: str) -> dict[str, Any]:
    """Everything behind one skill's figures: monthly postings, the halves and the test,
    the courses that teach it and at what level."""
    skill_id = adapters.canonical_skill(skill_id)
    row = result.alignment.row(skill_id)
    by_month = result.figures.skills.get(skill_id, {})
    return {
        "skill_id": skill_id,
        "label": adapters.skill_label(skill_id),
        "source": result.figures.source,
        "months": [
            {
                "month": m,
                "postings": by_month.get(m, 0),
                "all_postings": result.figures.postings.get(m, 0),
            }
            for m in result.figures.months
        ],
        "earlier_months": list(result.alignment.earlier_months),
        "later_months": list(result.alignment.later_months),
        "row": row,
        "courses": list(row.courses) if row else [],
    }
