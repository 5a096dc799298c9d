"""The site under its strict Content-Security-Policy in a real browser (issue 13, finding 9).

For each persona of the demo world, Chromium signs in, opens the persona's main pages and follows
the same-site links found on them (breadth first, a budget per persona), hovers the charts so
their tooltips render, and records every ``securitypolicyviolation`` event and every console
message about the policy. Any violation fails the test, with the page and the directive.
"""

from __future__ import annotations

import json
from collections import deque
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""

PERSONAS: dict[str, tuple[str | None, list[str]]] = {
    "anonymous": (None, ["/", "/communities/", "/orgs/", "/demand/", "/skills/", "/skills/extract/",
                         "/privacy/", "/accounts/signup/", "/accounts/login/", "/api/docs/",
                         "/api/redoc/", "/credentials/verify/"]),
    "alice": ("alice", ["/", "/curriculum/", "/projects/", "/demand/report/",
                        "/accounts/profile/"]),
    "carol": ("carol", ["/", "/credentials/profile/", "/credentials/portfolio/", "/projects/"]),
    "bob": ("bob", ["/", "/projects/", "/projects/new/", "/demand/sources/"]),
    "erin": ("erin", ["/", "/communities/aigc-national/manage/"]),
    "dave": ("dave", ["/", "/demand/report/", "/demand/supply/import/"]),
    "admin": ("admin", ["/admin/", "/admin/community/organization/", "/admin/core/tasklease/"]),
}  # fmt: skip
PAGES_PER_PERSONA = 18
SKIP = ("/accounts/logout/", "/i18n/", "/healthz", "/jsi18n/", "/download/", "/export/",
        "/decide/", "/withdraw/", "/revoke/", "/share/", "/api/schema/")  # fmt: skip
SKIP_SUFFIXES = (".pdf", ".xlsx", ".json", ".jwt", ".svg", ".csv", ".zip", ".png")


def _sign_in(page: Any, base: str, key: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", f"{key}@demo.talentbridge.local")
    page.fill("input[name=password]", f"{key}-demo-2026")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")


def _links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    found = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parsed = urlparse(url)
        if not url.startswith(base) or parsed.query:
            continue
        path = parsed.path
        if any(s in path for s in SKIP) or path.endswith(SKIP_SUFFIXES):
            continue
        found.append(path)
    return found


def _hover_charts(page: Any) -> None:
    for canvas in page.locator("[id^=chart] canvas, .chart canvas").all()[:3]:
        box = canvas.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(300)


def _walk(page: Any, base: str, start: list[str], seen: set[str]) -> dict[str, list[str]]:
    violations: dict[str, list[str]] = {}
    queue = deque(start)
    visited = 0
    while queue and visited < PAGES_PER_PERSONA:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        page.wait_for_load_state("load")
        _hover_charts(page)
        found = page.evaluate("window.__csp || []")
        if found:
            violations[path] = found
        queue.extend(p for p in _links(page, base) if p not in seen)
    return violations


def test_main_pages_of_every_persona_load_without_csp_violations(
    live_server: Any, browser: Any
) -> None:
    call_command("load_demo", stdout=StringIO())
    base = live_server.url
    problems: dict[str, Any] = {}
    pages = 0
    for persona, (key, start) in PERSONAS.items():
        context = browser.new_context(locale="zh-CN" if persona == "anonymous" else "en-US")
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        console: list[str] = []
        page.on(
            "console",
            lambda m, out=console: (
                out.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        if key:
            _sign_in(page, base, key)
        seen: set[str] = set()
        violations = _walk(page, base, start, seen)
        pages += len(seen)
        if violations or console:
            problems[persona] = {"violations": violations, "console": console}
        context.close()
    assert pages >= 60, pages  # the walk really covered the site
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)[:8000]


def test_confirmations_still_ask_before_a_destructive_form_is_sent(
    live_server: Any, browser: Any
) -> None:
    """The inline ``onsubmit="return confirm(…)"`` handlers became ``data-confirm``."""
    call_command("load_demo", "--core-only", stdout=StringIO())
    from talentbridge.community.models import MembershipApplication

    context = browser.new_context(locale="en-US")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    _sign_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/communities/aigc-national/manage/")
    pending = MembershipApplication.objects.filter(status="pending").count()
    assert pending > 0
    questions: list[str] = []

    def dismiss(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("button[value=reject]").first.click()
    page.wait_for_timeout(500)
    assert questions == ["Reject this application?"]
    assert MembershipApplication.objects.filter(status="pending").count() == pending

    page.locator("input[name=reason]").first.fill("Not a digital-creative unit.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[value=reject]").first.click()
    page.wait_for_selector(".alert-success")
    assert MembershipApplication.objects.filter(status="pending").count() == pending - 1
    assert page.evaluate("window.__csp") == []
    context.close()
