"""The major-setting evidence report (专业设置/调整论证) as a PDF, in the active language.

It prints the payload of ``reports.evidence_report`` — the same numbers as the page, the API
and the XLSX file — with ``core.pdf.PdfReport`` (Chinese text stays extractable).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentbridge.core.pdf import PdfReport
from talentbridge.curriculum.models import VersionStatus

STATUS_LABELS = {
    "gap": gettext_lazy("gap (not taught)"),
    "weak": gettext_lazy("weak (only 了解)"),
    "covered": gettext_lazy("covered"),
    "not_demanded": gettext_lazy("not demanded"),
}
TREND_LABELS = {
    "rising": gettext_lazy("rising"),
    "declining": gettext_lazy("declining"),
    "stable": gettext_lazy("stable"),
    "unknown": gettext_lazy("unknown"),
}
ACTION_LABELS = {
    "add_skill": gettext_lazy("add %(skill)s"),
    "raise_level": gettext_lazy("raise %(skill)s beyond 了解"),
    "revise_declining": gettext_lazy("revise %(skill)s (declining demand)"),
}
MAX_SKILL_ROWS = 40


def _label(labels: dict[str, Any], code: str) -> str:
    return str(labels.get(code, code))


def _action(code: str, skill: str) -> str:
    template = ACTION_LABELS.get(code)
    return str(template) % {"skill": skill} if template is not None else code


def _number(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def _money(value: float) -> str:
    return f"¥{value:,.0f}"


def evidence_pdf(report: dict[str, Any]) -> bytes:
    major, a = report["major"], report["alignment"]
    query = a["query"]
    period = (
        f"{query['month_from'] or '…'} – {query['month_to'] or '…'}"
        if query["month_from"] or query["month_to"]
        else _("all months with data")
    )
    version = a["version"]
    pdf = PdfReport(
        title=_("Major-setting evidence report (专业设置论证)"),
        subtitle=f"{major['college']} · {major['code']} {major['name']} · {major['level']}",
        meta=[
            (_("Region"), query["region"] or _("all")),
            (_("Period"), period),
            (
                _("Plan version"),
                f"{version['cohort_year']} v{version['number']} "
                f"({VersionStatus(version['status']).label})",
            ),
            (_("Generated"), timezone.localdate().isoformat()),
        ],
        footer=f"talentbridge · {_('Demand source')}: {a['source'] or _('no demand data')}",
    )
    _major_section(pdf, report)
    _supply_section(pdf, report)
    _demand_section(pdf, report)
    _alignment_section(pdf, report)
    _recommendation_section(pdf, report)
    _participation_section(pdf, report)
    return pdf.render()


def _major_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    major = report["major"]
    pdf.heading("1. " + _("The major"))
    verified = _("yes") if major["catalogue_verified"] else _("no (unverified)")
    pdf.table(
        [_("Field"), _("Value")],
        [
            [_("College"), major["college"]],
            [_("Major code"), major["code"]],
            [_("Major"), major["name"]],
            [_("Level"), major["level"]],
            [_("Category"), major["category"] or "—"],
            [_("Catalogue code verified"), verified],
            [_("Catalogue source"), major["catalogue_source"] or "—"],
            [_("First year offered"), major["established_year"] or "—"],
        ],
        widths=[0.35, 0.65],
    )
    pdf.heading("2. " + _("Enrollment"))
    pdf.table(
        [_("Year"), _("Students")],
        [[e["year"], f"{e['students']:,}"] for e in report["enrollment"]],
        widths=[0.5, 0.5],
    )


def _supply_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    supply = report["supply"]
    pdf.heading("3. " + _("Regional supply from existing majors"))
    latest = supply["by_year"][-1] if supply["by_year"] else None
    pdf.figures(
        [
            (_("Colleges in the region offering the major"), str(supply["colleges"])),
            (
                _("Students enrolled (%(year)s)") % {"year": latest["year"]}
                if latest
                else _("Students enrolled"),
                f"{latest['students']:,}" if latest else "—",
            ),
        ]
    )
    this = _("this college")
    pdf.table(
        [_("College"), _("Level"), _("First year offered"), _("Year"), _("Students")],
        [
            [
                f"{r['college']} ({this})" if r["this_college"] else r["college"],
                r["level"],
                r["established_year"] or "—",
                r["year"] or "—",
                f"{r['students']:,}" if r["students"] is not None else "—",
            ]
            for r in supply["rows"]
        ],
        widths=[0.4, 0.18, 0.16, 0.1, 0.16],
    )
    pdf.note(
        _(
            "Colleges recorded in talentbridge whose region code lies in %(region)s and that "
            "offer the same catalogue code; enrolment as the colleges entered it."
        )
        % {"region": supply["region"] or _("all")}
    )


def _demand_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    a = report["alignment"]
    salary = report["salary"]
    pdf.heading("4. " + _("Regional demand"))
    if not a["demand_available"]:
        pdf.paragraph(_("No demand data is configured on this server."))
    pdf.figures(
        [
            (_("Postings in period"), f"{a['total_postings']:,}"),
            (_("Demanded skills"), str(len(a["demanded"]))),
            (_("Median monthly salary (CNY)"), _money(salary["p50"]) if salary else "—"),
            (_("Salary P25"), _money(salary["p25"]) if salary else "—"),
            (_("Salary P75"), _money(salary["p75"]) if salary else "—"),
        ]
    )
    if salary:
        pdf.note(
            _("Salary: quartiles of the monthly pay stated by %(n)s postings.")
            % {"n": f"{salary['postings']:,}"}
        )
    else:
        pdf.note(_("Salary: not provided by the demand source."))
    months = report["monthly_postings"]
    if len(months) > 1:
        pdf.line_chart(
            [m["month"] for m in months],
            [(_("Postings"), [m["postings"] for m in months])],
            title=_("New postings per month"),
        )
    demanded = a["demanded"]
    pdf.bar_chart(
        [(r["label"], r["postings"]) for r in demanded[:15]],
        title=_("Skills asked for by the most postings"),
    )
    pdf.table(
        [
            _("Skill"),
            _("Postings"),
            _("Share"),
            _("Weight"),
            _("Coverage"),
            _("Status"),
            _("Trend"),
            _("Taught in"),
        ],
        [
            [
                r["label"],
                f"{r['postings']:,}",
                _number(r["share"]),
                _number(r["weight"]),
                _number(r["coverage"], 2),
                _label(STATUS_LABELS, r["status"]),
                _label(TREND_LABELS, r["trend"]["direction"]),
                "; ".join(f"{c['course_code']} ({c['level_label']})" for c in r["courses"]) or "—",
            ]
            for r in demanded[:MAX_SKILL_ROWS]
        ],
        widths=[0.2, 0.09, 0.08, 0.08, 0.09, 0.12, 0.1, 0.24],
    )
    occupations = a["occupations"]
    pdf.heading("5. " + _("Occupations"))
    if occupations or report["occupations"]:
        pdf.table(
            [_("Code"), _("Occupation"), _("Postings"), _("Score"), _("Gaps")],
            [
                [
                    o["code"],
                    o["name"],
                    f"{o['postings']:,}",
                    _number(o["score"]),
                    ", ".join(o["gaps"]),
                ]
                for o in occupations
            ]
            + [
                [
                    o["code"],
                    o["name"],
                    "",
                    "",
                    _("catalogue crosswalk") + ("" if o["verified"] else f" ({_('unverified')})"),
                ]
                for o in report["occupations"]
            ],
            widths=[0.14, 0.3, 0.12, 0.1, 0.34],
        )


def _alignment_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    a = report["alignment"]
    pdf.heading("6. " + _("Alignment of the current plan"))
    pdf.figures(
        [
            (_("Alignment score"), _number(a["score"])),
            (_("Breadth"), _number(a["breadth"])),
            (_("Gaps"), str(len(a["gaps"]))),
            (_("Weak"), str(len(a["weak"]))),
        ]
    )
    pdf.note(_("Formula") + ": " + a["formula"])
    gaps = a["charts"]["gaps"]
    pdf.bar_chart(
        [(g["label"], g["weight"]) for g in gaps],
        title=_("Gaps and weak skills by demand weight"),
        value_format="{:.3f}",
    )


def _recommendation_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    recs = report["alignment"]["recommendations"]
    pdf.heading("7. " + _("Recommendations"))
    rows: list[list[str]] = [
        [
            _("Course update"),
            f"{u['course_code']} {u['course_name']}: {_action(u['action'], u['skill'])}",
            u["skill"],
            _number(u["weight"]),
        ]
        for u in recs["course_updates"][:15]
    ]
    rows += [
        [_("New module"), m["area_label"], ", ".join(m["skills"]), _number(m["weight"])]
        for m in recs["modules"]
    ]
    rows += [
        [_("1+X certificate"), c["name"], ", ".join(c["skills"]), _number(c["weight"])]
        for c in recs["certificates"][:10]
    ]
    rows += [
        [_("Enterprise brief"), b["id"], ", ".join(b["skills"]), _number(b["weight"])]
        for b in recs["briefs"][:10]
    ]
    pdf.table(
        [_("Kind"), _("What"), _("Skills"), _("Demand weight")],
        rows,
        widths=[0.16, 0.4, 0.32, 0.12],
    )


def _participation_section(pdf: PdfReport, report: dict[str, Any]) -> None:
    pdf.heading("8. " + _("Enterprise participation"))
    pdf.paragraph(_("Partner enterprises") + ": " + (", ".join(report["partners"]) or "—"))
    pdf.table(
        [_("Enterprise"), _("Decision"), _("Date"), _("Note")],
        [[s["organization"], s["decision"], s["date"], s["note"]] for s in report["signoffs"]],
        widths=[0.3, 0.15, 0.15, 0.4],
    )
