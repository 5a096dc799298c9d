"""Reads of the demand app. Dashboard figures come from the materialized aggregate tables
only (never from raw postings), restricted to the sources whose aggregates the actor may see.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Sum

from talentbridge.community.models import VerificationStatus
from talentbridge.core.i18n import localized
from talentbridge.demand import forecasting, rollups
from talentbridge.demand.models import (
    EmployerCount,
    EmployerMonthRollup,
    IngestRun,
    JobPosting,
    PostingCount,
    PostingSource,
    SalaryBucket,
    SalaryMonthRollup,
    SkillCount,
    SkillMonthRollup,
    SupplyRecord,
)
from talentbridge.demand.permissions import (
    Action,
    access_source,
    sources_managed_by,
    sources_with_visible_aggregates,
    sources_with_visible_raw,
)
from talentbridge.demand.tagging import AIGC_MARKER, skill_labels

SIGNIFICANCE = 0.05
MIN_TREND_COUNT = 5
PERCENTILES = (25, 50, 75)


@dataclass(frozen=True)
class DemandFilters:
    """Dashboard filters: region (province or city GB/T 2260 code), occupation code,
    months ``YYYY-MM`` (inclusive), source name.

    Postings are located to a province or a prefecture-level city, never finer, so a county or
    district code (e.g. 义乌 330782) stands for its city (金华 330700)."""

    region: str = ""
    occupation: str = ""
    month_from: str = ""
    month_to: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        region = self.region
        if len(region) == 6 and region.isdigit() and not region.endswith("00"):
            object.__setattr__(self, "region", region[:4] + "00")


def _scoped(actor: Any, qs: QuerySet[Any], filters: DemandFilters) -> QuerySet[Any]:
    sources = sources_with_visible_aggregates(actor)
    if filters.source:
        sources = sources.filter(name=filters.source)
    qs = qs.filter(source__in=sources)
    if filters.region:
        field_name = "province_code" if filters.region.endswith("0000") else "city_code"
        qs = qs.filter(**{field_name: filters.region})
    if filters.occupation:
        qs = qs.filter(occupation_code=filters.occupation)
    if filters.month_from:
        qs = qs.filter(month__gte=filters.month_from)
    if filters.month_to:
        qs = qs.filter(month__lte=filters.month_to)
    return qs


def skill_label(skill_id: str) -> str:
    """A skill's label in the request language (its id when the taxonomy does not know it)."""
    return _label(skill_id)


def _label(skill_id: str) -> str:
    zh, en = skill_labels().get(skill_id, ("", ""))
    return localized(zh, en) or skill_id


@dataclass
class SkillFigure:
    skill_id: str
    label: str
    postings: int
    share: float = 0.0
    previous: int = 0
    previous_share: float = 0.0
    z: float = 0.0
    p_value: float = 1.0


def total_postings(*, actor: Any, filters: DemandFilters) -> int:
    agg = _scoped(actor, PostingCount.objects.all(), filters).aggregate(n=Sum("new_postings"))
    return int(agg["n"] or 0)


def top_skills(*, actor: Any, filters: DemandFilters, limit: int = 20) -> list[SkillFigure]:
    total = total_postings(actor=actor, filters=filters)
    rows = (
        _scoped(actor, SkillCount.objects.exclude(skill_id__startswith="_"), filters)
        .values("skill_id")
        .annotate(n=Sum("postings"))
        .order_by("-n", "skill_id")[:limit]
    )
    return [
        SkillFigure(r["skill_id"], _label(r["skill_id"]), r["n"], r["n"] / total if total else 0)
        for r in rows
    ]


def months(*, actor: Any, filters: DemandFilters) -> list[str]:
    qs = _scoped(actor, PostingCount.objects.all(), filters)
    return sorted(set(qs.values_list("month", flat=True)))


