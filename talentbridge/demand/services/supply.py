"""Supply import (enrolment and graduates per college and major), keyed on the college's id,
with provenance and revert as a unit (ADR 0010)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization, OrganizationKind, VerificationStatus
from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.demand.ingest.readers import (
    FileProblem,
    SourceRow,
    open_posting_file,
)
from talentbridge.demand.models import SupplyImportBatch, SupplyRecord
from talentbridge.demand.services.runs import _sha256
from talentbridge.demand.services.uploads import (
    ROW_ERROR_MESSAGES,
    SUPPLY_LIMITS,
    file_problem_message,
)

SUPPLY_HEADERS = {
    "college_name": ("院校名称", "学校名称", "院校", "学校", "college", "school"),
    "school_code": ("学校标识码", "学校代码", "院校代码", "schoolcode", "schoolid"),
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
    batch_id: Any = None


def supply_import(
    *, actor: Any, path: Path, all_or_nothing: bool = False, file_name: str = ""
) -> SupplyImportResult:
    """Import college × major × year enrolment/graduate counts from a spreadsheet (ADR 0010).

    Rows name their college by 学校标识码 (column ``school_code``, preferred) or by name; either
    way the row is keyed on the college's id, found only among the verified colleges the actor
    may import for (``permissions.supply_scope``): a college's own admins for that college,
    officers of a verified government body for the colleges of its region, operators for any.
    A name that fits two of those colleges is refused (``ambiguous_college``): names are not
    identities. The import is one batch with its provenance; it adds rows (never overwrites),
    and the figures use each key's latest batch that was not reverted. Bad rows are reported by
    row number; with ``all_or_nothing`` one bad row cancels the whole import.
    """
    from talentbridge.demand.ingest.mapping import header_key
    from talentbridge.demand.permissions import can_import_supply, supply_scope

    can_import_supply(actor)
    scope = supply_scope(actor)
    try:
        posting_file = open_posting_file(path, limits=SUPPLY_LIMITS)
    except FileProblem as problem:
        raise ApplicationError("invalid", file_problem_message(problem)) from problem
    keys = {header_key(h): h for h in posting_file.headers}
    columns = {
        field_name: next((keys[s] for s in synonyms if s in keys), "")
        for field_name, synonyms in SUPPLY_HEADERS.items()
    }
    missing = [f for f in ("major_code", "year") if not columns[f]]
    if not columns["college_name"] and not columns["school_code"]:
        missing.insert(0, "college_name")
    if missing:
        raise ApplicationError(
            "invalid", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    finder = _CollegeFinder(scope)
    result = SupplyImportResult()
    good: dict[tuple[Any, str, int], dict[str, Any]] = {}
    for row in posting_file.rows:
        result.read += 1
        parsed = _supply_row(row, columns)
        if not isinstance(parsed, str):
            parsed = finder.resolve(parsed)
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
            # the same college × major × year twice in one file: the later row wins
            good[(parsed["college"].pk, parsed["major_code"], parsed["year"])] = parsed
    if all_or_nothing and result.rejected:
        return result
    if not good:
        return result
    contributors = {row["contributed_by"] for row in good.values()}
    with transaction.atomic():
        batch = SupplyImportBatch.objects.create(
            organization=next(iter(contributors)) if len(contributors) == 1 else None,
            imported_by=actor,
            file_name=(file_name or path.name)[:255],
            file_sha256=_sha256(path),
            rows=len(good),
        )
        SupplyRecord.objects.bulk_create(
            SupplyRecord(batch=batch, imported_by=actor, **data) for data in good.values()
        )
        result.imported = len(good)
        result.batch_id = batch.pk
        audit_record(
            actor=actor,
            action="demand.supply_import",
            obj=batch,
            after={
                "file": batch.file_name,
                "imported": result.imported,
                "rejected": result.rejected,
                "colleges": sorted({str(d["college"].pk) for d in good.values()}),
            },
            organization_id=batch.organization_id,
        )
    return result


class _CollegeFinder:
    """Resolves a row's college to an organization id within the actor's scope."""

    def __init__(self, scope: Any) -> None:
        self.scope = scope
        self.allowed = list(scope.colleges())
        self.by_code = {c.school_code: c for c in self.allowed if c.school_code}
        self.by_name: dict[str, list[Any]] = {}
        for college in self.allowed:
            for name in {_college_key(college.name_zh), _college_key(college.name_en or "")}:
                if name:
                    self.by_name.setdefault(name, []).append(college)

    def resolve(self, row: dict[str, Any]) -> dict[str, Any] | str:
        code = row.pop("school_code")
        if code:
            college = self.by_code.get(code)
            if college is None:
                return self._why_not(school_code=code)
        else:
            found = self.by_name.get(_college_key(row["college_name"]), [])
            if len(found) > 1:
                return "ambiguous_college"
            if not found:
                return self._why_not(name=row["college_name"])
            college = found[0]
        contributor = self.scope.contributor(college)
        if contributor is False:  # pragma: no cover - colleges() and contributor() agree
            return "foreign_college"
        return {
            **row,
            "college": college,
            "college_name": row["college_name"] or college.name_zh,
            # the region is the college's, not what the file claims
            "region_code": college.region_code,
            "contributed_by": contributor,
        }

    def _why_not(self, *, name: str = "", school_code: str = "") -> str:
        """``foreign_college`` when a verified college with this identity exists but is not in
        the actor's scope; ``unknown_college`` otherwise."""
        others = Organization.objects.filter(
            kind=OrganizationKind.COLLEGE, verification_status=VerificationStatus.VERIFIED
        )
        if school_code:
            exists = others.filter(school_code=school_code).exists()
        else:
            key = _college_key(name)
            exists = any(
                key in {_college_key(zh), _college_key(en or "")}
                for zh, en in others.filter(
                    Q(name_zh__iexact=name.strip()) | Q(name_en__iexact=name.strip())
                ).values_list("name_zh", "name_en")
            )
        return "foreign_college" if exists else "unknown_college"


