"""Operational endpoints (/healthz) and site-wide pages (the privacy notice)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

from talentbridge.core.task_recovery import failed_task_queryset, stale_task_queryset


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable and task queue usable; 503 when either is not."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # the point of a health check is to report any failure
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        backend = task_backends["default"]
        checks["tasks"] = "ok"
        if checks["database"] == "ok" and isinstance(backend, DatabaseBackend):
            # Running tasks whose lease ran out (a dead worker; taken back by the next recovery
            # pass) and tasks that failed within TASK_FAILED_WINDOW_SECONDS.
            checks["stale_tasks"] = str(stale_task_queryset().count())
            checks["failed_tasks"] = str(failed_task_queryset().count())
    except Exception as exc:
        checks["tasks"] = f"error: {exc.__class__.__name__}"
    if checks["database"] == "ok":
        checks.update(_app_checks())
    healthy = checks.get("database") == "ok" and checks.get("tasks") == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _app_checks() -> dict[str, str]:
    """Figures the apps report through ``TALENTBRIDGE_HEALTH_CHECKS`` (name -> dotted path of
    a function returning a count), e.g. ingest runs that failed lately; informative, they do
    not make the site unhealthy."""
    results: dict[str, str] = {}
    for name, path in getattr(settings, "TALENTBRIDGE_HEALTH_CHECKS", {}).items():
        try:
            results[name] = str(import_string(path)())
        except Exception as exc:  # a broken check is reported, not raised
            results[name] = f"error: {exc.__class__.__name__}"
    return results


# The date of the notice's text; change it with the text (users accepted a dated version).
PRIVACY_NOTICE_VERSION = "2026-12-05"


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The PIPL privacy notice that sign-up asks people to accept (public, both languages)."""
    return render(
        request,
        "core/privacy.html",
        {
            "version": PRIVACY_NOTICE_VERSION,
            "operator": settings.PRIVACY_OPERATOR or gettext("the operator of this site"),
            "contact": settings.PRIVACY_CONTACT_EMAIL,
            "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
    )
