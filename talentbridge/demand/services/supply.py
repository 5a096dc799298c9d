"""Supply import (enrolment and graduates per college and major)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.demand.ingest.readers import (
    FileProblem,
    SourceRow,
    open_posting_file,
)
from talentbridge.demand.models import (
    SupplyRecord,
)
from talentbridge.demand.services.uploads import (
    ROW_ERROR_MESSAGES,
    SUPPLY_LIMITS,
    file_problem_message,
)

# --- supply (enrolment / graduates) ---------------------------------------------------------

SUPPLY_HEADERS = {
    "college_name": ("院校名称", "学校名称", "院校", "学校", "college", "school"),
    "region_code": ("地区代码", "行政区划代码", "地区", "region", "regioncode"),
    "major_code": ("专业代码", "majorcode", "code"),
    "major_name": ("专业名称", "专业", "major", "majorname"),
    "year": ("年份", "年度", "届别", "year"),
    "enrolled": ("招生人数", "在校生数", "招生数", "enrolled", "enrollment"),
    "graduates": ("毕业生人数", "毕业生数", "毕业人数", "graduates"),
}


@dataclass
class SupplyImportResult:
    read: int = 0
    imported: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def supply_import(*, actor: Any, path: Path, all_or_nothing: bool = False) -> SupplyImportResult:
    """Import college × major × year enrolment/graduate counts from an XLSX sheet.

    A row for an existing (college, major, year) replaces its counts. Bad rows are reported
    by row number; with ``all_or_nothing`` one bad row cancels the whole import.

    Superusers and government officers import figures of any college. A college admin imports
    only rows whose college name is the Chinese or English name of a college they administer
    (the row is linked to that organization); other rows are rejected as ``foreign_college``.
    """
    from talentbridge.demand.ingest.mapping import header_key
    from talentbridge.demand.permissions import can_import_supply, supply_colleges_of

    can_import_supply(actor)
    colleges = supply_colleges_of(actor)
    try:
        posting_file = open_posting_file(path, limits=SUPPLY_LIMITS)
    except FileProblem as problem:
        raise ApplicationError("invalid", file_problem_message(problem)) from problem
    keys = {header_key(h): h for h in posting_file.headers}
    columns = {
        field_name: next((keys[s] for s in synonyms if s in keys), "")
        for field_name, synonyms in SUPPLY_HEADERS.items()
    }
    missing = [f for f in ("college_name", "major_code", "year") if not columns[f]]
    if missing:
        raise ApplicationError(
            "invalid", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    result = SupplyImportResult()
    good: list[dict[str, Any]] = []
    for row in posting_file.rows:
        result.read += 1
        parsed = _supply_row(row, columns)
        if not isinstance(parsed, str) and colleges is not None:
            parsed = _own_college_row(parsed, colleges)
        if isinstance(parsed, str):
            result.rejected += 1
            result.errors.append(
                {
                    "row": row.number,
                    "code": parsed,
                    "reason": str(SUPPLY_ERROR_MESSAGES.get(parsed, parsed)),
                }
            )
        else:
            good.append(parsed)
    if all_or_nothing and result.rejected:
        return result
    with transaction.atomic():
        for data in good:
            key = {k: data.pop(k) for k in ("college_name", "major_code", "year")}
            SupplyRecord.objects.update_or_create(**key, defaults={**data, "imported_by": actor})
        result.imported = len(good)
        audit_record(
            actor=actor,
            action="demand.supply_import",
            object_type="supply",
            after={"file": path.name, "imported": result.imported, "rejected": result.rejected},
        )
    return result


def _college_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _own_college_row(row: dict[str, Any], colleges: list[Any]) -> dict[str, Any] | str:
    """The row linked to the actor's college it names, or ``foreign_college``."""
    wanted = _college_key(row["college_name"])
    for college in colleges:
        if wanted in {_college_key(college.name_zh), _college_key(college.name_en or "")}:
            return {**row, "college": college}
    return "foreign_college"


SUPPLY_ERROR_MESSAGES = {
    "missing_college": _("the college name is empty"),
    "foreign_college": _("you may import figures only for a college you administer"),
    "missing_major": _("the major code is empty"),
    "bad_year": _("the year is not a number between 2000 and 2100"),
    "bad_count": _("a count is not a whole number ≥ 0"),
    **ROW_ERROR_MESSAGES,
}


def _supply_row(row: SourceRow, columns: dict[str, str]) -> dict[str, Any] | str:
    if row.error:
        return row.error
    value = {f: (row.values.get(h, "") if h else "").strip() for f, h in columns.items()}
    if not value["college_name"]:
        return "missing_college"
    if not value["major_code"]:
        return "missing_major"
    if (
        not re.fullmatch(r"\d{4}", value["year"], re.ASCII)
        or not 2000 <= int(value["year"]) <= 2100
    ):
        return "bad_year"
    counts = {}
    for name in ("enrolled", "graduates"):
        text = value[name] or "0"
        if not re.fullmatch(r"\d{1,9}", text, re.ASCII):
            return "bad_count"
        counts[name] = int(text)
    return {
        "college_name": value["college_name"][:200],
        "major_code": value["major_code"][:10],
        "year": int(value["year"]),
        "major_name": value["major_name"][:200],
        "region_code": value["region_code"][:6],
        **counts,
    }
