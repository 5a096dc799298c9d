"""Names are not identities (ADR 0010): supply rows keyed on the college's id, explicit import
scope, provenance, revert as a unit, figures by source; the migration that links old rows."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from openpyxl import Workbook

from conftest import World, client_for
from talentbridge.community.models import Organization, OrganizationMembership
from talentbridge.core.errors import NotFoundError
from talentbridge.core.models import AuditEvent
from talentbridge.demand import selectors, services
from talentbridge.demand.models import IngestRun, PostingSource, SupplyImportBatch, SupplyRecord

pytestmark = pytest.mark.django_db

HEADER = [
    "学校标识码",
    "院校名称",
    "地区代码",
    "专业代码",
    "专业名称",
    "年份",
    "招生人数",
    "毕业生人数",
]


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _college(name: str, code: str, region: str = "330782", verified: bool = True) -> Organization:
    return Organization.objects.create(
        name_zh=name, kind="college", college_level="higher_vocational", region_code=region,
        school_code=code, verification_status="verified" if verified else "unverified",
    )  # fmt: skip


def _graduates(college: Organization, year: int = 2025) -> int | None:
    row = selectors.current_supply(year=year).filter(college=college, major_code="550103").first()
    return row.graduates if row else None


def test_two_verified_colleges_with_one_name_are_told_apart_by_id(
    world: World, tmp_path: Path
) -> None:
    """The same-name route with both colleges verified: a name that fits two colleges is
    refused, the school identifier picks one, and neither import touches the other's row."""
    twin = _college(world.college.name_zh, "4133000777")
    dave = world.users["government_officer"]  # officer of the verified bureau of 330782
    by_name = services.supply_import(
        actor=dave,
        path=_xlsx(
            tmp_path / "a.xlsx", [["", world.college.name_zh, "", "550103", "", 2025, 1, 9]]
        ),
    )
    assert [e["code"] for e in by_name.errors] == ["ambiguous_college"]
    services.supply_import(
        actor=dave,
        path=_xlsx(
            tmp_path / "b.xlsx",
            [
                [world.college.school_code, world.college.name_zh, "", "550103", "", 2025, 100, 80],
                [twin.school_code, twin.name_zh, "", "550103", "", 2025, 5, 3],
            ],
        ),
    )
    assert (_graduates(world.college), _graduates(twin)) == (80, 3)
    # the college's own admin, by name: only their own college can match
    services.supply_import(
        actor=world.users["college_admin"],
        path=_xlsx(
            tmp_path / "c.xlsx", [["", world.college.name_zh, "", "550103", "", 2025, 1, 81]]
        ),
    )
    assert (_graduates(world.college), _graduates(twin)) == (81, 3)


def test_an_unverified_twin_is_invisible_to_the_import_and_the_figures(
    world: World, tmp_path: Path
) -> None:
    twin = _college(world.college.name_zh, "4133000778", verified=False)
    SupplyRecord.objects.create(
        college=twin, college_name=twin.name_zh, region_code="330782", major_code="550103",
        year=2025, graduates=99999,
    )  # fmt: skip
    result = services.supply_import(
        actor=world.users["government_officer"],
        path=_xlsx(
            tmp_path / "a.xlsx", [["", world.college.name_zh, "", "550103", "", 2025, 1, 80]]
        ),
    )
    assert result.imported == 1
    assert SupplyRecord.objects.get(batch_id=result.batch_id).college_id == world.college.pk
    rows = selectors.supply_demand(actor=world.users["government_officer"], region="", year=2025)
    assert [r.graduates for r in rows] == [80]


