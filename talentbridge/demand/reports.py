"""The regional supply–demand report (供需报告) as data and as an XLSX workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from talentbridge.demand import selectors
from talentbridge.demand.selectors import DemandFilters


@dataclass
class RegionalReport:
    region: str
    year: int
    postings: int
    top_skills: list[selectors.SkillFigure]
    trends: selectors.Trends
    salaries: list[selectors.SalaryFigure]
    concentration: selectors.Concentration
    supply: list[selectors.SupplyDemandRow]
    aigc: list[dict[str, Any]]


def regional_report(*, actor: Any, region: str, year: int) -> RegionalReport:
    filters = DemandFilters(region=region, month_from=f"{year}-01", month_to=f"{year}-12")
    return RegionalReport(
        region=region,
        year=year,
        postings=selectors.total_postings(actor=actor, filters=filters),
        top_skills=selectors.top_skills(actor=actor, filters=filters, limit=20),
        trends=selectors.skill_trends(actor=actor, filters=filters),
        salaries=selectors.salary_by(actor=actor, filters=filters, by="skill"),
        concentration=selectors.employer_concentration(actor=actor, filters=filters),
        supply=selectors.supply_demand(actor=actor, region=region, year=year),
        aigc=selectors.aigc_share(actor=actor, filters=filters),
    )


def report_xlsx(report: RegionalReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    _append(sheet, [_("Region"), report.region or _("all regions")])
    _append(sheet, [_("Year"), report.year])
    _append(sheet, [_("New postings"), report.postings])
    _append(sheet, [_("Employers"), report.concentration.employers])
    _append(sheet, [_("Top-10 employer share"), round(report.concentration.top10_share, 4)])
    _append(sheet, [_("HHI"), round(report.concentration.hhi, 1)])
    _sheet(
        book,
        _("Top skills"),
        [_("Skill"), _("Postings"), _("Share")],
        [[f.label, f.postings, round(f.share, 4)] for f in report.top_skills],
    )
    _sheet(
        book,
        _("Skill trends"),
        [_("Skill"), _("Earlier"), _("Later"), _("z"), _("p")],
        [
            [f.label, f.previous, f.postings, round(f.z, 2), round(f.p_value, 4)]
            for f in [*report.trends.rising, *report.trends.declining]
        ],
    )
    _sheet(
        book,
        _("Salaries"),
        [_("Skill"), _("Postings"), "P25", "P50", "P75"],
        [[f.label, f.postings, round(f.p25), round(f.p50), round(f.p75)] for f in report.salaries],
    )
    _sheet(
        book,
        _("Supply vs demand"),
        [
            _("Major code"),
            _("Major"),
            _("Graduates"),
            _("Enrolled"),
            _("Postings"),
            _("Postings per graduate"),
        ],
        [
            [
                r.major_code,
                r.major_name,
                r.graduates,
                r.enrolled,
                r.postings,
                round(r.ratio, 3) if r.ratio is not None else "",
            ]
            for r in report.supply
        ],
    )
    _sheet(
        book,
        _("AIGC share"),
        [_("Month"), _("Postings"), _("AIGC postings"), _("Share")],
        [[r["month"], r["postings"], r["aigc"], round(r["share"], 4)] for r in report.aigc],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMULA_PREFIXES = ("=", "+", "-", "@")


def spreadsheet_safe(value: Any) -> Any:
    """Text that Excel/WPS would run as a formula (leading = + - @) gets a leading quote;
    numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _append(sheet: Any, row: list[Any]) -> None:
    sheet.append([spreadsheet_safe(value) for value in row])


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    _append(sheet, header)
    for row in rows:
        _append(sheet, row)
