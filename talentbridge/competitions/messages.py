"""Words for the engine's file errors, in the reader's language (the engine has no Django)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from talentbridge.competitions.engine.files import FileFormatError


def file_error_message(error: FileFormatError) -> str:
    p = error.params
    texts = {
        "encoding": _("the file is not UTF-8 text"),
        "empty": _("the file is empty (a header line is needed)"),
        "csv": _("the line cannot be read as CSV (%(detail)s)"),
        "header_duplicate": _("a column appears twice in the header (%(columns)s)"),
        "header_missing": _("the header lacks the column(s) %(missing)s (expected: %(expected)s)"),
        "field_count": _("%(found)d fields, the header has %(expected)d"),
        "no_rows": _("the file has a header but no rows"),
        "blank": _("the column “%(column)s” is empty"),
        "not_number": _("“%(value)s” in the column “%(column)s” is not a number"),
        "not_positive": _("the %(column)s must be greater than 0 (found “%(value)s”)"),
        "duplicate": _("the same entry, judge and criterion as line %(other)d"),
        "same_entry": _("the winner and the loser are the same entry (%(entry)s)"),
        "unknown_entry": _("the %(column)s “%(entry)s” has no scores in the scores file"),
    }
    text = texts.get(error.code, error.code) % p
    return _("line %(line)d: %(problem)s") % {"line": error.line, "problem": text}
