"""XLSX import of a training plan into a draft version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from talentbridge.curriculum import adapters
from talentbridge.curriculum.messages import row_error_message
from talentbridge.curriculum.models import (
    Course,
    LearningOutcome,
    PlanCertificate,
    PlanCompetition,
    TrainingPlanVersion,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_version,
)
from talentbridge.curriculum.services._common import (
    _audit,
    _college_id,
    _locked_version,
    _require_draft,
)
from talentbridge.curriculum.services.plans import _clean_declared_credits
from talentbridge.curriculum.xlsx import ParsedPlan, RowError, parse_plan

# --- XLSX import -----------------------------------------------------------------------------


@dataclass
class ImportReport:
    errors: list[str]
    error_rows: list[tuple[str, int]]
    courses: int = 0
    outcomes: int = 0
    extras: int = 0
    imported: bool = False


def plan_import_xlsx(
    *, actor: Any, version: TrainingPlanVersion, data: bytes, keep_good_rows: bool = False
) -> ImportReport:
    """Replace a draft's courses, outcomes, certificates and competitions with a workbook's.
    With any bad row nothing is imported, unless ``keep_good_rows`` (then the good rows are)."""
    access_version(actor, version, Action.EDIT)
    _require_draft(version)
    parsed = parse_plan(
        data,
        semesters=version.semesters,
        skill_known=lambda s: adapters.skill_get(s) is not None,
        certificate_known=lambda c: adapters.certificate_get(c) is not None,
    )
    file_error = any(e.row == 0 for e in parsed.errors)
    report = ImportReport(
        [row_error_message(e) for e in parsed.errors],
        sorted({(e.sheet, e.row) for e in parsed.errors}),
    )
    if file_error or not parsed.courses or (parsed.errors and not keep_good_rows):
        return report
    with transaction.atomic():
        version = _locked_version(version)
        _require_draft(version)
        _replace_contents(version, parsed)
        if parsed.declared_total is not None and not parsed.errors:
            version.declared_credits = _clean_declared_credits(parsed.declared_total)
            version.save(update_fields=["declared_credits", "updated_at"])
        _audit(
            actor,
            "curriculum.plan_import",
            version,
            _college_id(version),
            after={
                "courses": len(parsed.courses),
                "outcomes": len(parsed.outcomes),
                "bad_rows": len(report.error_rows),
            },
        )
    codes = {c.code for c in parsed.courses}
    report.courses = len(parsed.courses)
    report.outcomes = sum(1 for o in parsed.outcomes if o.course_code in codes)
    report.extras = len(parsed.extras)
    report.imported = True
    return report


def _replace_contents(version: TrainingPlanVersion, parsed: ParsedPlan) -> None:
    syllabi = dict(version.courses.values_list("code", "syllabus"))
    version.courses.all().delete()
    version.certificates.all().delete()
    version.competitions.all().delete()
    courses = {
        c.code: Course.objects.create(
            version=version,
            code=c.code,
            name_zh=c.name_zh,
            name_en=c.name_en,
            credits=c.credits,
            hours_theory=c.hours_theory,
            hours_practice=c.hours_practice,
            semester=c.semester,
            course_type=c.course_type,
            syllabus=syllabi.get(c.code, ""),
        )
        for c in parsed.courses
    }
    LearningOutcome.objects.bulk_create(
        LearningOutcome(
            course=courses[o.course_code],
            skill_id=adapters.canonical_skill(o.skill_id),
            level=o.level,
            description=o.description,
        )
        for o in parsed.outcomes
        if o.course_code in courses
    )
    for extra in parsed.extras:
        if extra.kind == "certificate":
            PlanCertificate.objects.get_or_create(
                version=version, certificate_id=extra.ref, defaults={"level": extra.level}
            )
        else:
            PlanCompetition.objects.get_or_create(
                version=version,
                name=extra.ref,
                defaults={"course_code": extra.course_code if extra.course_code in courses else ""},
            )


def row_errors(errors: list[RowError]) -> list[str]:
    return [row_error_message(e) for e in errors]