def _college_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def supply_batch_revert(*, actor: Any, batch: SupplyImportBatch) -> SupplyImportBatch:
    """Revert one supply import as a unit: its rows stop counting and each college × major ×
    year falls back to its previous import (the rows stay, for the record)."""
    from talentbridge.demand.permissions import SupplyAction, access_supply_batch

    access_supply_batch(actor, batch, SupplyAction.REVERT)
    with transaction.atomic():
        locked = SupplyImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.reverted_at is not None:
            raise ApplicationError("conflict", _("This import has already been reverted."))
        locked.reverted_at = timezone.now()
        locked.reverted_by = actor
        locked.save(update_fields=["reverted_at", "reverted_by", "updated_at"])
        audit_record(
            actor=actor,
            action="demand.supply_revert",
            obj=locked,
            before={"reverted": False},
            after={"reverted": True, "rows": locked.rows},
            organization_id=locked.organization_id,
        )
    return locked


SUPPLY_ERROR_MESSAGES = {
    "missing_college": _("the college name is empty"),
    "foreign_college": _(
        "you may import figures only for your own college or for the colleges of your "
        "government body's region"
    ),
    "unknown_college": _("no verified college has this name or school identifier"),
    "ambiguous_college": _(
        "several colleges have this name: give the school identifier (学校标识码) instead"
    ),
    "bad_school_code": _("a school identifier (学校标识码) is 10 digits"),
    "missing_major": _("the major code is empty"),
    "bad_year": _("the year is not a number between 2000 and 2100"),
    "bad_count": _("a count is not a whole number ≥ 0"),
    **ROW_ERROR_MESSAGES,
}


def _supply_row(row: SourceRow, columns: dict[str, str]) -> dict[str, Any] | str:
    if row.error:
        return row.error
    value = {f: (row.values.get(h, "") if h else "").strip() for f, h in columns.items()}
    if not value["college_name"] and not value["school_code"]:
        return "missing_college"
    if value["school_code"] and not re.fullmatch(r"\d{10}", value["school_code"], re.ASCII):
        return "bad_school_code"
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
        "school_code": value["school_code"],
        "major_code": value["major_code"][:10],
        "year": int(value["year"]),
        "major_name": value["major_name"][:200],
        **counts,
    }
