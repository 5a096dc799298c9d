"""Regressions of the security review: supply import scope, report authorization, bad report
parameters, spreadsheet formula injection and who sees a source's owner and column mapping."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from conftest import World, client_for
from talentbridge.community.models import Organization
from talentbridge.demand import reports, selectors, services
from talentbridge.demand.models import PostingSource, SupplyRecord, Visibility

pytestmark = pytest.mark.django_db

HEADER = ["院校名称", "地区代码", "专业代码", "专业名称", "年份", "招生人数", "毕业生人数"]


def _xlsx(tmp_path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "supply.xlsx"
    book.save(path)
    return path


def _other_college(region: str = "310000") -> Organization:
    return Organization.objects.create(
        name_zh="别的学院", kind="college", college_level="higher_vocational",
        region_code=region, school_code="4131000001", verification_status="verified",
    )  # fmt: skip


def test_college_admin_imports_only_rows_of_the_college_they_administer(
    world: World, tmp_path: Path
) -> None:
    other_college = _other_college()
    SupplyRecord.objects.create(
        college=other_college, college_name="别的学院", major_code="550103", year=2024,
        enrolled=7, graduates=5,
    )  # fmt: skip
    path = _xlsx(
        tmp_path,
        [
            ["测试设计职业学院", "310000", "550103", "数字媒体艺术设计", 2024, 120, 100],
            ["别的学院", "310000", "550103", "数字媒体艺术设计", 2024, 9999, 9999],
            ["test design  college", "310000", "530704", "网络营销与直播电商", 2024, 80, 50],
            ["没有这所学院", "310000", "530704", "网络营销与直播电商", 2024, 80, 50],
        ],
    )
    result = services.supply_import(actor=world.users["college_admin"], path=path)
    assert (result.imported, result.rejected) == (2, 2)
    assert [(e["row"], e["code"]) for e in result.errors] == [
        (3, "foreign_college"),
        (5, "unknown_college"),
    ]
    other = SupplyRecord.objects.get(college=other_college)
    assert (other.enrolled, other.graduates) == (7, 5)
    own = SupplyRecord.objects.exclude(college=other_college)
    assert {r.college_id for r in own} == {world.college.pk}
    assert {r.contributed_by_id for r in own} == {world.college.pk}


def test_government_officer_imports_the_colleges_of_its_region_only(
    world: World, tmp_path: Path
) -> None:
    """An officer of the verified bureau of 330782 imports for the verified colleges of 330782
    (as the bureau); a verified college elsewhere is refused (ADR 0010)."""
    _other_college(region="310000")
    path = _xlsx(
        tmp_path,
        [
            ["测试设计职业学院", "", "550103", "数字媒体艺术设计", 2024, 10, 9],
            ["别的学院", "330782", "550103", "数字媒体艺术设计", 2024, 10, 9],
        ],
    )
    result = services.supply_import(actor=world.users["government_officer"], path=path)
    assert (result.imported, result.rejected) == (1, 1)
    assert result.errors[0]["code"] == "foreign_college"
    row = SupplyRecord.objects.get()
    assert (row.college_id, row.contributed_by_id) == (world.college.pk, world.government.pk)
    assert row.region_code == "330782"  # the college's region, not the file's


def test_supply_rows_with_unicode_digits_are_rejected_not_a_crash(
    world: World, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["测试设计职业学院", "310000", "550103", "数字媒体艺术设计", "²⁰²⁴", 1, 1],
            ["测试设计职业学院", "310000", "530704", "网络营销与直播电商", 2024, "²", 1],
        ],
    )
    result = services.supply_import(actor=world.users["college_admin"], path=path)
    assert [e["code"] for e in result.errors] == ["bad_year", "bad_count"]


def test_supply_demand_api_needs_sign_in_and_a_real_year(world: World) -> None:
    url = reverse("api-demand-supply-demand")
    assert client_for(world, "anonymous").get(url, {"year": "2024"}).status_code in (401, 403)
    alice = client_for(world, "college_admin")
    assert alice.get(url, {"year": "2024"}).status_code == 200
    for year in ("²⁰²⁴", "1999", "20245", ""):
        assert alice.get(url, {"year": year}).status_code == 400, year
    assert alice.get(url, {"year": "2024", "region": "31000\n"}).status_code == 400


@pytest.mark.parametrize(
    "params", [{"year": "²⁰²⁴"}, {"region": "31\r\nX: y"}, {"region": '31000"'}]
)
@pytest.mark.parametrize("name", ["demand:report", "demand:report-xlsx"])
def test_report_pages_refuse_bad_parameters_with_400(
    world: World, name: str, params: dict[str, str]
) -> None:
    response = client_for(world, "college_admin").get(reverse(name), params)
    assert response.status_code == 400


def test_report_xlsx_file_name_carries_the_region(world: World) -> None:
    response = client_for(world, "college_admin").get(
        reverse("demand:report-xlsx"), {"region": "310000", "year": "2024"}
    )
    assert (
        response["Content-Disposition"] == 'attachment; filename="supply-demand-310000-2024.xlsx"'
    )


def test_report_workbook_escapes_formula_text(world: World) -> None:
    data = reports.regional_report(actor=world.users["superuser"], region="", year=2024)
    data.supply = [
        selectors.SupplyDemandRow(
            major_code="=1+1",
            major_name='=HYPERLINK("http://evil.example","x")',
            graduates=1,
            enrolled=1,
            postings=0,
            occupations=[],
            ratio=None,
        )
    ]
    data.top_skills = [
        selectors.SkillFigure(skill_id="x", label=label, postings=1)
        for label in ("@SUM(1)", "-2+3", "+cmd")
    ]
    book = openpyxl.load_workbook(io.BytesIO(reports.report_xlsx(data)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert {"'=1+1", "'@SUM(1)", "'-2+3", "'+cmd"} <= values
    assert "'" + '=HYPERLINK("http://evil.example","x")' in values


def test_source_owner_and_mapping_only_for_owner_members(world: World) -> None:
    PostingSource.objects.create(
        name="ent",
        owner=world.enterprise,
        aggregate_visibility=Visibility.PUBLIC,
        column_mapping={"job_title": "职位名称"},
    )
    detail = reverse("api-demand-source", args=["ent"])
    for role in ("anonymous", "college_admin", "student"):
        client = client_for(world, role)
        shown = client.get(detail).json()
        assert (shown["owner"], shown["column_mapping"]) == (None, {}), role
        listed = client.get(reverse("api-demand-sources")).json()["results"]
        assert [(s["owner"], s["column_mapping"]) for s in listed] == [(None, {})], role
    for role in ("enterprise_staff", "superuser"):
        shown = client_for(world, role).get(detail).json()
        assert shown["owner"] == str(world.enterprise.pk), role
        assert shown["column_mapping"] == {"job_title": "职位名称"}, role