def monthly_postings(*, actor: Any, filters: DemandFilters) -> list[dict[str, Any]]:
    rows = (
        _scoped(actor, PostingCount.objects.all(), filters)
        .values("month")
        .annotate(new=Sum("new_postings"), reposts=Sum("reposts"))
        .order_by("month")
    )
    return [{"month": r["month"], "new": r["new"], "reposts": r["reposts"]} for r in rows]


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z statistic and two-sided p-value of "share x2/n2 differs from x1/n1"."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


@dataclass
class Trends:
    previous_months: list[str] = field(default_factory=list)
    recent_months: list[str] = field(default_factory=list)
    rising: list[SkillFigure] = field(default_factory=list)
    declining: list[SkillFigure] = field(default_factory=list)


def skill_trends(*, actor: Any, filters: DemandFilters, limit: int = 10) -> Trends:
    """Skills whose share of postings changed significantly between the earlier and the
    later half of the selected months (two-proportion z-test, p < 0.05, and at least
    ``MIN_TREND_COUNT`` postings in one of the halves), not raw ratios of tiny counts."""
    monthly = monthly_postings(actor=actor, filters=filters)
    return _trends(monthly, _skill_totals(actor, filters, monthly), limit)


def _halves(monthly: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    all_months = [m["month"] for m in monthly]
    half = len(all_months) // 2
    return all_months[:half], all_months[len(all_months) - half :]


def _skill_totals(
    actor: Any, filters: DemandFilters, monthly: list[dict[str, Any]], *, rollup: bool = False
) -> list[tuple[str, int, int, int]]:
    """(skill, postings, postings in the earlier half, in the later half) in one pass."""
    previous, recent = _halves(monthly)
    table: Any = SkillMonthRollup if rollup else SkillCount
    rows = _scoped(actor, table.objects.exclude(skill_id__startswith="_"), filters).values(
        "skill_id"
    )
    if previous:
        rows = rows.annotate(
            n=Sum("postings"),
            a=Sum("postings", filter=Q(month__lte=previous[-1])),
            b=Sum("postings", filter=Q(month__gte=recent[0])),
        )
        return [(r["skill_id"], r["n"], int(r["a"] or 0), int(r["b"] or 0)) for r in rows]
    return [(r["skill_id"], r["n"], 0, 0) for r in rows.annotate(n=Sum("postings"))]


def _trends(
    monthly: list[dict[str, Any]], totals: list[tuple[str, int, int, int]], limit: int
) -> Trends:
    previous, recent = _halves(monthly)
    if not previous:
        return Trends()
    new = {m["month"]: m["new"] for m in monthly}
    n1, n2 = sum(new[m] for m in previous), sum(new[m] for m in recent)
    figures = []
    for skill_id, _, a, b in totals:
        if max(a, b) < MIN_TREND_COUNT:
            continue
        z, p = two_proportion_z(a, n1, b, n2)
        if p < SIGNIFICANCE:
            figures.append(SkillFigure(skill_id, _label(skill_id), b, b / n2, a, a / n1, z, p))
    figures.sort(key=lambda f: (f.z, f.skill_id))
    return Trends(
        previous,
        recent,
        rising=[f for f in reversed(figures) if f.z > 0][:limit],
        declining=[f for f in figures if f.z < 0][:limit],
    )


def percentiles_from_histogram(
    buckets: Iterable[tuple[int, int]], width: int = 1000
) -> dict[int, float] | None:
    """Percentiles (linear within a bucket) from ``(lower bound, count)`` pairs."""
    ordered = sorted(buckets)
    total = sum(count for _, count in ordered)
    if total == 0:
        return None
    result: dict[int, float] = {}
    for percentile in PERCENTILES:
        target = total * percentile / 100
        seen = 0
        for lower, count in ordered:
            if seen + count >= target:
                result[percentile] = lower + width * (target - seen) / count
                break
            seen += count
    return result


@dataclass
class SalaryFigure:
    key: str
    label: str
    postings: int
    p25: float
    p50: float
    p75: float


def salary_by(
    *,
    actor: Any,
    filters: DemandFilters,
    by: str,
    limit: int = 12,
    keys: list[str] | None = None,
    rollup: bool = False,
) -> list[SalaryFigure]:
    """Monthly salary percentiles per skill (``by="skill"``) or per city (``by="city"``) for
    the ``limit`` most demanded skills / cities (``keys`` when the caller knows them)."""
    table: Any = SalaryMonthRollup if rollup and by == "skill" else SalaryBucket
    qs = _scoped(actor, table.objects.all(), filters)
    if keys is None:
        keys = _most_demanded(actor, filters, by, limit)
    if by == "city":
        qs = qs.filter(skill_id="", city_code__in=keys)
        key = "city_code"
    else:
        qs = qs.filter(skill_id__in=keys)
        key = "skill_id"
    histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in qs.values(key, "bucket").annotate(n=Sum("postings")):
        histograms[row[key]][row["bucket"]] += row["n"]
    figures = []
    for name, histogram in histograms.items():
        result = percentiles_from_histogram(histogram.items())
        if result is None:
            continue
        label = _city_label(name) if by == "city" else _label(name)
        figures.append(
            SalaryFigure(name, label, sum(histogram.values()), result[25], result[50], result[75])
        )
    figures.sort(key=lambda f: (-f.postings, f.key))
    return figures[:limit]


def _most_demanded(actor: Any, filters: DemandFilters, by: str, limit: int) -> list[str]:
    if by == "city":
        rows = (
            _scoped(actor, PostingCount.objects.exclude(city_code=""), filters)
            .values("city_code")
            .annotate(n=Sum("new_postings"))
            .order_by("-n", "city_code")[:limit]
        )
        return [r["city_code"] for r in rows]
    return [f.skill_id for f in top_skills(actor=actor, filters=filters, limit=limit)]


def _city_label(code: str) -> str:
    from talentbridge.core.regions import table

    region = table.get(code)
    return localized(region.name_zh, region.name_en) if region else code


@dataclass
class Concentration:
    employers: int
    postings: int
    top10_share: float
    hhi: float  # Herfindahl-Hirschman index on shares in percent (0-10,000)
    top: list[tuple[str, int]]


def employer_concentration(
    *, actor: Any, filters: DemandFilters, rollup: bool = False
) -> Concentration:
    table: Any = EmployerMonthRollup if rollup else EmployerCount
    rows = list(
        _scoped(actor, table.objects.all(), filters)
        .values("company_key")
        .annotate(n=Sum("postings"))
        .order_by("-n")
    )
    total = sum(r["n"] for r in rows)
    if not total:
        return Concentration(0, 0, 0.0, 0.0, [])
    hhi = sum((100 * r["n"] / total) ** 2 for r in rows)
    top10 = sum(r["n"] for r in rows[:10]) / total
    return Concentration(
        len(rows), total, top10, hhi, [(r["company_key"], r["n"]) for r in rows[:10]]
    )


def aigc_share(
    *, actor: Any, filters: DemandFilters, monthly: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Per month: share of new postings that ask for at least one AIGC skill."""
    if monthly is None:
        monthly = monthly_postings(actor=actor, filters=filters)
    totals = {r["month"]: r["new"] for r in monthly}
    aigc = dict(
        _scoped(actor, SkillCount.objects.filter(skill_id=AIGC_MARKER), filters)
        .values("month")
        .annotate(n=Sum("postings"))
        .values_list("month", "n")
    )
    return [
        {"month": m, "postings": n, "aigc": aigc.get(m, 0), "share": aigc.get(m, 0) / n if n else 0}
        for m, n in sorted(totals.items())
    ]


@dataclass
class DashboardFigures:
    total: int
    monthly: list[dict[str, Any]]
    top_skills: list[SkillFigure]
    trends: Trends
    salary_by_skill: list[SalaryFigure]
    salary_by_city: list[SalaryFigure]
    concentration: Concentration
    aigc: list[dict[str, Any]]


def dashboard_figures(*, actor: Any, filters: DemandFilters) -> DashboardFigures:
    """Every dashboard figure, each aggregate table read once (salaries: twice): the monthly
    totals serve the total, the trend halves and the AIGC denominators; one pass over the
    skill counts gives the top skills and both trend halves; the top skills choose whose
    salary histograms are read. Without a region or occupation filter the roll-ups
    (``rollups.py``) stand in for the skill, salary-by-skill and employer tables."""
    rollup = not filters.region and not filters.occupation and rollups.is_fresh()
    monthly = monthly_postings(actor=actor, filters=filters)
    total = sum(m["new"] for m in monthly)
    totals = _skill_totals(actor, filters, monthly, rollup=rollup)
    ranked = sorted(totals, key=lambda t: (-t[1], t[0]))[:20]
    top = [SkillFigure(s, _label(s), n, n / total if total else 0) for s, n, _, _ in ranked]
    return DashboardFigures(
        total=total,
        monthly=monthly,
        top_skills=top,
        trends=_trends(monthly, totals, 10),
        salary_by_skill=salary_by(
            actor=actor,
            filters=filters,
            by="skill",
            keys=[f.skill_id for f in top[:12]],
            rollup=rollup,
        ),
        salary_by_city=salary_by(actor=actor, filters=filters, by="city"),
        concentration=employer_concentration(actor=actor, filters=filters, rollup=rollup),
        aigc=aigc_share(actor=actor, filters=filters, monthly=monthly),
    )


# --- sources, runs and raw postings -------------------------------------------------------


def source_list(*, actor: Any) -> QuerySet[PostingSource]:
    return sources_with_visible_aggregates(actor).select_related("owner")


def managed_sources(*, actor: Any) -> QuerySet[PostingSource]:
    return sources_managed_by(actor).select_related("owner")


def source_get(*, actor: Any, name: str, action: Action) -> PostingSource:
    from talentbridge.core.errors import NotFoundError

    source = PostingSource.objects.select_related("owner", "community").filter(name=name).first()
    if source is None:
        raise NotFoundError()
    return access_source(actor, source, action)


def run_list(*, actor: Any, source: PostingSource) -> QuerySet[IngestRun]:
    access_source(actor, source, Action.MANAGE)
    return source.runs.all()


def run_get(*, actor: Any, pk: Any) -> IngestRun:
    from talentbridge.core.errors import NotFoundError
    from talentbridge.demand.permissions import access_run

    run = IngestRun.objects.select_related("source", "source__owner").filter(pk=pk).first()
    if run is None:
        raise NotFoundError()
    return access_run(actor, run)


def latest_posting_year() -> int | None:
    """The year of the newest posting month (the report's default year), None when empty."""
    latest = PostingCount.objects.aggregate(latest=Max("month"))["latest"]
    return int(latest[:4]) if latest else None


def posting_list(
    *, actor: Any, filters: DemandFilters, q: str = "", skill: str = ""
) -> QuerySet[JobPosting]:
    sources = sources_with_visible_raw(actor)
    if filters.source:
        sources = sources.filter(name=filters.source)
    qs = JobPosting.objects.filter(source__in=sources).select_related("source")
    if filters.region:
        qs = qs.filter(Q(province_code=filters.region) | Q(city_code=filters.region))
    if filters.occupation:
        qs = qs.filter(occupation_code=filters.occupation)
    if filters.month_from:
        qs = qs.filter(month__gte=filters.month_from)
    if filters.month_to:
        qs = qs.filter(month__lte=filters.month_to)
    if q:
        qs = qs.filter(Q(job_title__icontains=q) | Q(company__icontains=q))
    if skill:
        # the tags are a JSON list of ids; its text holds each id in double quotes (ids never
        # contain quotes), which SQLite and PostgreSQL can both search
        qs = qs.filter(skills__icontains=f'"{skill.replace(chr(34), "")}"')
    return qs.defer("minhash")


# --- supply vs demand -----------------------------------------------------------------------


@dataclass
class SupplyDemandRow:
    major_code: str
    major_name: str
    graduates: int
    enrolled: int
    postings: int
    occupations: list[str]
    ratio: float | None  # postings per graduate


def current_supply(*, region: str = "", year: int | None = None) -> QuerySet[SupplyRecord]:
    """The supply rows that count (ADR 0009/0010): of verified colleges, from imports that were
    not reverted, and for each college × major × year only the row of its latest import."""
    live = Q(batch__isnull=True) | Q(batch__reverted_at__isnull=True)
    newer = SupplyRecord.objects.filter(
        live,
        college_id=OuterRef("college_id"),
        major_code=OuterRef("major_code"),
        year=OuterRef("year"),
        created_at__gt=OuterRef("created_at"),
    )
    qs = SupplyRecord.objects.filter(
        live, college__verification_status=VerificationStatus.VERIFIED
    ).exclude(Exists(newer))
    if year is not None:
        qs = qs.filter(year=year)
    if region:
        prefix = region[:2] if region.endswith("0000") else region[:4]
        qs = qs.filter(region_code__startswith=prefix)
    return qs


def supply_demand(*, actor: Any, region: str, year: int) -> list[SupplyDemandRow]:
    """Graduates of each major in the region and year against new postings (same region,
    same year) of the occupations the curated major-occupation crosswalk links to it."""
    by_major = (
        current_supply(region=region, year=year)
        .values("major_code")
        .annotate(g=Sum("graduates"), e=Sum("enrolled"))
        .order_by("major_code")
    )
    links = _major_occupations()
    names = {m.code: m.name_zh for m in _majors()}
    demand = _demand_by_occupation(actor=actor, region=region, year=year)
    rows = []
    for record in by_major:
        code = record["major_code"]
        occupations = sorted(links.get(code, set()))
        postings = sum(demand.get(o, 0) for o in occupations)
        graduates = record["g"] or 0
        rows.append(
            SupplyDemandRow(
                code,
                names.get(code, code),
                graduates,
                record["e"] or 0,
                postings,
                occupations,
                postings / graduates if graduates else None,
            )
        )
    rows.sort(key=lambda r: r.major_code)
    return rows


def _major_occupations() -> dict[str, set[str]]:
    from talentbridge.taxonomy.data import load_crosswalks

    links: dict[str, set[str]] = defaultdict(set)
    for link in load_crosswalks().major_occupation:
        links[link.major_code].add(link.cn_occupation_code)
    return links


def _majors() -> list[Any]:
    from talentbridge.taxonomy.data import load_majors

    return list(load_majors())


def _demand_by_occupation(
    *, actor: Any, region: str, year: int, by_source: bool = False
) -> dict[Any, int]:
    filters = DemandFilters(region=region, month_from=f"{year}-01", month_to=f"{year}-12")
    qs = _scoped(actor, PostingCount.objects.exclude(occupation_code=""), filters)
    if by_source:
        return {
            (row["source_id"], row["occupation_code"]): row["n"]
            for row in qs.values("source_id", "occupation_code").annotate(n=Sum("new_postings"))
        }
    return dict(
        qs.values("occupation_code")
        .annotate(n=Sum("new_postings"))
        .values_list("occupation_code", "n")
    )


@dataclass
class FigureSource:
    """One contributor of a report's figures (ADR 0010)."""

    kind: str  # "supply" | "demand"
    organization: str  # who contributed it ("" for the platform's own sources)
    organization_id: Any
    label: str  # the import file / posting source
    imported_at: Any
    graduates: int = 0
    enrolled: int = 0
    postings: int = 0


def figures_by_source(*, actor: Any, region: str, year: int) -> list[FigureSource]:
    """The report's figures split by who contributed them: each supply import that counts
    (organization, file, time, graduates) and each posting source (owner, postings of the
    occupations linked to the majors with supply)."""
    supply = (
        current_supply(region=region, year=year)
        .values(
            "batch_id",
            "batch__file_name",
            "batch__created_at",
            "contributed_by_id",
            "contributed_by__name_zh",
            "contributed_by__name_en",
        )
        .annotate(g=Sum("graduates"), e=Sum("enrolled"))
        .order_by("batch__created_at")
    )
    result = [
        FigureSource(
            kind="supply",
            organization=localized(
                row["contributed_by__name_zh"] or "", row["contributed_by__name_en"] or ""
            ),
            organization_id=row["contributed_by_id"],
            label=row["batch__file_name"] or "",
            imported_at=row["batch__created_at"],
            graduates=row["g"] or 0,
            enrolled=row["e"] or 0,
        )
        for row in supply
    ]
    majors = set(current_supply(region=region, year=year).values_list("major_code", flat=True))
    links = _major_occupations()
    occupations = {o for m in majors for o in links.get(m, set())}
    demand = _demand_by_occupation(actor=actor, region=region, year=year, by_source=True)
    per_source: dict[Any, int] = defaultdict(int)
    for (source_id, occupation), n in demand.items():
        if occupation in occupations:
            per_source[source_id] += n
    sources = PostingSource.objects.filter(pk__in=list(per_source)).select_related("owner")
    for source in sorted(sources, key=lambda s: s.name):
        result.append(
            FigureSource(
                kind="demand",
                organization=source.owner.name if source.owner else "",
                organization_id=source.owner_id,
                label=source.label or source.name,
                imported_at=None,
                postings=per_source[source.pk],
            )
        )
    return result


# --- forecasts ------------------------------------------------------------------------------


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    result = []
    while f"{year:04d}-{month:02d}" <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def demand_series(
    *, actor: Any, filters: DemandFilters, skill: str = ""
) -> tuple[list[str], list[int]]:
    """New postings per month (asking for ``skill`` when given) from the first to the last
    month with any posting under the filters; months without postings count 0."""
    present = months(actor=actor, filters=filters)
    if not present:
        return [], []
    if skill:
        rows = _scoped(actor, SkillCount.objects.filter(skill_id=skill), filters).values("month")
        counts = dict(rows.annotate(n=Sum("postings")).values_list("month", "n"))
    else:
        counts = dict(
            _scoped(actor, PostingCount.objects.all(), filters)
            .values("month")
            .annotate(n=Sum("new_postings"))
            .values_list("month", "n")
        )
    axis = month_range(present[0], present[-1])
    return axis, [int(counts.get(m, 0)) for m in axis]


@dataclass
class DemandForecast:
    skill: str
    label: str
    history_months: list[str]
    history: list[int]
    months: list[str]  # the forecast months
    result: forecasting.Forecast | None  # None: not enough history
    needed: int = forecasting.MIN_HISTORY


def demand_forecast(
    *, actor: Any, filters: DemandFilters, skill: str = "", horizon: int = 12
) -> DemandForecast:
    """Monthly demand forecast (all new postings, or those asking for ``skill``) for the
    ``horizon`` months after the last month with data, with 80 % / 95 % intervals and the
    back-test error of the chosen model (``forecasting.forecast``)."""
    axis, history = demand_series(actor=actor, filters=filters, skill=skill)
    label = _label(skill) if skill else ""
    future = _months_after(axis[-1], horizon) if axis else []
    try:
        result = forecasting.forecast(history, horizon)
    except forecasting.NotEnoughHistory:
        result = None
    return DemandForecast(skill, label, axis, history, future, result)


def _months_after(month: str, count: int) -> list[str]:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1
    return [f"{(index + k) // 12:04d}-{(index + k) % 12 + 1:02d}" for k in range(1, count + 1)]
