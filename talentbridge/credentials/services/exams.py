"""1+X examination results imported from an XLSX sheet by the pilot college.

Columns (Chinese or English headers): 邮箱/email, 证书/certificate (the certificate's Chinese
or English name, or its code), 等级/level (初级/中级/高级 or elementary/intermediate/advanced),
结果/result (合格/通过/pass — other rows are skipped), 考试日期/date (YYYY-MM-DD or a date
cell), 考核机构/assessor (optional; default "1+X 评价组织"). A passing row becomes one exam
judgement per skill of the certificate, at level 2 (初级), 3 (中级) or 4 (高级).

All rows or nothing: any bad row refuses the whole file and the error lists every bad row by
its number in the sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization, OrganizationMembership, OrgRole
from talentbridge.core.bounded import LimitExceeded, Limits, check_xlsx, run_bounded
from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.core.uploads import limit_error, upload_gate
from talentbridge.credentials.models import EvidenceRecord, EvidenceSource, ExamImport
from talentbridge.credentials.permissions import Action, access_college
from talentbridge.credentials.services.ledger import _append, clean_record
from talentbridge.taxonomy.data import load_certificates

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
    "certificate": ("证书", "证书名称", "certificate"),
    "level": ("等级", "级别", "level"),
    "result": ("结果", "考核结果", "result"),
    "date": ("考试日期", "日期", "date"),
    "assessor": ("考核机构", "评价组织", "assessor"),
}
LEVELS = {"初级": 2, "中级": 3, "高级": 4, "elementary": 2, "intermediate": 3, "advanced": 4}
PASS = {"合格", "通过", "pass", "passed"}


@dataclass
class ExamRow:
    number: int
    student: User
    certificate_id: str
    certificate_name: str
    skill_ids: tuple[str, ...]
    level_name: str
    level: int
    occurred_on: dt.date
    assessor: str


def _certificate_index() -> dict[str, Any]:
    index: dict[str, Any] = {}
    for cert in load_certificates():
        for key in (cert.id, cert.name_zh, cert.name_en):
            if key:
                index[key.strip().lower()] = cert
    return index


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for field, names in HEADERS.items():
            if key in {n.lower() for n in names}:
                found.setdefault(field, index)
    return found


LIMITS = Limits(seconds=10)


def _sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows (runs in the resource-limited child of ``core.bounded``)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    finally:
        book.close()


def parse_sheet(data: bytes, *, college: Organization) -> tuple[list[ExamRow], int, list[str]]:
    """Rows to import, rows skipped (not passed), and one error sentence per bad row. The
    workbook's declared sizes are checked, then it is read in a resource-limited child."""
    if len(data) > MAX_BYTES:
        raise ApplicationError(
            "invalid",
            _("The file is larger than 5 MB."),
            fields={"file": [_("The file is larger than 5 MB.")]},
        )
    if not data.startswith(b"PK"):
        message = _("This is not an XLSX file.")
        raise ApplicationError("invalid", message, fields={"file": [message]})
    upload_gate(io.BytesIO(data), size=len(data), name="", allow={"xlsx"}, max_bytes=MAX_BYTES)
    import openpyxl  # noqa: F401 (imported here, once, so the child does not import it)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xlsx(archive, LIMITS)
        rows = run_bounded(_sheet_rows, data, limits=LIMITS)
    except LimitExceeded as exc:
        raise limit_error(exc) from exc
    except Exception as exc:  # openpyxl raises many kinds on broken archives
        message = _("The XLSX file cannot be read.")
        raise ApplicationError("invalid", message, fields={"file": [message]}) from exc
    if not rows:
        message = _("The sheet is empty.")
        raise ApplicationError("invalid", message, fields={"file": [message]})
    if len(rows) > MAX_ROWS + 1:
        message = _("At most 5000 rows per file.")
        raise ApplicationError("invalid", message, fields={"file": [message]})
    columns = _columns([_cell_text(c) for c in rows[0]])
    missing = [f for f in ("email", "certificate", "level", "result", "date") if f not in columns]
    if missing:
        message = _("Missing columns: %(columns)s.") % {
            "columns": ", ".join(HEADERS[m][0] for m in missing)
        }
        raise ApplicationError("invalid", message, fields={"file": [message]})
    certificates = _certificate_index()
    students = {
        u.email.lower(): u
        for u in User.objects.filter(
            pk__in=OrganizationMembership.objects.filter(
                organization=college, role=OrgRole.STUDENT
            ).values("user_id")
        )
    }
    good: list[ExamRow] = []
    errors: list[str] = []
    skipped = 0
    today = timezone.localdate()
    for number, raw in enumerate(rows[1:], start=2):
        values = {f: _cell_text(raw[i]) if i < len(raw) else "" for f, i in columns.items()}
        if not any(values.values()):
            continue
        problems: list[str] = []
        student = students.get(values["email"].lower())
        if student is None:
            problems.append(
                _("no student of this college with the e-mail %(email)s")
                % {"email": values["email"][:100]}
            )
        cert = certificates.get(values["certificate"].lower())
        if cert is None:
            problems.append(
                _("unknown 1+X certificate “%(name)s”") % {"name": values["certificate"][:100]}
            )
        level = LEVELS.get(values["level"].lower())
        if level is None:
            problems.append(_("level must be 初级, 中级 or 高级"))
        try:
            occurred_on = dt.date.fromisoformat(values["date"][:10])
            if occurred_on > today:
                problems.append(_("the exam date lies in the future"))
        except ValueError:
            occurred_on = today
            problems.append(_("the date must be YYYY-MM-DD"))
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        if values["result"].lower() not in PASS:
            skipped += 1
            continue
        assert student is not None and cert is not None and level is not None
        good.append(
            ExamRow(
                number,
                student,
                cert.id,
                cert.name_zh,
                tuple(cert.skill_ids),
                values["level"],
                level,
                occurred_on,
                values.get("assessor", "") or "1+X 评价组织",
            )
        )
    return good, skipped, errors