def test_provenance_of_an_import_and_its_revert_as_a_unit(world: World, tmp_path: Path) -> None:
    alice = world.users["college_admin"]
    first = services.supply_import(
        actor=alice,
        path=_xlsx(
            tmp_path / "one.xlsx", [["", world.college.name_zh, "", "550103", "", 2025, 1, 80]]
        ),
        file_name="2025-first.xlsx",
    )
    second = services.supply_import(
        actor=alice,
        path=_xlsx(
            tmp_path / "two.xlsx",
            [
                ["", world.college.name_zh, "", "550103", "", 2025, 1, 90],
                ["", world.college.name_zh, "", "530704", "", 2025, 1, 40],
            ],
        ),
    )
    batch = SupplyImportBatch.objects.get(pk=second.batch_id)
    assert (batch.organization_id, batch.imported_by_id, batch.rows) == (
        world.college.pk, alice.pk, 2,
    )  # fmt: skip
    assert len(batch.file_sha256) == 64 and batch.created_at is not None
    assert _graduates(world.college) == 90
    # someone else cannot revert it (and does not learn that it exists)
    with pytest.raises(NotFoundError):
        services.supply_batch_revert(actor=world.users["enterprise_staff"], batch=batch)
    response = client_for(world, "college_admin").post(
        f"/api/v1/demand/supply/imports/{batch.pk}/revert/", content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["reverted_at"]
    # the whole import is out: 550103 falls back to the first import, 530704 is gone
    assert _graduates(world.college) == 80
    assert not selectors.current_supply(year=2025).filter(major_code="530704").exists()
    assert SupplyRecord.objects.filter(batch=batch).count() == 2  # kept for the record
    assert AuditEvent.objects.filter(action="demand.supply_revert").count() == 1
    again = client_for(world, "college_admin").post(
        f"/api/v1/demand/supply/imports/{batch.pk}/revert/", content_type="application/json"
    )
    assert again.status_code == 409
    page = client_for(world, "college_admin").get("/demand/supply/imports/")
    assert "2025-first.xlsx" in page.content.decode()
    assert SupplyImportBatch.objects.get(pk=first.batch_id).reverted_at is None


def test_report_shows_figures_by_source(world: World, tmp_path: Path) -> None:
    services.supply_import(
        actor=world.users["government_officer"],
        path=_xlsx(
            tmp_path / "a.xlsx", [["", world.college.name_zh, "", "550103", "", 2025, 1, 80]]
        ),
        file_name="bureau-2025.xlsx",
    )
    sources = selectors.figures_by_source(actor=world.users["college_admin"], region="", year=2025)
    supply = [s for s in sources if s.kind == "supply"]
    assert [(s.organization, s.label, s.graduates) for s in supply] == [
        ("Test Education Bureau", "bureau-2025.xlsx", 80)
    ]
    api = client_for(world, "college_admin").get(
        "/api/v1/demand/supply-demand/by-source/", {"year": "2025"}
    )
    assert api.status_code == 200 and api.json()[0]["organization_id"] == str(world.government.pk)
    page = client_for(world, "college_admin").get("/demand/report/", {"year": "2025"})
    assert "bureau-2025.xlsx" in page.content.decode()
    # the college loses its verification: its figures leave the report
    Organization.objects.filter(pk=world.college.pk).update(verification_status="unverified")
    assert selectors.supply_demand(actor=world.users["superuser"], region="", year=2025) == []


def test_ingest_runs_record_the_contributing_organization(world: World, tmp_path: Path) -> None:
    source = PostingSource.objects.create(name="hr", owner=world.enterprise)
    path = tmp_path / "p.csv"
    path.write_text("职位名称\n视频剪辑\n", encoding="utf-8")
    run = services.run_create(
        actor=world.users["enterprise_staff"], source=source, path=path, file_name="p.csv"
    )
    run = IngestRun.objects.get(pk=run.pk)
    assert (run.organization_id, run.created_by_id) == (world.enterprise.pk, world.users["bob"].pk)


def test_migration_links_old_rows_by_name_only_when_unambiguous(world: World) -> None:
    migration = importlib.import_module(
        "talentbridge.demand.migrations.0005_supply_by_organization_id"
    )
    unique = _college("独有名字学院", "4133000779")
    _college("重名学院", "4133000780")
    _college("重名学院", "4133000781")
    verified_twin = _college("半重名学院", "4133000782")
    _college("半重名学院", "4133000783", verified=False)
    rows = {
        name: SupplyRecord.objects.create(
            college_name=name,
            major_code="550103",
            year=2024,
            graduates=1,
            imported_by=world.users["alice"] if name == "独有名字学院" else None,
        )
        for name in ("独有名字学院", " 独有名字学院 ", "重名学院", "半重名学院", "无此学院")
    }
    OrganizationMembership.objects.create(
        user=world.users["alice"], organization=unique, role="admin"
    )
    migration.map_supply_rows_to_organizations(apps, None)
    linked = {n: SupplyRecord.objects.get(pk=r.pk).college_id for n, r in rows.items()}
    assert linked == {
        "独有名字学院": unique.pk,
        " 独有名字学院 ": unique.pk,
        "重名学院": None,
        "半重名学院": verified_twin.pk,
        "无此学院": None,
    }
    assert SupplyRecord.objects.get(pk=rows["独有名字学院"].pk).contributed_by_id == unique.pk
