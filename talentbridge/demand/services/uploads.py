"""Upload limits and the messages for file, row and mapping errors."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from talentbridge.core.bounded import Limits
from talentbridge.core.errors import ApplicationError
from talentbridge.core.uploads import limit_message
from talentbridge.demand.ingest.readers import FileProblem

DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024


ROW_ERROR_MESSAGES = {
    "missing_title": _("the job title is empty"),
    "title_too_long": _("the job title is longer than 300 characters"),
    "text_too_long": _("the description is longer than 100,000 characters"),
    "invalid_json": _("the line is not valid JSON"),
    "not_an_object": _("the line is not a JSON object"),
    "json_too_deep": _("the line's JSON is nested too deeply"),
    "too_many_cells": _("the row has more cells than the header"),
    "truncated_after_row": _("the spreadsheet is damaged from this row on; later rows are lost"),
}
FILE_ERROR_MESSAGES = {
    "unsupported_format": _("Unsupported file type: use .csv, .tsv, .jsonl or .xlsx."),
    "undecodable": _("The file is neither UTF-8 nor GBK/GB18030 text."),
    "damaged_xlsx": _("The XLSX file is damaged and cannot be opened."),
    "empty_file": _("The file is empty."),
    "no_header": _("The file has no header row."),
}
# The supply import reads its XLSX in the web request: in a resource-limited child, these limits.
SUPPLY_LIMITS = Limits(seconds=10)


def file_problem_message(problem: FileProblem) -> str:
    """The translated reason a whole file was refused."""
    if problem.code == "over_limits":
        return limit_message(problem.detail)
    return str(FILE_ERROR_MESSAGES[problem.code])


MAPPING_ERROR_MESSAGES = {
    "missing_required": _("No column is mapped to the required field “%(subject)s”."),
    "unknown_header": _("The mapped column “%(subject)s” is not in the file."),
    "unknown_field": _("“%(subject)s” is not a posting field."),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "DEMAND_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def check_upload_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise ApplicationError(
            "invalid",
            _(
                "The file is %(size)s; the limit is %(limit)s. Split it or ask an operator to "
                "import it from the command line (manage.py ingest_postings)."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