def exam_import(*, actor: Any, college: Organization, data: bytes, file_name: str) -> ExamImport:
    access_college(actor, college, Action.RECORD)
    rows, _skipped, errors = parse_sheet(data, college=college)
    if errors:
        message = _("Nothing was imported: %(count)s rows are not valid.") % {"count": len(errors)}
        raise ApplicationError("invalid", message, fields={"file": errors[:50]})
    digest = hashlib.sha256(data).hexdigest()
    records = 0
    with transaction.atomic():
        run = ExamImport.objects.create(
            college=college,
            imported_by=actor,
            file_name=file_name[:255],
            sha256=digest,
            rows=len(rows),
        )
        for row in rows:
            for skill_id in row.skill_ids:
                ref = f"1x:{row.certificate_id}:{row.student.pk}:{row.level}:{skill_id}"
                if EvidenceRecord.objects.filter(
                    source=EvidenceSource.EXAMS, source_ref=ref
                ).exists():
                    continue
                clean = clean_record(
                    {
                        "source": EvidenceSource.EXAMS,
                        "source_ref": ref,
                        "student_id": str(row.student.pk),
                        "skill": skill_id,
                        "level": row.level,
                        "assessor_name": row.assessor,
                        "assessor_role": "exam",
                        "organization_id": str(college.pk),
                        "context_title": f"{row.certificate_name}（{row.level_name}）",
                        "occurred_on": row.occurred_on.isoformat(),
                    }
                )
                _append(clean, recorded_by=actor)
                records += 1
        ExamImport.objects.filter(pk=run.pk).update(records=records)
        run.records = records
        audit_record(
            actor=actor,
            action="credentials.exam.import",
            obj=run,
            after={"file": run.file_name, "rows": len(rows), "records": records},
            organization_id=college.pk,
        )
    return run
