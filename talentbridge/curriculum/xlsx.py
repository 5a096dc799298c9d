"""XLSX import/export of a plan in the common 教学进程表 layout (openpyxl; no Django).

Sheet 1 ``教学进程表``: a title row, an info row, then a header row (found by its
"课程代码"/"Course code" cell within the first 10 rows) with the columns below (Chinese or
English headings, any order), one course per row, and an optional ``合计``/``Total`` row whose
credits must equal the sum. Per-semester columns ``第1学期`` … ``第N学期`` may replace the
``开课学期`` column (the first semester column with a value is the course's semester).
Sheet 2 ``课程技能``: course code, skill id, level (了解/掌握/熟练), outcome text.
Sheet 3 ``证书与竞赛``: kind (证书/竞赛), certificate id or competition name, level, course code.

Errors are ``RowError(sheet, row, column, code, params)`` with Excel row numbers; the caller
turns the codes into translated messages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from talentbridge.core.bounded import LimitExceeded, Limits, check_xlsx, run_bounded
from talentbridge.core.tabular import cell_unescape, new_workbook, xlsx_append, xlsx_bytes

COURSE_SHEET = "教学进程表"
SKILL_SHEET = "课程技能"
EXTRA_SHEET = "证书与竞赛"
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_COURSE_HOURS = 5000  # theory or practice hours of one course (a full-year internship < 2000)

COURSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("课程类别", "课程类型", "course type", "type"),
    "code": ("课程代码", "课程编码", "course code", "code"),
    "name_zh": ("课程名称", "course name (chinese)", "name (chinese)", "name_zh"),
    "name_en": ("英文名称", "课程英文名称", "course name (english)", "name (english)", "name_en"),
    "credits": ("学分", "credits"),
    "hours_total": ("总学时", "total hours"),
    "hours_theory": ("理论学时", "理论", "theory hours"),
    "hours_practice": ("实践学时", "实践", "practice hours"),
    "semester": ("开课学期", "学期", "semester"),
}
SKILL_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("课程代码", "course code"),
    "skill_id": ("技能id", "技能编码", "skill id"),
    "level": ("掌握程度", "程度", "level"),
    "description": ("课程目标", "学习成果", "outcome"),
}
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("类型", "kind"),
    "ref": ("证书id/竞赛名称", "编号/名称", "id or name", "ref"),
    "level": ("等级", "level"),
    "code": ("课程代码", "course code"),
}
TYPE_LABELS: dict[str, str] = {
    "公共基础": "public_basic",
    "公共基础课": "public_basic",
    "专业基础": "professional_basic",
    "专业基础课": "professional_basic",
    "专业核心": "professional_core",
    "专业核心课": "professional_core",
    "专业拓展": "professional_extension",
    "专业拓展课": "professional_extension",
    "实践": "practice",
    "实践课": "practice",
    "集中实践": "practice",
    "选修": "elective",
    "选修课": "elective",
}
TYPE_ZH = {
    "public_basic": "公共基础",
    "professional_basic": "专业基础",
    "professional_core": "专业核心",
    "professional_extension": "专业拓展",
    "practice": "实践",
    "elective": "选修",
}
LEVEL_LABELS = {"了解": "aware", "掌握": "master", "熟练": "proficient"}
LEVEL_ZH = {v: k for k, v in LEVEL_LABELS.items()}
TOTAL_MARKERS = ("合计", "总计", "total")
SEMESTER_HEADER = re.compile(r"^(?:第\s*(\d+)\s*学期|semester\s*(\d+))$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str
    row: int  # Excel row number (0 = the file itself)
    column: str
    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParsedCourse:
    row: int
    code: str
    name_zh: str
    name_en: str
    credits: Decimal
    hours_theory: int
    hours_practice: int
    semester: int
    course_type: str


@dataclass(frozen=True, slots=True)
class ParsedOutcome:
    row: int
    course_code: str
    skill_id: str
    level: str
    description: str


@dataclass(frozen=True, slots=True)
class ParsedExtra:
    row: int
    kind: str  # certificate | competition
    ref: str
    level: str
    course_code: str


@dataclass
class ParsedPlan:
    courses: list[ParsedCourse] = field(default_factory=list)
    outcomes: list[ParsedOutcome] = field(default_factory=list)
    extras: list[ParsedExtra] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    declared_total: Decimal | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_unescape(str(value).strip())


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", _text(value)).lower()


def _header_map(
    row: Sequence[Any], columns: dict[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[int, int]]:
    found: dict[str, int] = {}
    semesters: dict[int, int] = {}
    for index, cell in enumerate(row):
        heading = _norm(cell)
        for key, aliases in columns.items():
            if heading in aliases and key not in found:
                found[key] = index
        match = SEMESTER_HEADER.match(_text(cell))
        if match:
            semesters[int(match.group(1) or match.group(2))] = index
    return found, semesters


def _find_header(rows: list[tuple[Any, ...]], columns: dict[str, tuple[str, ...]]) -> int | None:
    for index, row in enumerate(rows[:10]):
        found, _sem = _header_map(row, columns)
        if "code" in found:
            return index
    return None


LIMITS = Limits(seconds=10)


def read_workbook(data: bytes) -> tuple[dict[str, list[tuple[Any, ...]]], list[RowError]]:
    """All sheets' values, or a file-level error for an unreadable/oversized file. The
    workbook's declared sizes are checked first, then it is read in a resource-limited child
    process (``core.bounded``); over a limit → ``over_limits``."""
    if len(data) > MAX_BYTES:
        return {}, [RowError("", 0, "", "file_too_large", {"limit": str(MAX_BYTES // 1048576)})]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xlsx(archive, LIMITS)
        return run_bounded(_read_workbook, data, limits=LIMITS)
    except zipfile.BadZipFile:
        return {}, [RowError("", 0, "", "corrupt_file")]
    except LimitExceeded as exc:
        return {}, [RowError("", 0, "", "over_limits", {"limit": exc.code})]


def _read_workbook(data: bytes) -> tuple[dict[str, list[tuple[Any, ...]]], list[RowError]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        return {}, [RowError("", 0, "", "corrupt_file")]
    try:
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for sheet in workbook.worksheets:
            rows = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    return {}, [RowError(sheet.title, number, "", "too_many_rows")]
                rows.append(tuple(row))
            sheets[sheet.title] = rows
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return {}, [RowError("", 0, "", "corrupt_file")]
    finally:
        workbook.close()
    return sheets, []


def parse_plan(
    data: bytes,
    *,
    semesters: int,
    skill_known: Callable[[str], bool],
    certificate_known: Callable[[str], bool],
) -> ParsedPlan:
    sheets, errors = read_workbook(data)
    result = ParsedPlan(errors=list(errors))
    if errors:
        return result
    names = list(sheets)
    course_sheet = COURSE_SHEET if COURSE_SHEET in sheets else (names[0] if names else "")
    if not course_sheet:
        result.errors.append(RowError("", 0, "", "no_course_sheet"))
        return result
    _parse_courses(sheets[course_sheet], course_sheet, semesters, result)
    codes = {c.code for c in result.courses} | _rejected_codes(result)
    if SKILL_SHEET in sheets:
        _parse_outcomes(sheets[SKILL_SHEET], codes, skill_known, result)
    if EXTRA_SHEET in sheets:
        _parse_extras(sheets[EXTRA_SHEET], codes, certificate_known, result)
    return result


def _rejected_codes(result: ParsedPlan) -> set[str]:
    return {e.params["code"] for e in result.errors if e.params.get("code")}


def _cell(row: Sequence[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(_text(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(value: Any) -> int | None:
    number = _decimal(value) if _text(value) else Decimal(0)
    if number is None or number != number.to_integral_value() or number < 0:
        return None
    return int(number)


def _parse_courses(
    rows: list[tuple[Any, ...]], sheet: str, semesters: int, out: ParsedPlan
) -> None:
    header = _find_header(rows, COURSE_COLUMNS)
    if header is None:
        out.errors.append(RowError(sheet, 0, "", "no_header"))
        return
    columns, semester_columns = _header_map(rows[header], COURSE_COLUMNS)
    missing = [k for k in ("code", "name_zh", "credits") if k not in columns]
    if "semester" not in columns and not semester_columns:
        missing.append("semester")
    if missing:
        out.errors.append(
            RowError(sheet, header + 1, "", "missing_columns", {"columns": ", ".join(missing)})
        )
        return
    first_row: dict[str, int] = {}
    for offset, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(_text(v) for v in row):
            continue
        first = _norm(row[0]) if row else ""
        if (
            first in TOTAL_MARKERS
            or _norm(_cell(row, columns, "code")) in TOTAL_MARKERS
            or (_norm(_cell(row, columns, "type")) in TOTAL_MARKERS)
        ):
            out.declared_total = _decimal(_cell(row, columns, "credits"))
            total = sum((c.credits for c in out.courses), Decimal(0))
            if (
                out.declared_total is not None
                and not _rejected_codes(out)
                and total != out.declared_total
            ):
                out.errors.append(
                    RowError(
                        sheet,
                        offset,
                        "credits",
                        "total_mismatch",
                        {"declared": str(out.declared_total), "total": str(total)},
                    )
                )
            break
        course = _parse_course(row, offset, sheet, columns, semester_columns, semesters, out)
        if course is None:
            continue
        if course.code in first_row:
            out.errors.append(
                RowError(
                    sheet,
                    offset,
                    "code",
                    "duplicate_code",
                    {"code": course.code, "first_row": str(first_row[course.code])},
                )
            )
            continue
        first_row[course.code] = offset
        out.courses.append(course)


def _parse_course(
    row: Sequence[Any],
    number: int,
    sheet: str,
    columns: dict[str, int],
    semester_columns: dict[int, int],
    semesters: int,
    out: ParsedPlan,
) -> ParsedCourse | None:
    before = len(out.errors)
    code = _text(_cell(row, columns, "code"))

    def fail(column: str, error: str, **params: str) -> None:
        out.errors.append(RowError(sheet, number, column, error, {"code": code, **params}))

    if not code:
        fail("code", "required")
    elif len(code) > 32:
        fail("code", "too_long", limit="32")
    name_zh = _text(_cell(row, columns, "name_zh"))
    if not name_zh:
        fail("name_zh", "required")
    credits = _decimal(_cell(row, columns, "credits"))
    if credits is None or credits <= 0 or credits > 100 or credits != round(credits, 1):
        fail("credits", "bad_credits", value=_text(_cell(row, columns, "credits")))
    theory = _whole(_cell(row, columns, "hours_theory"))
    practice = _whole(_cell(row, columns, "hours_practice"))
    for column, hours in (("hours_theory", theory), ("hours_practice", practice)):
        if hours is None:
            fail(column, "bad_hours", value=_text(_cell(row, columns, column)))
        elif hours > MAX_COURSE_HOURS:
            fail(column, "too_many_hours", value=str(hours), limit=str(MAX_COURSE_HOURS))
    total_cell = _cell(row, columns, "hours_total")
    if _text(total_cell) and theory is not None and practice is not None:
        total = _whole(total_cell)
        if total != theory + practice:
            fail(
                "hours_total",
                "hours_mismatch",
                total=_text(total_cell),
                theory=str(theory),
                practice=str(practice),
            )
    semester = _semester(row, columns, semester_columns)
    if semester is None or not 1 <= semester <= semesters:
        fail(
            "semester",
            "semester_out_of_range",
            semester=_text(_cell(row, columns, "semester")) or str(semester or ""),
            semesters=str(semesters),
        )
    type_text = _text(_cell(row, columns, "type"))
    course_type = TYPE_LABELS.get(type_text, type_text if type_text in TYPE_ZH else "")
    if not course_type:
        fail("type", "unknown_type", value=type_text)
    if len(out.errors) > before:
        return None
    assert credits is not None and theory is not None and practice is not None
    return ParsedCourse(
        number,
        code,
        name_zh,
        _text(_cell(row, columns, "name_en")),
        credits,
        theory,
        practice,
        int(semester or 0),
        course_type,
    )


def _semester(
    row: Sequence[Any], columns: dict[str, int], semester_columns: dict[int, int]
) -> int | None:
    if "semester" in columns and _text(_cell(row, columns, "semester")):
        value = _whole(_cell(row, columns, "semester"))
        return value
    for number in sorted(semester_columns):
        index = semester_columns[number]
        if index < len(row) and _text(row[index]):
            return number
    return None


def _parse_outcomes(
    rows: list[tuple[Any, ...]],
    codes: set[str],
    skill_known: Callable[[str], bool],
    out: ParsedPlan,
) -> None:
    header = _find_header(rows, SKILL_COLUMNS)
    if header is None:
        return
    columns, _sem = _header_map(rows[header], SKILL_COLUMNS)
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(_text(v) for v in row):
            continue
        code = _text(_cell(row, columns, "code"))
        skill_id = _text(_cell(row, columns, "skill_id"))
        level_text = _text(_cell(row, columns, "level"))
        level = LEVEL_LABELS.get(level_text, level_text if level_text in LEVEL_ZH else "")
        errors = len(out.errors)
        if code not in codes:
            out.errors.append(
                RowError(SKILL_SHEET, number, "code", "unknown_course", {"code": code})
            )
        if not skill_known(skill_id):
            out.errors.append(
                RowError(SKILL_SHEET, number, "skill_id", "unknown_skill", {"skill": skill_id})
            )
        if not level:
            out.errors.append(
                RowError(SKILL_SHEET, number, "level", "unknown_level", {"value": level_text})
            )
        if (code, skill_id) in seen:
            out.errors.append(
                RowError(
                    SKILL_SHEET,
                    number,
                    "skill_id",
                    "duplicate_skill",
                    {"code": code, "skill": skill_id},
                )
            )
        if len(out.errors) > errors:
            continue
        seen.add((code, skill_id))
        description = _text(_cell(row, columns, "description"))[:1000]
        out.outcomes.append(ParsedOutcome(number, code, skill_id, level, description))


def _parse_extras(
    rows: list[tuple[Any, ...]],
    codes: set[str],
    certificate_known: Callable[[str], bool],
    out: ParsedPlan,
) -> None:
    header = _find_header(rows, {**EXTRA_COLUMNS, "code": ("类型", "kind")})
    if header is None:
        return
    columns, _sem = _header_map(rows[header], EXTRA_COLUMNS)
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(_text(v) for v in row):
            continue
        kind_text = _text(_cell(row, columns, "kind"))
        kind = {
            "证书": "certificate",
            "certificate": "certificate",
            "竞赛": "competition",
            "competition": "competition",
        }.get(kind_text.lower(), "")
        ref = _text(_cell(row, columns, "ref"))
        code = _text(_cell(row, columns, "code"))
        if not kind:
            out.errors.append(
                RowError(EXTRA_SHEET, number, "kind", "unknown_kind", {"value": kind_text})
            )
        elif kind == "certificate" and not certificate_known(ref):
            out.errors.append(
                RowError(EXTRA_SHEET, number, "ref", "unknown_certificate", {"value": ref})
            )
        elif not ref:
            out.errors.append(RowError(EXTRA_SHEET, number, "ref", "required"))
        elif code and code not in codes:
            out.errors.append(
                RowError(EXTRA_SHEET, number, "code", "unknown_course", {"code": code})
            )
        else:
            out.extras.append(
                ParsedExtra(number, kind, ref[:300], _text(_cell(row, columns, "level"))[:20], code)
            )


# --- Export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportPlan:
    title: str
    info: str
    semesters: int
    courses: Sequence[ParsedCourse]
    outcomes: Sequence[tuple[str, str, str, str, str]]  # code, skill id, label, level, text
    extras: Sequence[ParsedExtra]


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def export_plan(plan: ExportPlan) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = COURSE_SHEET
    headers = [
        "序号",
        "课程类别",
        "课程代码",
        "课程名称",
        "英文名称",
        "学分",
        "总学时",
        "理论学时",
        "实践学时",
        "开课学期",
        *(f"第{n}学期" for n in range(1, plan.semesters + 1)),
    ]
    _append(sheet, [plan.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    _append(sheet, [plan.info])
    _header(sheet, headers)
    for index, c in enumerate(plan.courses, start=1):
        per_semester = ["" for _ in range(plan.semesters)]
        if 1 <= c.semester <= plan.semesters:
            per_semester[c.semester - 1] = str(c.hours_theory + c.hours_practice)
        _append(
            sheet,
            [
                index,
                TYPE_ZH.get(c.course_type, c.course_type),
                c.code,
                c.name_zh,
                c.name_en,
                float(c.credits),
                c.hours_theory + c.hours_practice,
                c.hours_theory,
                c.hours_practice,
                c.semester,
                *per_semester,
            ],
        )
    xlsx_append(
        sheet,
        [
            "合计",
            "",
            "",
            "",
            "",
            float(sum((c.credits for c in plan.courses), Decimal(0))),
            sum(c.hours_theory + c.hours_practice for c in plan.courses),
            sum(c.hours_theory for c in plan.courses),
            sum(c.hours_practice for c in plan.courses),
        ],
    )
    _widths(sheet, [6, 12, 14, 28, 34, 8, 8, 8, 8, 8])
    skills = workbook.create_sheet(SKILL_SHEET)
    _header(skills, ["课程代码", "技能ID", "技能名称", "掌握程度", "课程目标"])
    for code, skill_id, label, level, text in plan.outcomes:
        _append(skills, [code, skill_id, label, LEVEL_ZH.get(level, level), text])
    _widths(skills, [14, 60, 24, 10, 50])
    extras = workbook.create_sheet(EXTRA_SHEET)
    _header(extras, ["类型", "证书ID/竞赛名称", "等级", "课程代码"])
    for e in plan.extras:
        _append(
            extras, ["证书" if e.kind == "certificate" else "竞赛", e.ref, e.level, e.course_code]
        )
    _widths(extras, [8, 50, 10, 14])
    return xlsx_bytes(workbook)


def _append(sheet: Any, row: Sequence[Any]) -> None:
    xlsx_append(sheet, row)


def _header(sheet: Any, headers: Iterable[str]) -> None:
    xlsx_append(sheet, list(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def rows_with_errors(errors: Iterable[RowError]) -> set[tuple[str, int]]:
    return {(e.sheet, e.row) for e in errors}
