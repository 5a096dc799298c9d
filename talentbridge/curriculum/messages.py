"""Translated messages for the stable error codes of the pure modules (xlsx, rules, syllabus)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentbridge.core.uploads import limit_message
from talentbridge.curriculum.rules import Problem
from talentbridge.curriculum.syllabus import MAX_UPLOAD_BYTES, SyllabusError
from talentbridge.curriculum.xlsx import RowError

MESSAGES: Mapping[str, Promise] = {
    "file_too_large": _("The file is larger than %(limit)s MB."),
    "corrupt_file": _("The file is not a readable XLSX workbook (corrupt or another format)."),
    "too_many_rows": _("Too many rows (the limit is 2000 per sheet)."),
    "no_course_sheet": _("The workbook has no course sheet."),
    "no_header": _('No header row with a "课程代码" (course code) column in the first 10 rows.'),
    "missing_columns": _("Required columns are missing: %(columns)s."),
    "required": _("A value is required."),
    "too_long": _("Longer than %(limit)s characters."),
    "bad_credits": _(
        'Credits must be a positive number with at most one decimal, not "%(value)s".'
    ),
    "bad_hours": _('Hours must be a whole number ≥ 0, not "%(value)s".'),
    "too_many_hours": _("%(value)s hours is more than the limit of %(limit)s per course."),
    "hours_mismatch": _("Total hours %(total)s ≠ theory %(theory)s + practice %(practice)s."),
    "semester_out_of_range": _(
        "Course %(code)s is in semester %(semester)s, but the plan has %(semesters)s semesters."
    ),
    "unknown_type": _(
        'Unknown course type "%(value)s" '
        "(use 公共基础, 专业基础, 专业核心, 专业拓展, 实践 or 选修)."
    ),
    "duplicate_code": _("Course code %(code)s appears twice (first on row %(first_row)s)."),
    "total_mismatch": _(
        "The total row says %(declared)s credits but the courses add up to %(total)s."
    ),
    "unknown_course": _('No course with code "%(code)s" in this plan.'),
    "unknown_skill": _('"%(skill)s" is not a skill of the taxonomy.'),
    "unknown_level": _('Unknown level "%(value)s" (use 了解, 掌握 or 熟练).'),
    "duplicate_skill": _("Skill %(skill)s is mapped twice to course %(code)s."),
    "unknown_kind": _('Unknown kind "%(value)s" (use 证书 or 竞赛).'),
    "unknown_certificate": _('"%(value)s" is not a known 1+X certificate id.'),
    "credits_not_positive": _("Course %(code)s must have more than 0 credits."),
    "credits_mismatch": _(
        "The plan declares %(declared)s credits but its courses add up to %(total)s."
    ),
    "too_large": _("The file is larger than %(limit)s MB."),
    "corrupt_docx": _("The DOCX file cannot be read."),
    "not_pdf": _("The file is called .pdf but is not a PDF document."),
    "corrupt_pdf": _("The PDF file is damaged and cannot be read."),
    "pdf_encrypted": _(
        "The PDF is protected by a password; save it without a password or paste the text."
    ),
    "pdf_no_text": _(
        "The PDF has no text layer (a scan or images only); run text recognition on it first "
        "or paste the text."
    ),
    "pdf_too_many_pages": _("The PDF has more than 200 pages; upload the syllabus only."),
    "unsupported_type": _("Upload a .pdf, .docx or .txt file, or paste the text."),
    "not_text": _("The file is not UTF-8 text."),
}


def message(code: str, params: Mapping[str, str] | None = None) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % dict(params or {})
    except (KeyError, ValueError, TypeError):
        return str(template)


def syllabus_message(error: SyllabusError) -> str:
    """The translated reason a syllabus upload was refused."""
    if error.code == "over_limits":
        return limit_message(error.limit)
    return message(error.code, {"limit": str(MAX_UPLOAD_BYTES // (1024 * 1024))})


def row_error_message(error: RowError) -> str:
    if error.code == "over_limits":
        text = limit_message(error.params.get("limit", ""))
    else:
        text = message(error.code, error.params)
    if error.row:
        return str(_("%(sheet)s row %(row)s: %(text)s")) % {
            "sheet": error.sheet,
            "row": error.row,
            "text": text,
        }
    return text


def problem_message(problem: Problem) -> str:
    return message(problem.code, problem.params)
