"""Authorization-matrix entries of the demand app (collected by
``tests/test_authorization_matrix.py``). The source is private and owned by the enterprise,
whose admin is bob (role ``enterprise_staff``)."""

from __future__ import annotations

from typing import Any

from conftest import ROLES, World
from talentbridge.demand.models import (
    IngestRun,
    PostingSource,
    SupplyImportBatch,
    SupplyRecord,
    Visibility,
)

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
OWNER = frozenset({"enterprise_staff", "superuser"})
ORG_ADMINS = frozenset({"college_admin", "enterprise_staff", "superuser"})
SUPPLY = frozenset({"college_admin", "government_officer", "superuser"})


def _source(w: World) -> PostingSource:
    source, _ = PostingSource.objects.get_or_create(
        name="enterprise-hr",
        defaults={
            "owner": w.enterprise,
            "raw_visibility": Visibility.PRIVATE,
            "aggregate_visibility": Visibility.PUBLIC,
        },
    )
    return source


def _source_kwargs(w: World) -> dict[str, Any]:
    return {"name": _source(w).name}


def _run_kwargs(w: World) -> dict[str, Any]:
    run = IngestRun.objects.create(source=_source(w), file_name="x.csv", status="done")
    return {"pk": run.pk}


def _batch_kwargs(w: World) -> dict[str, Any]:
    """A supply import alice made for her college (she and the operators may revert it)."""
    batch = SupplyImportBatch.objects.create(
        organization=w.college, imported_by=w.users["alice"], file_name="s.xlsx", rows=1
    )
    SupplyRecord.objects.create(
        batch=batch, college=w.college, college_name=w.college.name_zh, major_code="550103",
        year=2024, graduates=10, contributed_by=w.college, imported_by=w.users["alice"],
    )  # fmt: skip
    return {"pk": batch.pk}


NONE = lambda w: {}  # noqa: E731
REVERTERS = frozenset({"college_admin", "superuser"})

MATRIX = {
    "demand:dashboard": (NONE, {"get": ALL}),
    "demand:postings": (NONE, {"get": ALL}),
    "demand:sources": (NONE, {"get": ORG_ADMINS, "post": ORG_ADMINS}),
    "demand:source-detail": (_source_kwargs, {"get": OWNER, "post": OWNER}),
    "demand:run-detail": (_run_kwargs, {"get": OWNER}),
    "demand:report": (NONE, {"get": SIGNED_IN}),
    "demand:report-xlsx": (NONE, {"get": SIGNED_IN}),
    "demand:report-pdf": (NONE, {"get": SIGNED_IN}),
    "demand:supply-import": (NONE, {"get": SUPPLY, "post": SUPPLY}),
    "demand:supply-imports": (NONE, {"get": SIGNED_IN}),
    "demand:supply-import-revert": (_batch_kwargs, {"post": REVERTERS}),
    "api-demand-sources": (NONE, {"get": ALL, "post": ORG_ADMINS}),
    "api-demand-source": (_source_kwargs, {"get": ALL, "patch": OWNER}),
    "api-demand-runs": (_source_kwargs, {"get": OWNER, "post": OWNER}),
    "api-demand-run": (_run_kwargs, {"get": OWNER}),
    "api-demand-postings": (NONE, {"get": ALL}),
    "api-demand-dashboard": (NONE, {"get": ALL}),
    "api-demand-forecast": (NONE, {"get": ALL}),
    "api-demand-supply-demand": (NONE, {"get": SIGNED_IN}),
    "api-demand-figures-by-source": (NONE, {"get": SIGNED_IN}),
    "api-demand-supply-imports": (NONE, {"get": SIGNED_IN}),
    "api-demand-supply-revert": (_batch_kwargs, {"post": REVERTERS}),
}
