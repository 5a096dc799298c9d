"""Finding 1 of issue 13 in a browser, in both languages: a fresh account cannot forge a
government body, and a college registered under a real college's name cannot touch the real
college's supply figures (ADR 0009, 0010)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.demand.models import SupplyRecord
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REAL_COLLEGE = "义乌创意设计职业学院"
TEXT = {
    "zh-hans": {"gov": "政府部门只能由平台运营方登记", "unverified": "未认证"},
    "en": {
        "gov": "Government bodies are registered by the platform operators only",
        "unverified": "Unverified",
    },
}


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_forged_government_and_same_name_college_are_refused(
    live_server: Any, page_in: Any, language: str
) -> None:
    call_command("load_demo", "--core-only", stdout=StringIO())
    real = Organization.objects.get(name_zh=REAL_COLLEGE)
    assert real.is_verified
    User.objects.create_user("mallory@example.org", "Mallory-pw-2026!", display_name="Mallory")
    page = page_in(language)
    base = live_server.url
    _sign_in(page, base, "mallory@example.org", "Mallory-pw-2026!")

    # Route 1: the page does not offer "government"; the API refuses it in the page's language.
    page.goto(f"{base}/orgs/new/")
    assert page.locator("select[name=kind] option[value=government]").count() == 0
    answer = page.evaluate(
        """async () => {
            const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch("/api/v1/organizations/", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                body: JSON.stringify({name_zh: "某市教育局", kind: "government",
                                      region_code: "330782"}),
            });
            return {status: response.status, body: await response.json()};
        }"""
    )
    assert answer["status"] == 403
    assert TEXT[language]["gov"] in answer["body"]["message"]
    assert not Organization.objects.filter(kind="government", name_zh="某市教育局").exists()

    # Route 2: a college under the real college's exact name is created, but unverified …
    page.select_option("select[name=kind]", "college")
    page.fill("input[name=name_zh]", REAL_COLLEGE)
    page.select_option("select[name=college_level]", "higher_vocational")
    page.fill("input[name=school_code]", "4133000555")
    page.click("main form button.btn-primary")
    page.wait_for_url("**/verification/")
    assert TEXT[language]["unverified"] in page.content()
    shot(page, f"trust-unverified-twin-{language}")
    # … and it may not import supply: the page refuses, nothing is written.
    response = page.goto(f"{base}/demand/supply/import/")
    assert response is not None and response.status == 403
    shot(page, f"trust-supply-refused-{language}")
    assert not SupplyRecord.objects.exists()
    twin = Organization.objects.exclude(pk=real.pk).get(name_zh=REAL_COLLEGE)
    assert not twin.is_verified
    # the public list marks the twin as unverified next to the real, verified college
    page.goto(f"{base}/orgs/?q={REAL_COLLEGE}")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert page.locator(".verification-unverified").count() == 1
