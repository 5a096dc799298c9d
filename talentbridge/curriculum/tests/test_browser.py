"""The issue's "done when" path in a real browser, in Chinese and in English: alice (college
admin) adds the major, invites bob's enterprise, imports the plan from an XLSX 教学进程表,
gets skill suggestions from a PDF syllabus and accepts one, sends the plan to enterprise
review; bob comments and signs off; alice sends it to the committee and publishes it; then she
reads the gap report and traces its numbers to the postings per month and to the courses, and
downloads the evidence report as PDF.

Demand comes through the curriculum's provider hook (the same entry point the demand app
uses), with figures small enough to check by hand:
200 postings; video editing asked for by 30 + 50 = 80, Premiere by 20 + 20 = 40, UI design by
10 + 10 = 20 → weights 80/140, 40/140, 20/140. Editing is taught 熟练 in DM101 (coverage 1),
Premiere is accepted 熟练 from the syllabus of DM103 (1), UI design is not taught (gap) →
score = (80 + 40) / 140 = 0.857.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from openpyxl import Workbook
from pypdf import PdfReader

from conftest import make_world
from talentbridge.core.pdf import PdfReport
from talentbridge.curriculum import providers
from talentbridge.curriculum.models import (
    LearningOutcome,
    MajorOffering,
    PlanComment,
    PlanSignoff,
    TrainingPlanVersion,
    VersionStatus,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    language = request.node.callspec.params["language"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(
            locale="en-US" if language == "en" else "zh-CN",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        yield context.new_page()
        browser.close()


@pytest.fixture
def demand() -> Iterator[None]:
    def provider(**query: Any) -> dict[str, Any]:
        return {
            "months": ["2025-01", "2025-02"],
            "postings": {"2025-01": 100, "2025-02": 100},
            "source": "walkthrough postings",
            "skills": {
                "dc.video.edit.editing": {"2025-01": 30, "2025-02": 50},
                "dc.tool.video.premiere": {"2025-01": 20, "2025-02": 20},
                "dc.uiux.ui.ui_design": {"2025-01": 10, "2025-02": 10},
            },
        }

    cache.clear()
    providers.register_demand_provider(provider)
    yield
    providers.register_demand_provider(None)
    cache.clear()


def plan_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "教学进程表"
    sheet.append(["数字媒体艺术设计专业2025级人才培养方案 教学进程表"])
    sheet.append(
        ["课程类别", "课程代码", "课程名称", "学分", "总学时", "理论学时", "实践学时", "开课学期"]
    )
    sheet.append(["专业核心", "DM101", "视频剪辑", 4, 64, 16, 48, 2])
    sheet.append(["专业基础", "DM102", "图形图像处理", 3, 48, 24, 24, 1])
    sheet.append(["专业核心", "DM103", "短视频制作", 4, 64, 16, 48, 3])
    skills = book.create_sheet("课程技能")
    skills.append(["课程代码", "技能ID", "技能名称", "掌握程度"])
    skills.append(["DM101", "dc.video.edit.editing", "视频剪辑", "熟练"])
    skills.append(["DM102", "dc.tool.image.photoshop", "Photoshop", "掌握"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def syllabus_pdf() -> bytes:
    report = PdfReport(title="《短视频制作》课程标准")
    report.paragraph("课程目标：学生能熟练使用Premiere完成商品短视频的剪辑与包装。")
    return report.render()


def login(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", f"{who}@example.org")
    page.fill("#id_password", f"pw-{who}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def post(page: Any, selector: str) -> None:
    """Click a button that submits a form, and wait for the page after the redirect (up to two
    minutes: the syllabus suggestion runs the extraction engine, slow on a loaded machine)."""
    with page.expect_navigation(timeout=120_000):
        page.click(selector, timeout=120_000)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_alice_imports_reviews_publishes_and_traces_the_gap_report(
    live_server: Any,
    browser_page: Any,
    settings: Any,
    taxonomy: Path,
    demand: None,
    language: str,
) -> None:
    settings.AXES_ENABLED = False
    world = make_world()
    page, base = browser_page, live_server.url
    english = language == "en"

    # alice adds the major her college offers and invites bob's enterprise as partner
    login(page, base, "alice")
    page.goto(f"{base}/curriculum/")
    page.select_option("select[name=major_code]", "550103")
    page.fill("input[name=established_year]", "2019")
    post(page, "form:has(select[name=major_code]) button")
    offering = MajorOffering.objects.get(college=world.college, major_code="550103")
    page.goto(f"{base}/curriculum/majors/{offering.pk}/")
    page.select_option("select[name=enterprise]", str(world.enterprise.pk))
    post(page, "form:has(select[name=enterprise]) button")
    assert world.enterprise.name_zh in page.content() or world.enterprise.name_en in page.content()
    page.fill("input[name=cohort_year]", "2025")
    post(page, "form:has(input[name=cohort_year]) button")
    version = TrainingPlanVersion.objects.get(plan__offering=offering)

    # the college's rule: practice hours ≥ 50 % for 高职专科
    page.goto(f"{base}/curriculum/colleges/{world.college.pk}/rules/")
    page.select_option("#rule-form select[name=level]", "higher_vocational")
    page.select_option("#rule-form select[name=kind]", "min_practice_share")
    page.fill("#rule-form input[name=value]", "0.5")
    post(page, "#rule-form button")
    assert "min_practice_share" not in page.inner_text("#rule-rows")  # shown by its label
    assert "0.5" in page.inner_text("#rule-rows")

    # she imports the 教学进程表
    page.goto(f"{base}/curriculum/versions/{version.pk}/import/")
    page.set_input_files(
        "input[name=file]",
        {
            "name": "教学进程表.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": plan_workbook(),
        },
    )
    post(page, "main form button.btn-primary")
    assert page.url.rstrip("/").endswith(str(version.pk))
    assert version.courses.count() == 3
    for code in ("DM101", "DM102", "DM103"):
        assert code in page.content()
    # practice 48 + 24 + 48 = 120 of 176 hours = 0.68 ≥ 0.5: the rule passes
    assert page.locator(".text-success:has(code:text('min_practice_share'))").count() == 1

    # a 1+X certificate and a competition embedded in the plan
    page.click("details:has(#certificate-form) summary")
    page.select_option(
        "#certificate-form select[name=certificate_id]", "cert.1x.new_media_operation"
    )
    page.select_option("#certificate-form select[name=level]", "中级")
    post(page, "#certificate-form button")
    page.click("details:has(#competition-form) summary")
    page.fill("#competition-form input[name=name]", "全国职业院校技能大赛 短视频制作赛项")
    page.select_option("#competition-form select[name=course_code]", "DM103")
    post(page, "#competition-form button")
    assert "全国职业院校技能大赛 短视频制作赛项" in page.inner_text("#plan-extras")
    assert version.certificates.get().certificate_id == "cert.1x.new_media_operation"

    # suggestions from a PDF syllabus; she accepts Premiere at 熟练
    course = version.courses.get(code="DM103")
    page.goto(f"{base}/curriculum/courses/{course.pk}/")
    page.set_input_files(
        "#syllabus-file",
        {"name": "课程标准.pdf", "mimeType": "application/pdf", "buffer": syllabus_pdf()},
    )
    post(page, "#suggest-form button")
    # with the semantic index cached, inferred candidates follow the explicit ones
    row = page.locator("#suggestions tr[data-skill='dc.tool.video.premiere']")
    assert row.count() == 1 and "suggestion-explicit" in (row.get_attribute("class") or "")
    assert not LearningOutcome.objects.filter(course=course).exists()  # nothing applied yet
    row.locator("select[name=level]").select_option("proficient")
    with page.expect_navigation():
        row.locator("button[value=accept]").click()
    assert course.outcomes.get(skill_id="dc.tool.video.premiere").level == "proficient"

    # she sends the plan to enterprise review
    page.goto(f"{base}/curriculum/versions/{version.pk}/")
    post(page, "button[formaction$='/submit/']")
    version.refresh_from_db()
    assert version.status == VersionStatus.ENTERPRISE_REVIEW

    # bob comments and signs off
    login(page, base, "bob")
    page.goto(f"{base}/curriculum/versions/{version.pk}/")
    page.fill("#comment-form textarea[name=body]", "建议增加直播带货实训。")
    post(page, "#comment-form button")
    page.select_option("#signoff-form select[name=decision]", "approve")
    post(page, "#signoff-form button")
    assert PlanComment.objects.filter(version=version).count() == 1
    assert PlanSignoff.objects.get(version=version).decision == "approve"

    # alice sends it to the committee and publishes it
    login(page, base, "alice")
    page.goto(f"{base}/curriculum/versions/{version.pk}/")
    assert "建议增加直播带货实训。" in page.content()
    post(page, "button[formaction$='/advance/']")
    post(page, "button[formaction$='/publish/']")
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert page.inner_text("#version-status").strip() == ("Published" if english else "已发布")

    # the gap report: score 0.857, UI design is a gap, editing traced to postings and courses
    query = "region=330782&month_from=2025-01&month_to=2025-02"
    page.goto(f"{base}/curriculum/versions/{version.pk}/alignment/?{query}")
    assert page.inner_text("#alignment-score").strip() == "0.857"
    assert ("Alignment score" in page.content()) == english
    editing = page.locator("#demanded-rows tr[data-skill='dc.video.edit.editing']")
    assert "80" in editing.inner_text() and "DM101" in editing.inner_text()
    assert ("video editing" if english else "视频剪辑") in editing.inner_text()
    gap = page.locator("#demanded-rows tr[data-skill='dc.uiux.ui.ui_design']")
    assert "table-danger" in (gap.get_attribute("class") or "")
    with page.expect_navigation():
        editing.locator("a").first.click()
    months = page.inner_text("#skill-months")
    assert "2025-01" in months and "30" in months and "50" in months
    assert page.inner_text("#skill-total").strip() == "80"
    with page.expect_navigation():
        page.locator("#skill-courses a").first.click()
    assert "DM101" in page.inner_text("h1")

    # the evidence report as PDF, in the page's language, with the same score
    page.goto(f"{base}/curriculum/majors/{offering.pk}/evidence/?{query}")
    with page.expect_download() as download:
        page.click("#evidence-pdf")
    pdf_path = download.value.path()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "0.857" in text
    assert ("Major-setting evidence report" if english else "专业设置论证报告") in text
