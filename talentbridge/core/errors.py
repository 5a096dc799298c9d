"""Domain errors raised by services and gatekeepers; one handler maps them to HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# code -> HTTP status used by the API exception handler and the HTML error views.
STATUS_BY_CODE = {
    "invalid": 400,
    "not_authenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "gone": 410,
    "locked": 423,
}


# Codes that refuse the actor rather than their input: never shown as a form error.
DENIAL_CODES = frozenset({"not_authenticated", "forbidden", "not_found"})


class ApplicationError(Exception):
    """A business-rule failure with a bilingual (lazily translated) message.

    ``code`` is one of ``STATUS_BY_CODE``; ``fields`` maps field names to messages for forms.
    """

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: Mapping[str, Sequence[str | Promise]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        if code not in STATUS_BY_CODE:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = {k: list(v) for k, v in (fields or {}).items()}
        self.extra = extra or {}

    @property
    def status(self) -> int:
        return STATUS_BY_CODE[self.code]

    @property
    def is_denial(self) -> bool:
        return self.code in DENIAL_CODES


class PermissionDeniedError(ApplicationError):
    def __init__(self, message: str | Promise | None = None) -> None:
        super().__init__("forbidden", message or _("You do not have permission to do this."))


class NotFoundError(ApplicationError):
    def __init__(self, message: str | Promise | None = None) -> None:
        super().__init__("not_found", message or _("Not found."))


def invalid(field: str, message: str | Promise) -> ApplicationError:
    """Shortcut for a single-field validation error."""
    return ApplicationError("invalid", message, fields={field: [message]})
