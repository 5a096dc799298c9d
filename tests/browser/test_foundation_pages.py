"""A person's walk through the foundation in both languages, with screenshots."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from talentbridge.community.models import Community, MembershipApplication, Organization
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_public_pages(live_server: Any, page_in: Any, language: str) -> None:
    call_command("load_demo", "--core-only", stdout=StringIO())
    page = page_in(language)
    page.goto(live_server.url + "/")
    heading = page.locator("h1").first.inner_text()
    expected = "产教融合" if language == "zh-hans" else "Industry–education integration"
    assert expected in heading
    shot(page, f"home-anonymous-{language}")

    community = Community.objects.get(slug="aigc-national")
    page.goto(f"{live_server.url}/communities/{community.slug}/")
    assert (
        page.locator("#seat-rows tbody tr").count()
        == community.memberships.filter(status="active").count()
    )
    page.wait_for_selector("#chart-tiers canvas")
    # HTMX filter: only chair units stay
    page.select_option("select[name=tier]", "chair")
    # (locator waits, not wait_for_function: a string predicate is eval, which the CSP refuses)
    rows = page.locator("#seat-rows tbody tr")
    expect(rows).to_have_count(1)
    page.select_option("select[name=tier]", "")
    expect(rows.nth(1)).to_be_attached()
    shot(page, f"community-{language}")

    org = Organization.objects.get(name_zh="义乌创意设计职业学院")
    page.goto(f"{live_server.url}/orgs/{org.pk}/")
    assert org.name_zh in page.content() or org.name_en in page.content()
    shot(page, f"organization-{language}")


def test_secretariat_reviews_an_application_in_english(live_server: Any, page_in: Any) -> None:
    call_command("load_demo", "--core-only", stdout=StringIO())
    page = page_in("en")
    sign_in(page, live_server.url, "erin@demo.talentbridge.local", "erin-demo-2026")
    assert "Review applications to" in page.content()
    shot(page, "home-secretariat-en")
    page.goto(f"{live_server.url}/communities/aigc-national/manage/")
    pending = MembershipApplication.objects.filter(status="pending").count()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[value=approve]").first.click()
    page.wait_for_selector(".alert-success")
    assert MembershipApplication.objects.filter(status="pending").count() == pending - 1
    shot(page, "community-manage-en")


def test_college_admin_home_in_chinese(live_server: Any, page_in: Any) -> None:
    call_command("load_demo", "--core-only", stdout=StringIO())
    page = page_in("zh-hans")
    sign_in(page, live_server.url, "alice@demo.talentbridge.local", "alice-demo-2026")
    shot(page, "home-college-admin-zh-hans")
    org = Organization.objects.get(name_zh="义乌创意设计职业学院")
    page.goto(f"{live_server.url}/orgs/{org.pk}/members/")
    assert "carol@demo.talentbridge.local" in page.content()
    shot(page, "organization-members-zh-hans")
