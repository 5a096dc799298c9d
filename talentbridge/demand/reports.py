"""The regional supply–demand report (供需报告) as data, as an XLSX workbook and as a PDF
(``core.pdf.PdfReport``: charts, tables and narrative numbers in the active language)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from talentbridge.core.tabular import new_workbook, xlsx_append, xlsx_bytes
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
    sources: list[selectors.FigureSource]


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
        sources=selectors.figures_by_source(actor=actor, region=region, year=year),
    )


def report_xlsx(report: RegionalReport) -> bytes:
    book = new_workbook()
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
        _("By source"),
        [
            _("Figures"),
            _("Contributed by"),
            _("Import / source"),
            _("Imported at"),
            _("Graduates"),
            _("Enrolled"),
            _("Postings"),
        ],
        [
            [
                _("supply") if f.kind == "supply" else _("demand"),
                f.organization or _("platform operators"),
                f.label,
                timezone.localtime(f.imported_at).strftime("%Y-%m-%d %H:%M")
                if f.imported_at
                else "",
                f.graduates if f.kind == "supply" else "",
                f.enrolled if f.kind == "supply" else "",
                f.postings if f.kind == "demand" else "",
            ]
            for f in report.sources
        ],
    )
    _sheet(
        book,
        _("AIGC share"),
        [_("Month"), _("Postings"), _("AIGC postings"), _("Share")],
        [[r["month"], r["postings"], r["aigc"], round(r["share"], 4)] for r in report.aigc],
    )
    return xlsx_bytes(book)


def _append(sheet: Any, row: list[Any]) -> None:
    xlsx_append(sheet, row)


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    _append(sheet, header)
    for row in rows:
        _append(sheet, row)


def _number(value: float, digits: int = 0) -> str:
    return formats.number_format(value, digits, use_l10n=True, force_grouping=True)


def _percent(share: float) -> str:
    return _number(100 * share, 1) + " %"


def report_narrative(report: RegionalReport, region_name: str) -> list[str]:
    """The report's key numbers as sentences (the PDF prints them; tests read them)."""
    concentration = report.concentration
    sentences = [
        _(
            "In %(year)s, %(postings)s new job postings in the digital creative industries "
            "were recorded for %(region)s, from %(employers)s employers."
        )
        % {
            "year": report.year,
            "postings": _number(report.postings),
            "region": region_name,
            "employers": _number(concentration.employers),
        }
    ]
    if concentration.postings:
        sentences.append(
            _(
                "The ten largest employers posted %(share)s of them (HHI %(hhi)s; below 1,500 "
                "counts as unconcentrated)."
            )
            % {"share": _percent(concentration.top10_share), "hhi": _number(concentration.hhi)}
        )
    if report.top_skills:
        top = report.top_skills[0]
        sentences.append(
            _("The most demanded skill was %(skill)s, asked for in %(n)s postings (%(share)s).")
            % {"skill": top.label, "n": _number(top.postings), "share": _percent(top.share)}
        )
    if report.trends.rising:
        sentences.append(
            _("Significantly rising (p < 0.05): %(skills)s.")
            % {"skills": ", ".join(f.label for f in report.trends.rising[:5])}
        )
    aigc_postings = sum(r["postings"] for r in report.aigc)
    if aigc_postings:
        share = sum(r["aigc"] for r in report.aigc) / aigc_postings
        sentences.append(
            _("%(share)s of the postings asked for at least one AIGC skill.")
            % {"share": _percent(share)}
        )
    graduates = sum(r.graduates for r in report.supply)
    if graduates:
        demand = sum(r.postings for r in report.supply)
        sentences.append(
            _(
                "%(graduates)s graduates of %(majors)s majors faced %(postings)s postings in "
                "the occupations linked to their majors (%(ratio)s postings per graduate)."
            )
            % {
                "graduates": _number(graduates),
                "majors": len(report.supply),
                "postings": _number(demand),
                "ratio": _number(demand / graduates, 2),
            }
        )
    return sentences


def report_pdf(report: RegionalReport, region_name: str) -> bytes:
    """The report as an A4 PDF in the active language (text stays extractable)."""
    from talentbridge.core.pdf import PdfReport

    pdf = PdfReport(
        title=_("Regional supply–demand report"),
        subtitle=f"{region_name} · {report.year}",
        meta=[
            (_("Region"), region_name),
            (_("Year"), str(report.year)),
            (_("Generated on"), formats.date_format(timezone.localdate(), "DATE_FORMAT")),
        ],
        footer=_("talentbridge · figures from deduplicated job postings and imported supply data"),
    )
    concentration = report.concentration
    pdf.figures(
        [
            (_("New postings"), _number(report.postings)),
            (_("Employers"), _number(concentration.employers)),
            (_("Top-10 employer share"), _percent(concentration.top10_share)),
            (_("HHI"), _number(concentration.hhi)),
        ]
    )
    for sentence in report_narrative(report, region_name):
        pdf.paragraph(sentence)
    pdf.heading(_("Top skills"))
    pdf.bar_chart([(f.label, f.postings) for f in report.top_skills[:15]], title=_("Postings"))
    pdf.table(
        [_("Skill"), _("Postings"), _("Share")],
        [[f.label, _number(f.postings), _percent(f.share)] for f in report.top_skills],
        widths=[0.6, 0.2, 0.2],
    )
    pdf.heading(_("Significant skill trends"))
    pdf.note(_("Earlier and later half of the year; two-proportion z-test, p < 0.05."))
    pdf.table(
        [_("Skill"), _("Earlier"), _("Later"), "z", "p"],
        [
            [f.label, _number(f.previous), _number(f.postings), _number(f.z, 2), f"{f.p_value:.4f}"]
            for f in [*report.trends.rising, *report.trends.declining]
        ],
        widths=[0.48, 0.13, 0.13, 0.13, 0.13],
    )
    pdf.heading(_("Monthly salary by skill (P25–P50–P75, CNY)"))
    pdf.table(
        [_("Skill"), _("Postings"), "P25", "P50", "P75"],
        [
            [f.label, _number(f.postings), _number(f.p25), _number(f.p50), _number(f.p75)]
            for f in report.salaries
        ],
        widths=[0.44, 0.14, 0.14, 0.14, 0.14],
    )
    pdf.heading(_("Supply vs demand by major"))
    pdf.table(
        [_("Major"), _("Graduates"), _("Enrolled"), _("Postings"), _("Postings per graduate")],
        [
            [
                f"{r.major_name} ({r.major_code})",
                _number(r.graduates),
                _number(r.enrolled),
                _number(r.postings),
                _number(r.ratio, 2) if r.ratio is not None else "—",
            ]
            for r in report.supply
        ],
        widths=[0.4, 0.15, 0.15, 0.15, 0.15],
        empty=_("No supply data for this region and year."),
    )
    pdf.note(
        _(
            "Postings are linked to majors through the curated major–occupation crosswalk "
            "(project judgement, not an official mapping)."
        )
    )
    if report.aigc:
        pdf.heading(_("Share of postings asking for AIGC skills"))
        pdf.line_chart(
            [r["month"] for r in report.aigc],
            [(_("AIGC share (%)"), [round(100 * r["share"], 1) for r in report.aigc])],
        )
    return pdf.render()
