"""Forecast API and dashboard section, the per-filter dashboard cache and its invalidation,
the roll-ups (same figures as the full aggregates), and the PDF of the regional report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from conftest import World, client_for
from talentbridge.demand import aggregates, rollups, selectors, services
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import (
    DashboardSnapshot,
    PostingCount,
    PostingSource,
    RollupState,
    SkillMonthRollup,
    SupplyRecord,
    Visibility,
)
from talentbridge.demand.selectors import DemandFilters
from talentbridge.demand.views import dashboard_data

pytestmark = pytest.mark.django_db


def _months(count: int, start: tuple[int, int] = (2023, 1)) -> list[str]:
    year, month = start
    result = []
    for _ in range(count):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _posting(month: str, skills: list[str], **extra: Any) -> dict[str, Any]:
    row = {
        "month": month,
        "province_code": "310000",
        "city_code": "310100",
        "occupation_code": "",
        "company_key": "acme",
        "salary_mid": 9000,
        "skills": skills,
        "is_new": True,
    }
    return {**row, **extra}


def _add(source: PostingSource, rows: list[dict[str, Any]], **kwargs: Any) -> None:
    with transaction.atomic():
        aggregates.add_chunk(str(source.pk), rows, **kwargs)


@pytest.fixture
def growing(world: World) -> PostingSource:
    """24 months; new postings 20, 22, 24, ... (linear); every third asks for Premiere."""
    source = PostingSource.objects.create(name="growing", owner=world.enterprise)
    rows = []
    for index, month in enumerate(_months(24)):
        for n in range(20 + 2 * index):
            skills = ["test.premiere"] if n % 3 == 0 else ["test.figma"]
            company = f"studio-{n % 7}"
            city = ("310100", "310000") if n % 2 else ("330100", "330000")
            rows.append(
                _posting(
                    month,
                    skills,
                    company_key=company,
                    city_code=city[0],
                    province_code=city[1],
                    salary_mid=6000 + 500 * (n % 9),
                )
            )
    _add(source, rows)
    return source


# --- forecast -------------------------------------------------------------------------------


def test_forecast_api_continues_the_trend_with_nested_intervals(growing: PostingSource) -> None:
    response = client_for_anonymous().get(reverse("api-demand-forecast"), {"horizon": "6"})
    assert response.status_code == 200
    data = response.json()
    assert data["enough_history"] is True and data["message"] == ""
    assert [h["postings"] for h in data["history"]][:3] == [20, 22, 24]
    assert [f["month"] for f in data["forecast"]] == _months(6, (2025, 1))
    first = data["forecast"][0]
    assert first["point"] == pytest.approx(68, abs=1.5)  # the line goes 20 + 2·month
    for f in data["forecast"]:
        assert f["lower95"] <= f["lower80"] <= f["point"] <= f["upper80"] <= f["upper95"]
    backtest = data["backtest"]
    assert backtest["model"] == "holt_damped" and backtest["mase"] < 0.5
    assert backtest["origins"] == 12
    assert {m["model"] for m in backtest["models"]} >= {"naive", "seasonal_naive", "holt_damped"}
    assert "Holt" in data["model_name"]


def test_forecast_of_one_skill_in_one_region(growing: PostingSource) -> None:
    data = (
        client_for_anonymous()
        .get(reverse("api-demand-forecast"), {"skill": "test.premiere", "region": "330000"})
        .json()
    )
    history = [h["postings"] for h in data["history"]]
    # Hangzhou gets the even n, Premiere every third n: n ≡ 0 (mod 6) of 20 + 2·month
    assert history[0] == len([n for n in range(20) if n % 6 == 0])
    assert data["skill"] == "test.premiere" and len(data["forecast"]) == 12


def test_short_history_says_so_instead_of_forecasting(world: World) -> None:
    source = PostingSource.objects.create(name="young", owner=world.enterprise)
    _add(source, [_posting(m, ["test.figma"]) for m in _months(8) for _ in range(5)])
    data = client_for_anonymous().get(reverse("api-demand-forecast")).json()
    assert data["enough_history"] is False and data["forecast"] == [] and data["backtest"] is None
    assert data["message"] == (
        "Not enough history for a forecast: 8 months of data, at least 12 needed."
    )
    page = client_for_anonymous().get(reverse("demand:dashboard"))
    assert page.status_code == 200
    assert b"Not enough history for a forecast" in page.content
    assert b"chart-forecast" not in page.content


@pytest.mark.parametrize("horizon", ["0", "13", "x", "1.5"])
def test_bad_horizon_is_a_400_with_a_field_error(world: World, horizon: str) -> None:
    response = client_for_anonymous().get(reverse("api-demand-forecast"), {"horizon": horizon})
    assert response.status_code == 400
    assert "horizon" in str(response.json())
    page = client_for_anonymous().get(reverse("demand:dashboard"), {"horizon": horizon})
    assert page.status_code == 400


def test_forecast_counts_only_visible_aggregates(world: World, growing: PostingSource) -> None:
    hidden = PostingSource.objects.create(
        name="hidden", owner=world.enterprise, aggregate_visibility=Visibility.PRIVATE
    )
    _add(hidden, [_posting("2023-01", ["test.figma"]) for _ in range(1000)])
    anonymous = client_for_anonymous().get(reverse("api-demand-forecast")).json()
    owner = client_for(world, "enterprise_staff").get(reverse("api-demand-forecast")).json()
    assert anonymous["history"][0]["postings"] == 20
    assert owner["history"][0]["postings"] == 1020


def test_dashboard_page_shows_forecast_chart_and_backtest_in_both_languages(
    growing: PostingSource,
) -> None:
    page = client_for_anonymous().get(reverse("demand:dashboard"), {"skill": "test.premiere"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="chart-forecast"' in text and 'id="forecast-data"' in text
    assert "MASE" in text and "holt_damped" in text
    assert '<option value="test.premiere" selected>' in text
    chinese = client_for_anonymous().get(
        reverse("demand:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert chinese.status_code == 200 and 'lang="zh-CN"' in chinese.content.decode()
    assert "新增招聘信息" in chinese.content.decode()


# --- cache and roll-ups ---------------------------------------------------------------------


def test_dashboard_is_cached_per_filter_and_refreshed_by_a_new_ingest(
    world: World, growing: PostingSource, tmp_path: Path
) -> None:
    first = dashboard_data(AnonymousUser(), DemandFilters())
    assert DashboardSnapshot.objects.count() == 1
    assert dashboard_data(AnonymousUser(), DemandFilters()) == first  # served from the cache
    dashboard_data(AnonymousUser(), DemandFilters(region="330000"))
    assert DashboardSnapshot.objects.count() == 2
    # a real ingest (not add_chunk directly) adds postings: every snapshot is stale
    run = services.run_create(
        actor=None,
        source=growing,
        path=write_csv(tmp_path / "more.csv", list(synthetic_postings(30, seed=4))),
        file_name="more.csv",
    )
    services.run_execute(run_id=run.pk)
    after = dashboard_data(AnonymousUser(), DemandFilters())
    assert after["total"] == first["total"] + 30
    assert DashboardSnapshot.objects.count() == 1  # stale ones were dropped


def test_snapshots_are_per_language_and_per_visible_sources(
    world: World, growing: PostingSource
) -> None:
    from django.utils import translation

    dashboard_data(AnonymousUser(), DemandFilters())
    with translation.override("zh-hans"):
        dashboard_data(AnonymousUser(), DemandFilters())
    dashboard_data(world.users["enterprise_staff"], DemandFilters())  # sees the same sources
    assert DashboardSnapshot.objects.count() == 2
    growing.aggregate_visibility = Visibility.PRIVATE
    growing.save()
    assert dashboard_data(AnonymousUser(), DemandFilters())["total"] == 0


def test_skill_only_additions_refresh_the_cache_and_the_rollups(
    world: World, growing: PostingSource
) -> None:
    """The semantic pass adds skills without postings (``count_postings=False``): the posting
    totals do not move, so only the version bump of ``add_chunk`` (``rollups.after_chunk``)
    can invalidate the cache and keep the roll-ups in use."""
    rollups.rebuild()
    before = dashboard_data(AnonymousUser(), DemandFilters())
    blender = [_posting("2024-12", ["test.blender"]) for _ in range(2000)]
    _add(growing, blender, count_postings=False)
    after = dashboard_data(AnonymousUser(), DemandFilters())
    assert after["top_skills"][0]["skill"] == "test.blender" != before["top_skills"][0]["skill"]
    assert rollups.is_fresh()


def test_rollups_give_the_same_figures_as_the_full_aggregates(
    world: World, growing: PostingSource
) -> None:
    filters = [DemandFilters(), DemandFilters(month_from="2023-07", month_to="2024-02")]
    RollupState.objects.all().delete()  # roll-ups not trusted: the full aggregates are read
    full = [selectors.dashboard_figures(actor=AnonymousUser(), filters=f) for f in filters]
    rollups.rebuild()
    assert rollups.is_fresh()
    rolled = [selectors.dashboard_figures(actor=AnonymousUser(), filters=f) for f in filters]
    assert rolled == full
    assert full[0].top_skills[0].postings > 0 and full[0].concentration.employers == 7
    # incremental roll-up of a chunk == rebuilding from the aggregates
    chunk = [_posting("2024-05", ["test.premiere", "test.blender"], company_key="new")] * 9
    with transaction.atomic():
        aggregates.add_chunk(str(growing.pk), chunk)
    assert rollups.is_fresh()
    incremental = set(SkillMonthRollup.objects.values_list("month", "skill_id", "postings"))
    rollups.rebuild()
    assert set(SkillMonthRollup.objects.values_list("month", "skill_id", "postings")) == (
        incremental
    )


def test_a_changed_aggregate_outside_after_chunk_stops_the_rollups(
    world: World, growing: PostingSource
) -> None:
    rollups.rebuild()
    assert rollups.is_fresh()
    PostingCount.objects.create(source=growing, month="2024-12", new_postings=1)  # e.g. by hand
    assert not rollups.is_fresh()
    figures = selectors.dashboard_figures(actor=AnonymousUser(), filters=DemandFilters())
    assert figures.total == sum(20 + 2 * i for i in range(24)) + 1


# --- regional report PDF ----------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_report_pdf_has_the_key_numbers_in_the_request_language(
    world: World, growing: PostingSource, language: str
) -> None:
    SupplyRecord.objects.create(
        college=world.college,  # rows count by the (verified) college's id, ADR 0010
        college_name="测试设计职业学院",
        region_code="310000",
        major_code="550103",
        year=2024,
        enrolled=120,
        graduates=100,
    )
    client = client_for(world, "government_officer")
    params = {"region": "310000", "year": "2024"}
    response = client.get(reverse("demand:report-pdf"), params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="supply-demand-310000-2024.pdf"'
    )
    text = _pdf_text(response.content)
    # Shanghai 2024: months 12..23, odd n of 20 + 2·month postings
    postings = sum((20 + 2 * i) // 2 for i in range(12, 24))
    assert f"{postings:,}" in text
    assert "100" in text and "550103" in text  # graduates of the major
    assert "test.premiere" in text and "test.figma" in text  # top skills (labels = ids here)
    if language == "en":
        assert "Regional supply–demand report" in text and "Shanghai" in text
        assert f"{postings:,} new job postings" in text
    else:
        assert "地区供需报告" in text and "上海" in text
        assert "Regional supply–demand report" not in text
    page = client.get(reverse("demand:report"), params)
    assert reverse("demand:report-pdf") in page.content.decode()


def test_report_pdf_is_gatekept_and_validated_like_the_xlsx(world: World) -> None:
    url = reverse("demand:report-pdf")
    anonymous = client_for_anonymous().get(url)
    assert anonymous.status_code in (302, 403)
    officer = client_for(world, "government_officer")
    assert officer.get(url, {"region": "31000x"}).status_code == 400
    assert officer.get(url, {"year": "1999"}).status_code == 400
    empty = officer.get(url, {"year": "2024"})
    assert empty.status_code == 200 and empty.content.startswith(b"%PDF")


def client_for_anonymous() -> Any:
    from django.test import Client

    return Client()
