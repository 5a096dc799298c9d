"""One exception handler for the API: every error answers with a JSON body in the request's
language, ``{"code": ..., "message": ..., "fields": {...}}``; never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from talentbridge.core.errors import ApplicationError

_DRF_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = {
            "code": exc.code,
            "message": str(exc.message),
            "fields": {k: [str(m) for m in v] for k, v in exc.fields.items()},
            **exc.extra,
        }
        return Response(body, status=exc.status)
    if isinstance(exc, ValidationError):
        fields = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
        return Response(
            {"code": "invalid", "message": _("The data you sent is not valid."), "fields": fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = _DRF_CODES.get(response.status_code, "error")
    if isinstance(exc, drf_exceptions.ValidationError):
        message = _("The data you sent is not valid.")
        fields = _flatten(exc.detail)
    elif isinstance(exc, drf_exceptions.ParseError):
        message = _("The request body could not be parsed: %(detail)s") % {"detail": exc.detail}
        fields = {}
    else:
        detail = getattr(exc, "detail", "")
        message = str(detail) if detail else _("The request failed.")
        fields = {}
    response.data = {"code": code, "message": message, "fields": fields}
    return response
