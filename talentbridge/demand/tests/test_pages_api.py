"""Upload in the UI (background task, progress), authorization of raw postings vs aggregates,
dashboard figures, the supply import and the XLSX report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conftest import World, client_for
from talentbridge.community.models import Organization
from talentbridge.demand import services
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import (
    IngestRun,
    JobPosting,
    PostingSource,
    RunStatus,
    SupplyRecord,
    Visibility,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _source(w: World, **extra: Any) -> PostingSource:
    return PostingSource.objects.create(name="ent", owner=w.enterprise, **extra)


def _csv_bytes(tmp_path: Path, n: int, seed: int = 1) -> bytes:
    return write_csv(tmp_path / "up.csv", list(synthetic_postings(n, seed=seed))).read_bytes()


def test_upload_runs_in_the_background_and_shows_progress(world: World, tmp_path: Path) -> None:
    source = _source(world)
    bob = client_for(world, "enterprise_staff")
    upload = SimpleUploadedFile("jobs.csv", _csv_bytes(tmp_path, 40))
    response = bob.post(
        reverse("demand:source-detail", args=[source.name]),
        {"upload": "1", "file": upload, "policy": "keep_good", "tag_skills": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    run = IngestRun.objects.get()
    assert run.status == RunStatus.QUEUED
    page = bob.get(response["Location"], HTTP_HX_REQUEST="true")
    assert b"every 2s" in page.content  # the partial keeps polling while queued
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.imported == 40
    page = bob.get(response["Location"], HTTP_HX_REQUEST="true")
    assert b"every 2s" not in page.content and b"40" in page.content


def test_huge_upload_is_refused_with_a_clear_message(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.DEMAND_MAX_UPLOAD_BYTES = 1000
    source = _source(world)
    bob = client_for(world, "enterprise_staff")
    upload = SimpleUploadedFile("big.csv", _csv_bytes(tmp_path, 40))
    response = bob.post(
        reverse("demand:source-detail", args=[source.name]),
        {"upload": "1", "file": upload, "policy": "keep_good"},
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["upload_form"].non_field_errors())
    assert "1000" in errors and "ingest_postings" in errors
    assert IngestRun.objects.count() == 0
    api = bob.post(
        reverse("api-demand-runs", args=[source.name]),
        {"file": SimpleUploadedFile("big.csv", _csv_bytes(tmp_path, 40))},
    )
    assert api.status_code == 400 and "limit" in api.json()["message"]


def _ingest_for(source: PostingSource, path: Path) -> None:
    run = services.run_create(actor=None, source=source, path=path, file_name=path.name)
    services.run_execute(run_id=run.pk)


def test_private_raw_postings_stay_with_the_owner_but_aggregates_are_public(
    world: World, tmp_path: Path
) -> None:
    source = _source(
        world, raw_visibility=Visibility.PRIVATE, aggregate_visibility=Visibility.PUBLIC
    )
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(30))))
    url = reverse("api-demand-postings")
    assert client_for(world, "enterprise_staff").get(url).json()["count"] == 30
    assert client_for(world, "college_admin").get(url).json()["count"] == 0
    assert client_for(world, "anonymous").get(url).json()["count"] == 0
    dashboard = client_for(world, "anonymous").get(reverse("api-demand-dashboard")).json()
    assert dashboard["total"] == 30


def test_community_only_aggregates(world: World, tmp_path: Path) -> None:
    source = _source(world, aggregate_visibility=Visibility.COMMUNITY, community=world.community)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(20))))
    url = reverse("api-demand-dashboard")
    # alice's college holds a seat in the community; dave's bureau does not
    assert client_for(world, "college_admin").get(url).json()["total"] == 20
    assert client_for(world, "secretariat").get(url).json()["total"] == 20
    assert client_for(world, "government_officer").get(url).json()["total"] == 0
    assert client_for(world, "anonymous").get(url).json()["total"] == 0
    assert client_for(world, "enterprise_staff").get(url).json()["total"] == 20  # the owner


def test_dashboard_figures(world: World, tmp_path: Path) -> None:
    source = _source(world, aggregate_visibility=Visibility.PUBLIC)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(400, seed=3))))
    data = (
        client_for(world, "anonymous")
        .get(reverse("api-demand-dashboard"), {"region": "310000"})
        .json()
    )
    assert 0 < data["total"] < 400  # only Shanghai
    assert data["top_skills"] and data["salary_by_city"][0]["label"] == "Shanghai"
    shares = [m["share"] for m in data["aigc"]]
    assert shares[-1] > shares[0]  # the synthetic market adopts AIGC over the year
    assert not data["rising"]  # ~80 Shanghai postings: too few for a significant change
    everywhere = client_for(world, "anonymous").get(reverse("api-demand-dashboard")).json()
    rising = {f["skill"] for f in everywhere["rising"]}
    assert rising & {
        "dc.tool.aigc.stable_diffusion",
        "dc.aigc.foundation.prompt",
        "dc.tool.aigc.midjourney",
        "dc.tool.aigc.comfyui",
    }
    assert all(f["p"] < 0.05 for f in everywhere["rising"] + everywhere["declining"])
    page = client_for(world, "anonymous").get(reverse("demand:dashboard"))
    assert page.status_code == 200 and b"demand-data" in page.content


def _supply_xlsx(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["院校名称", "地区代码", "专业代码", "专业名称", "年份", "招生人数", "毕业生人数"])
    sheet.append(["测试设计职业学院", "310000", "550103", "数字媒体艺术设计", 2024, 120, 100])
    sheet.append(["测试设计职业学院", "310000", "530704", "网络营销与直播电商", 2024, 80, 50])
    sheet.append(["", "310000", "510204", "数字媒体技术", 2024, 10, 10])
    sheet.append(["测试设计职业学院", "310000", "510204", "数字媒体技术", "二〇二四", 10, 10])
    path = tmp_path / "supply.xlsx"
    book.save(path)
    return path


def test_supply_import_report_and_xlsx_export(world: World, tmp_path: Path) -> None:
    source = _source(world)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(300, seed=8))))
    # The region of a supply row is the college's (ADR 0010): put the college in Shanghai.
    Organization.objects.filter(pk=world.college.pk).update(region_code="310000")
    alice = client_for(world, "college_admin")
    with _supply_xlsx(tmp_path).open("rb") as handle:
        page = alice.post(reverse("demand:supply-import"), {"file": handle})
    text = page.content.decode()
    assert page.status_code == 200 and "the college name is empty" in text
    assert SupplyRecord.objects.count() == 2
    rows = {
        r["major_code"]: r
        for r in alice.get(
            reverse("api-demand-supply-demand"), {"region": "310000", "year": 2024}
        ).json()
    }
    assert rows["550103"]["graduates"] == 100
    assert rows["530704"]["postings"] > 0  # live-stream and e-commerce postings in Shanghai
    report = alice.get(reverse("demand:report-xlsx"), {"region": "310000", "year": "2024"})
    assert report.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(report.content))
    assert len(book.sheetnames) == 7  # … supply vs demand, by source, AIGC share
    supply_sheet = book.worksheets[4]
    assert [c.value for c in supply_sheet[2]][:3] == ["530704", "网络营销与直播电商", 50]


def test_all_or_nothing_supply_import_changes_nothing(world: World, tmp_path: Path) -> None:
    result = services.supply_import(
        actor=world.users["college_admin"], path=_supply_xlsx(tmp_path), all_or_nothing=True
    )
    assert (result.read, result.imported, result.rejected) == (4, 0, 2)
    assert [e["row"] for e in result.errors] == [4, 5]
    assert SupplyRecord.objects.count() == 0


@pytest.mark.slow
def test_real_lexical_tagger_tags_synthetic_postings(tmp_path: Path) -> None:
    from talentbridge.demand.tagging import tag_texts, use_tagger

    use_tagger(None)
    rows = list(synthetic_postings(20, seed=9))
    tags = tag_texts([r["职位名称"] + "\n" + r["岗位职责"] + r["任职要求"] for r in rows])
    assert sum(1 for t in tags if t) >= 15
    assert any("dc.tool.aigc.stable_diffusion" in t or "dc.tool.aigc.midjourney" in t for t in tags)


def test_curriculum_demand_provider_returns_plain_figures(world: World, tmp_path: Path) -> None:
    from talentbridge.demand.providers import curriculum_demand

    source = _source(world)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(120, seed=4))))
    figures = curriculum_demand(actor=world.users["teacher"], region="", month_from="2024-01",
                                month_to="2024-06")  # fmt: skip
    assert figures["months"] == [f"2024-0{m}" for m in range(1, 7)]
    in_period = JobPosting.objects.filter(month__gte="2024-01", month__lte="2024-06").count()
    assert sum(figures["postings"].values()) == in_period > 0
    premiere = figures["skills"]["test.premiere"]
    assert set(premiere) <= set(figures["months"]) and sum(premiere.values()) > 0
    assert all(o["postings"] > 0 for o in figures["occupations"].values())
    # Salary quartiles come from the histogram of the same visible aggregates; the median lies
    # between the smallest and largest stated midpoints of the postings in the period.
    salary = figures["salary"]
    stated = JobPosting.objects.filter(
        month__gte="2024-01", month__lte="2024-06", salary_min__isnull=False
    )
    assert salary["postings"] == stated.count() > 0
    midpoints = [(p.salary_min + (p.salary_max or p.salary_min)) / 2 for p in stated]
    assert min(midpoints) - 1000 <= salary["p25"] <= salary["p50"] <= salary["p75"]
    assert salary["p75"] <= max(midpoints) + 1000


def test_a_county_code_filters_by_its_city_and_the_report_defaults_to_the_latest_year(
    world: World, tmp_path: Path
) -> None:
    from talentbridge.demand.selectors import DemandFilters, posting_list

    assert DemandFilters(region="330782").region == "330700"  # 义乌 → 金华
    assert DemandFilters(region="330700").region == "330700"
    assert DemandFilters(region="330000").region == "330000"
    source = _source(world)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(60, seed=3))))
    city = JobPosting.objects.exclude(city_code="").values_list("city_code", flat=True)[0]
    county = city[:4] + "02"
    in_city = posting_list(
        actor=world.users["enterprise_staff"], filters=DemandFilters(region=city)
    )
    in_county = posting_list(
        actor=world.users["enterprise_staff"], filters=DemandFilters(region=county)
    )
    assert in_city.count() == in_county.count() > 0
    # synthetic postings are dated 2024: the report opens on 2024, not on the current year
    dave = client_for(world, "government_officer")
    page = dave.get(reverse("demand:report"))
    assert page.status_code == 200 and page.context["year"] == 2024


def test_the_sources_button_is_shown_only_to_those_who_may_open_the_page(world: World) -> None:
    url = reverse("demand:dashboard")
    sources = reverse("demand:sources").encode()
    assert sources not in client_for(world, "government_officer").get(url).content
    assert sources not in client_for(world, "student").get(url).content
    assert sources in client_for(world, "enterprise_staff").get(url).content


def test_the_postings_list_filters_by_skill(world: World, tmp_path: Path) -> None:
    source = _source(world)
    _ingest_for(source, write_csv(tmp_path / "a.csv", list(synthetic_postings(80, seed=5))))
    bob = client_for(world, "enterprise_staff")
    everything = bob.get(reverse("demand:postings"))
    asking = bob.get(reverse("demand:postings"), {"skill": "test.premiere"})
    expected = [p for p in JobPosting.objects.all() if "test.premiere" in p.skills]
    assert 0 < len(expected) < JobPosting.objects.count()
    assert asking.context["page_obj"].paginator.count == len(expected)
    assert everything.context["page_obj"].paginator.count == JobPosting.objects.count()
    assert b"skill-filter" in asking.content
    none = bob.get(reverse("demand:postings"), {"skill": 'x" OR 1=1'})
    assert none.status_code == 200 and none.context["page_obj"].paginator.count == 0
