"""JSON-able payloads of an alignment (API, pages, charts) and the major-setting evidence
report (专业设置论证) with its XLSX export. Every figure carries what it is made of."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from talentbridge.core.downloads import XLSX, attachment
from talentbridge.core.errors import ApplicationError
from talentbridge.core.tabular import new_workbook, xlsx_append, xlsx_bytes
from talentbridge.curriculum import adapters
from talentbridge.curriculum.alignment import SkillRow, Teaching
from talentbridge.curriculum.analysis import (
    AlignmentResult,
    current_version,
    recommendations,
    version_alignment,
    version_trend,
)
from talentbridge.curriculum.evidence_pdf import evidence_pdf
from talentbridge.curriculum.models import (
    Course,
    MajorOffering,
    SkillLevel,
    TrainingPlanVersion,
)
from talentbridge.curriculum.providers import DemandQuery, SalaryFigures
from talentbridge.curriculum.recommend import Recommendations
from talentbridge.curriculum.xlsx import (
    ExportPlan,
    ParsedCourse,
    ParsedExtra,
    export_plan,
)

FORMULA = "score = Σ w(s)·c(s); w(s) = postings(s) / Σ postings(D); c: 了解 1/3, 掌握 2/3, 熟练 1"


def _teaching(t: Teaching) -> dict[str, Any]:
    return {
        "course_code": t.course_code,
        "course_name": t.course_name,
        "level": t.level,
        "level_label": str(SkillLevel(t.level).label) if t.level in SkillLevel.values else t.level,
    }


def skill_row(row: SkillRow) -> dict[str, Any]:
    return {
        "skill_id": row.skill_id,
        "label": adapters.skill_label(row.skill_id),
        "postings": row.postings,
        "share": round(row.share, 4),
        "weight": round(row.weight, 4),
        "coverage": round(row.coverage, 4),
        "contribution": round(row.contribution, 4),
        "status": row.status,
        "trend": {
            "direction": row.trend.direction,
            "earlier": row.trend.earlier,
            "later": row.trend.later,
            "earlier_share": round(row.trend.earlier_share, 4),
            "later_share": round(row.trend.later_share, 4),
            "z": round(row.trend.z, 3),
            "p_value": round(row.trend.p_value, 4),
        },
        "courses": [_teaching(t) for t in row.courses],
    }


def recommendations_payload(recs: Recommendations) -> dict[str, Any]:
    certificates = {c.id: c for c in adapters.certificates()}
    return {
        "course_updates": [
            {
                "course_code": u.course_code,
                "course_name": u.course_name,
                "action": u.action,
                "skill_id": u.skill_id,
                "skill": adapters.skill_label(u.skill_id),
                "weight": round(u.weight, 4),
                "related_skill": adapters.skill_label(u.reason_skill_id)
                if u.reason_skill_id
                else "",
            }
            for u in recs.course_updates
        ],
        "modules": [
            {
                "area": m.area,
                "area_label": adapters.area_label(m.area)
                if m.area.startswith("dc.")
                else adapters.skill_label(m.area),
                "skills": [adapters.skill_label(s) for s in m.skill_ids],
                "skill_ids": list(m.skill_ids),
                "weight": round(m.weight, 4),
            }
            for m in recs.modules
        ],
        "certificates": [
            {
                "id": c.id,
                "name": certificates[c.id].name if c.id in certificates else c.id,
                "verified": certificates[c.id].verified if c.id in certificates else False,
                "skills": [adapters.skill_label(s) for s in c.skill_ids],
                "weight": round(c.weight, 4),
            }
            for c in recs.certificates
        ],
        "briefs": [
            {
                "id": b.id,
                "skills": [adapters.skill_label(s) for s in b.skill_ids],
                "weight": round(b.weight, 4),
            }
            for b in recs.briefs
        ],
    }


def alignment_payload(
    result: AlignmentResult, *, actor: Any, with_trend: bool = True
) -> dict[str, Any]:
    a = result.alignment
    version = result.version
    payload: dict[str, Any] = {
        "version": {
            "id": str(version.pk),
            "number": version.number,
            "status": version.status,
            "plan_id": str(version.plan_id),
            "cohort_year": version.plan.cohort_year,
        },
        "query": {
            "region": result.query.region,
            "month_from": result.query.month_from,
            "month_to": result.query.month_to,
        },
        "demand_available": result.figures.available,
        "source": result.figures.source,
        "total_postings": a.total_postings,
        "months": list(result.figures.months),
        "earlier_months": list(a.earlier_months),
        "later_months": list(a.later_months),
        "params": {
            "top_k": result.params.top_k,
            "min_postings": result.params.min_postings,
            "significance": result.params.significance,
        },
        "formula": FORMULA,
        "score": round(a.score, 4),
        "breadth": round(a.breadth, 4),
        "demanded": [skill_row(r) for r in a.demanded],
        "gaps": [r.skill_id for r in a.gaps],
        "weak": [r.skill_id for r in a.weak],
        "strengths": [skill_row(r) for r in a.strengths],
        "obsolete": [skill_row(r) for r in a.obsolete],
        "taught_not_demanded": [skill_row(r) for r in a.taught_only if r.status == "not_demanded"],
        "occupations": [
            {
                "code": o.code,
                "name": adapters.occupation_name(o.code),
                "postings": o.postings,
                "score": round(o.score, 4),
                "breadth": round(o.breadth, 4),
                "gaps": [adapters.skill_label(s) for s in o.gaps],
                "skills": [
                    {
                        "skill_id": s.skill_id,
                        "label": adapters.skill_label(s.skill_id),
                        "postings": s.postings,
                        "weight": round(s.weight, 4),
                        "coverage": round(s.coverage, 4),
                    }
                    for s in o.skills
                ],
            }
            for o in a.occupations
        ],
        "recommendations": recommendations_payload(recommendations(actor=actor, result=result)),
    }
    if with_trend:
        payload["trend"] = [
            {
                "number": p.number,
                "status": p.status,
                "score": round(p.score, 4),
                "breadth": round(p.breadth, 4),
                "gaps": p.gaps,
            }
            for p in version_trend(
                actor=actor, version=version, query=result.query, params=result.params
            )
        ]
    payload["charts"] = chart_data(result)
    return payload


def chart_data(result: AlignmentResult) -> dict[str, Any]:
    """Heat map course × skill (cell = coverage), gap bars and a Sankey diagram
    courses → skills → occupations."""
    a = result.alignment
    courses = list(
        result.version.courses.order_by("semester", "code").values_list("code", "name_zh")
    )
    skills = [r.skill_id for r in a.demanded] + [r.skill_id for r in a.taught_only]
    levels = {"aware": 1, "master": 2, "proficient": 3}
    cells = []
    index = {s: i for i, s in enumerate(skills)}
    course_index = {code: i for i, (code, _name) in enumerate(courses)}
    for row in (*a.demanded, *a.taught_only):
        for t in row.courses:
            if t.course_code in course_index:
                cells.append(
                    [index[row.skill_id], course_index[t.course_code], levels.get(t.level, 0)]
                )
    nodes: dict[str, dict[str, str]] = {}
    links: list[dict[str, Any]] = []
    for row in a.demanded:
        skill_node = "S " + adapters.skill_label(row.skill_id)
        for t in row.courses:
            course_node = f"C {t.course_code} {t.course_name}"
            nodes[course_node] = {"name": course_node}
            nodes[skill_node] = {"name": skill_node}
            links.append(
                {
                    "source": course_node,
                    "target": skill_node,
                    "value": round(row.weight / len(row.courses), 4),
                }
            )
    for occupation in a.occupations[:8]:
        occ_node = "O " + adapters.occupation_name(occupation.code)
        for s in occupation.skills:
            if s.coverage > 0:
                skill_node = "S " + adapters.skill_label(s.skill_id)
                if skill_node in nodes:
                    nodes[occ_node] = {"name": occ_node}
                    links.append(
                        {"source": skill_node, "target": occ_node, "value": round(s.weight, 4)}
                    )
    return {
        "heatmap": {
            "skills": [adapters.skill_label(s) for s in skills],
            "courses": [f"{c} {n}" for c, n in courses],
            "cells": cells,
        },
        "gaps": [
            {
                "label": adapters.skill_label(r.skill_id),
                "weight": round(r.weight, 4),
                "status": r.status,
            }
            for r in a.demanded
            if r.status in ("gap", "weak")
        ],
        "sankey": {"nodes": list(nodes.values()), "links": links},
    }


# --- 专业设置论证 evidence report -----------------------------------------------------------


def evidence_report(*, actor: Any, offering: MajorOffering, query: DemandQuery) -> dict[str, Any]:
    version = current_version(offering)
    if version is None:
        raise ApplicationError("conflict", _("The major has no training plan yet."))
    result = version_alignment(actor=actor, version=version, query=query)
    alignment = alignment_payload(result, actor=actor)
    major = adapters.major_get(offering.major_code, offering.level)
    return {
        "major": {
            "college": offering.college.name,
            "code": offering.major_code,
            "name": offering.name,
            "level": offering.get_level_display(),
            "established_year": offering.established_year,
            "catalogue_verified": bool(major and major.verified),
            "catalogue_source": major.source if major else "",
            "category": major.category_zh if major else "",
        },
        "enrollment": list(offering.enrollments.values("year", "students")),
        "occupations": [
            {"code": o.code, "name": o.name, "verified": o.verified}
            for o in adapters.major_occupations(offering.major_code)
        ],
        "partners": [p.enterprise.name for p in offering.partners.select_related("enterprise")],
        "signoffs": [
            {
                "organization": s.organization.name,
                "decision": s.get_decision_display(),
                "date": s.created_at.date().isoformat(),
                "note": s.note,
            }
            for s in version.signoffs.select_related("organization")
        ],
        "supply": regional_supply(offering, query.region or offering.college.region_code or ""),
        "salary": _salary_payload(result.figures.salary),
        "monthly_postings": [
            {"month": m, "postings": result.figures.postings.get(m, 0)}
            for m in result.figures.months
        ],
        "alignment": alignment,
    }


def _salary_payload(salary: SalaryFigures | None) -> dict[str, Any] | None:
    if salary is None:
        return None
    return {"postings": salary.postings, "p25": salary.p25, "p50": salary.p50, "p75": salary.p75}


def region_prefix(region: str) -> str:
    """GB/T 2260: a province code ends in 0000, a prefecture in 00; '' = everywhere."""
    if not region:
        return ""
    if region.endswith("0000"):
        return region[:2]
    if region.endswith("00"):
        return region[:4]
    return region


def regional_supply(offering: MajorOffering, region: str) -> dict[str, Any]:
    """Supply from existing majors: the colleges in the region that offer the same catalogue
    code (this one included, marked) and their enrolment as recorded here."""
    offerings = MajorOffering.objects.filter(major_code=offering.major_code, is_active=True)
    prefix = region_prefix(region)
    if prefix:
        offerings = offerings.filter(college__region_code__startswith=prefix)
    rows: list[dict[str, Any]] = []
    by_year: dict[int, int] = {}
    for found in offerings.select_related("college").prefetch_related("enrollments"):
        enrolled = {e.year: e.students for e in found.enrollments.all()}
        for year, students in enrolled.items():
            by_year[year] = by_year.get(year, 0) + students
        latest = max(enrolled) if enrolled else None
        rows.append(
            {
                "college": found.college.name,
                "level": found.get_level_display(),
                "this_college": found.pk == offering.pk,
                "established_year": found.established_year,
                "year": latest,
                "students": enrolled[latest] if latest is not None else None,
            }
        )
    rows.sort(key=lambda r: (not r["this_college"], r["college"]))
    return {
        "region": region,
        "colleges": len(rows),
        "rows": rows,
        "by_year": [{"year": y, "students": n} for y, n in sorted(by_year.items())],
    }


PDF = "application/pdf"


def evidence_download(
    report: dict[str, Any], *, offering: MajorOffering, kind: str
) -> HttpResponse:
    """The evidence report as an XLSX or PDF attachment (``kind``: xlsx | pdf)."""
    name = f"evidence-{offering.major_code}.{kind}"
    if kind == "pdf":
        return attachment(evidence_pdf(report), filename=name, content_type=PDF)
    return attachment(evidence_xlsx(report), filename=name, content_type=XLSX)


def evidence_xlsx(report: dict[str, Any]) -> bytes:
    workbook = new_workbook()
    summary = workbook.active
    assert summary is not None
    major, a = report["major"], report["alignment"]
    summary.title = _("Summary")[:31]
    xlsx_append(summary, [_("Major-setting evidence report (专业设置论证)")])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in [
        (_("College"), major["college"]),
        (_("Major code"), major["code"]),
        (_("Major"), major["name"]),
        (_("Level"), major["level"]),
        (
            _("Catalogue code verified"),
            _("yes") if major["catalogue_verified"] else _("no (unverified)"),
        ),
        (_("Catalogue source"), major["catalogue_source"]),
        (
            _("Plan version"),
            f"{a['version']['cohort_year']} v{a['version']['number']} ({a['version']['status']})",
        ),
        (_("Region"), a["query"]["region"] or _("all")),
        (_("Period"), f"{a['query']['month_from'] or '…'} – {a['query']['month_to'] or '…'}"),
        (_("Demand source"), a["source"] or _("no demand data")),
        (_("Postings in period"), a["total_postings"]),
        (_("Median monthly salary (CNY)"), _salary_text(report["salary"])),
        (_("Colleges in the region offering the major"), report["supply"]["colleges"]),
        (_("Alignment score"), a["score"]),
        (_("Breadth"), a["breadth"]),
        (_("Formula"), a["formula"]),
        (_("Partner enterprises"), ", ".join(report["partners"])),
    ]:
        xlsx_append(summary, [str(label), value])
    _sheet(
        workbook,
        _("Enrollment"),
        [_("Year"), _("Students")],
        [[e["year"], e["students"]] for e in report["enrollment"]],
    )
    _sheet(
        workbook,
        _("Regional supply"),
        [_("College"), _("Level"), _("First year offered"), _("Year"), _("Students")],
        [
            [r["college"], r["level"], r["established_year"], r["year"], r["students"]]
            for r in report["supply"]["rows"]
        ],
    )
    _sheet(
        workbook,
        _("Demanded skills"),
        [
            _("Skill"),
            _("Skill id"),
            _("Postings"),
            _("Share"),
            _("Weight"),
            _("Coverage"),
            _("Contribution"),
            _("Status"),
            _("Trend"),
            "z",
            "p",
            _("Courses"),
        ],
        [
            [
                r["label"],
                r["skill_id"],
                r["postings"],
                r["share"],
                r["weight"],
                r["coverage"],
                r["contribution"],
                r["status"],
                r["trend"]["direction"],
                r["trend"]["z"],
                r["trend"]["p_value"],
                "; ".join(f"{c['course_code']} ({c['level_label']})" for c in r["courses"]),
            ]
            for r in a["demanded"]
        ],
    )
    _sheet(
        workbook,
        _("Occupations"),
        [_("Code"), _("Occupation"), _("Postings"), _("Score"), _("Gaps")],
        [
            [o["code"], o["name"], o["postings"], o["score"], ", ".join(o["gaps"])]
            for o in a["occupations"]
        ]
        + [
            [
                o["code"],
                o["name"],
                "",
                "",
                _("catalogue crosswalk") + ("" if o["verified"] else " (" + _("unverified") + ")"),
            ]
            for o in report["occupations"]
        ],
    )
    recs = a["recommendations"]
    _sheet(
        workbook,
        _("Recommendations"),
        [_("Kind"), _("What"), _("Skills"), _("Demand weight")],
        [
            [
                _("Course update"),
                f"{u['course_code']} {u['course_name']}: {u['action']}",
                u["skill"],
                u["weight"],
            ]
            for u in recs["course_updates"]
        ]
        + [
            [_("New module"), m["area_label"], ", ".join(m["skills"]), m["weight"]]
            for m in recs["modules"]
        ]
        + [
            [_("1+X certificate"), c["name"], ", ".join(c["skills"]), c["weight"]]
            for c in recs["certificates"]
        ]
        + [
            [_("Enterprise brief"), b["id"], ", ".join(b["skills"]), b["weight"]]
            for b in recs["briefs"]
        ],
    )
    _sheet(
        workbook,
        _("Sign-offs"),
        [_("Enterprise"), _("Decision"), _("Date"), _("Note")],
        [[s["organization"], s["decision"], s["date"], s["note"]] for s in report["signoffs"]],
    )
    return xlsx_bytes(workbook)


def _salary_text(salary: dict[str, Any] | None) -> str:
    if not salary:
        return str(_("not provided by the demand source"))
    return str(
        _("%(p50)s (P25 %(p25)s, P75 %(p75)s; %(n)s postings)")
        % {
            "p50": f"{salary['p50']:,.0f}",
            "p25": f"{salary['p25']:,.0f}",
            "p75": f"{salary['p75']:,.0f}",
            "n": f"{salary['postings']:,}",
        }
    )


def _sheet(workbook: Any, title: str, headers: list[Any], rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(str(title)[:31])
    xlsx_append(sheet, [str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, [_cell(v) for v in row])


def _cell(value: Any) -> Any:
    """Numbers stay numbers; the rest as text (``xlsx_append`` neutralizes formulas)."""
    if isinstance(value, int | float | type(None)):
        return value
    return str(value)


# --- Plan export -----------------------------------------------------------------------------


def plan_xlsx(version: TrainingPlanVersion) -> bytes:
    offering = version.plan.offering
    courses = list(version.courses.prefetch_related("outcomes").order_by("semester", "code"))
    info = " · ".join(
        (
            f"专业代码 {offering.major_code}",
            f"版本 v{version.number}",
            f"学期数 {version.semesters}",
        )
    )
    export = ExportPlan(
        title=f"{offering.name_zh}专业{version.plan.cohort_year}级人才培养方案 教学进程表",
        info=info,
        semesters=version.semesters,
        courses=[_parsed(c) for c in courses],
        outcomes=[
            (c.code, o.skill_id, adapters.skill_label(o.skill_id), o.level, o.description)
            for c in courses
            for o in c.outcomes.all()
        ],
        extras=[
            ParsedExtra(0, "certificate", p.certificate_id, p.level, "")
            for p in version.certificates.all()
        ]
        + [
            ParsedExtra(0, "competition", p.name, "", p.course_code)
            for p in version.competitions.all()
        ],
    )
    return export_plan(export)


def _parsed(course: Course) -> ParsedCourse:
    return ParsedCourse(
        0,
        course.code,
        course.name_zh,
        course.name_en,
        course.credits,
        course.hours_theory,
        course.hours_practice,
        course.semester,
        course.course_type,
    )
