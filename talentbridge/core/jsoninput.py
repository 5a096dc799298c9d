"""Untrusted JSON in API requests: one parser and one middleware over ``loads_bounded``.

``BoundedJSONParser`` is the API's only JSON parser (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``;
views that list parsers name it too) and ``JSONBodyMiddleware`` applies the same check to every
``/api/`` request body before any view runs, so an endpoint that never reads its body answers
malformed JSON with the same 400 in the API error format. The limits are in ``jsonbounds``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from talentbridge.core.jsonbounds import MAX_JSON_DEPTH, JSONInputError, loads_bounded

MESSAGES: dict[str, Promise] = {
    "invalid_utf8": _("The request body is not valid UTF-8 text."),
    "malformed": _("The request body is not valid JSON."),
    "too_deep": _("The JSON is nested too deeply (at most %(depth)d levels)."),
    "not_an_object": _("The request body must be a JSON object ({...})."),
}


def message_for(error: JSONInputError) -> str:
    """The refusal in the active language."""
    return str(MESSAGES[error.code]) % {"depth": MAX_JSON_DEPTH}


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser through ``loads_bounded``: API request bodies are JSON objects."""

    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = stream.read() if stream is not None else b""
        try:
            return loads_bounded(raw, require_object=True)
        except JSONInputError as exc:
            raise ParseError(message_for(exc)) from None


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


class JSONBodyMiddleware:
    """Every ``/api/`` request with a JSON body is checked by ``loads_bounded`` before any
    view runs: malformed JSON is a 400 in the API error format whether or not the view reads
    its body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method in _BODY_METHODS:
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse | None:
        if not _is_json(request):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return None  # the view answers RequestDataTooBig in its own words
        try:
            body = request.body
        except RequestDataTooBig:
            return None
        if not body.strip():
            return None
        try:
            loads_bounded(body, require_object=True)
        except JSONInputError as exc:
            message = gettext("The request body could not be parsed: %(detail)s") % {
                "detail": message_for(exc)
            }
            return JsonResponse(
                {"code": "invalid", "message": message, "fields": {}, "error": exc.code},
                status=400,
            )
        return None
