"""End to end in a real browser: bob posts a brief, alice approves it, tina adopts it into a
course and allocates the class, carol's team delivers, bob reviews and closes, carol sees her
skill evidence — in Chinese and in English. Screenshots go to docs/screenshots/projects-*.png."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from conftest import make_world
from talentbridge.projects.models import BriefStatus, SkillEvidence
from talentbridge.projects.tests.factories import PNG

SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def browser_page() -> Any:
    playwright = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield page
        browser.close()


def _login(page: Any, base: str, email: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"projects-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_brief_to_evidence_in_both_languages(
    live_server: Any, browser_page: Any, settings: Any, tmp_path: Path
) -> None:
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    page, base = browser_page, live_server.url
    start = datetime.date.today() + datetime.timedelta(days=1)

    # bob (enterprise) posts a brief and submits it to alice's college
    _login(page, base, "bob@example.org", "pw-bob")
    page.goto(f"{base}/projects/new/")
    page.fill("#id_title_zh", "义乌饰品商品主图设计")
    page.fill("#id_title_en", "Main images for Yiwu jewellery")
    page.fill("#id_background_zh", "30款新品饰品的淘宝主图。")
    page.check("#id_deliverables_0")
    for field, value in {
        "team_size_min": "1",
        "team_size_max": "3",
        "max_teams": "2",
        "places": "6",
        "hours_per_week": "6",
        "honorarium_cny": "2000",
    }.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + datetime.timedelta(days=40)).isoformat())
    page.fill("#id_apply_by", (start + datetime.timedelta(days=10)).isoformat())
    page.select_option("#id_ip_terms", "shared")
    page.fill(
        "#id_skills_text", "dc.ecomvis.design.main_image 2\ndc.ecomvis.design.product_retouch 2"
    )
    page.fill(
        "#id_milestones_text",
        f"{(start + datetime.timedelta(days=20)).isoformat()} 初稿 | First draft",
    )
    _shot(page, "1-post-brief-zh")
    page.click("#brief-form button[type=submit]")
    page.wait_for_selector("#brief-title")
    brief_url = page.url
    page.select_option("select[name=college]", str(world.college.pk))
    page.click("#submit-brief")
    page.wait_for_load_state()

    # alice (college admin) approves; bob opens it
    _login(page, base, "alice@example.org", "pw-alice")
    page.goto(brief_url)
    page.click("#approve-brief")
    page.wait_for_load_state()
    _login(page, base, "bob@example.org", "pw-bob")
    page.goto(brief_url)
    page.click("#open-brief")
    page.wait_for_load_state()
    with translation.override("zh-hans"):
        open_zh = str(BriefStatus.OPEN.label)
    assert page.inner_text("#brief-status").strip() in (open_zh, "Open for applications")

    # tina (teacher) adopts it into a new course offering with carol's class, allocates
    _login(page, base, "tina@example.org", "pw-tina")
    page.goto(brief_url)
    page.click("#adopt")
    for field, value in {
        "course_code": "DM2301",
        "course_name_zh": "电商视觉设计",
        "course_name_en": "E-commerce visual design",
        "class_name": "数媒2301",
        "semester": "2025-2026-1",
        "major_code": "550103",
        "assessment_weight": "40",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_students", [str(world.users["carol"].pk)])
    page.click("#adopt-form button[type=submit]")
    page.wait_for_selector("#offering-title")
    page.click("#run-allocation")
    page.wait_for_selector("#run-summary")
    _shot(page, "2-allocation-zh")
    page.click("#apply-allocation")
    page.wait_for_selector("#class-teams a")
    team_url = page.locator("#class-teams a").first.get_attribute("href")

    # bob starts the project; carol's team delivers a file
    _login(page, base, "bob@example.org", "pw-bob")
    page.goto(brief_url)
    page.click("#start-brief")
    page.wait_for_load_state()
    _login(page, base, "carol@example.org", "pw-carol")
    page.goto(f"{base}{team_url}")
    page.set_input_files(
        "#id_file", files=[{"name": "main.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.fill("#id_note", "第一版主图")
    page.click("#submission-form button")
    page.wait_for_selector("text=main.png")

    # bob reviews with the rubric, delivers and closes
    _login(page, base, "bob@example.org", "pw-bob")
    page.goto(f"{base}{team_url}")
    page.click("#write-review")
    page.select_option("#score-1", "3")
    page.select_option("#score-2", "2")
    page.fill("#id_overall", "90")
    page.fill("#id_feedback", "构图清晰，卖点突出。")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector(".review")
    _shot(page, "3-review-zh")
    page.goto(brief_url)
    page.click("#deliver-brief")
    page.wait_for_load_state()
    page.click("#close-brief")
    page.wait_for_load_state()

    # carol's evidence, in Chinese then in English
    assert SkillEvidence.objects.filter(student=world.users["carol"]).count() == 2
    _login(page, base, "carol@example.org", "pw-carol")
    page.goto(f"{base}/projects/evidence/")
    table = page.inner_text("#evidence")
    assert "主图设计" in table and page.get_attribute("html", "lang") == "zh-CN"
    _shot(page, "4-evidence-zh")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    page.goto(f"{base}/projects/evidence/")
    table = page.inner_text("#evidence")
    assert "main product image design" in table and page.get_attribute("html", "lang") == "en"
    _shot(page, "5-evidence-en")
    page.goto(brief_url)
    assert "Main images for Yiwu jewellery" in page.inner_text("#brief-title")
    _shot(page, "6-brief-en")
