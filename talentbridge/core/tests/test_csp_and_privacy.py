"""The Content-Security-Policy header, templates that need no inline code, and the privacy
notice that sign-up links to (issue 13, finding 9; ADR 0012)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    [*ROOT.glob("frontend/templates/**/*.html"), *ROOT.glob("talentbridge/*/templates/**/*.html")]
)


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/privacy/", "/api/docs/", "/healthz"])
def test_every_response_has_a_strict_policy(path: str) -> None:
    policy = _policy(Client().get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == policy["style-src-elem"] == ["'self'"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]  # ECharts; templates have none
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert all("'unsafe-eval'" not in values for values in policy.values())


@pytest.mark.django_db
def test_only_the_redoc_page_relaxes_styles_and_never_scripts() -> None:
    policy = _policy(Client().get("/api/redoc/"))
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src-elem"]


def test_templates_hold_no_inline_script_handler_or_style() -> None:
    assert len(TEMPLATES) > 50
    problems = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if "src=" not in tag and "application/json" not in tag:
                problems.append(f"{name}: inline {tag}")
        problems += [f"{name}: handler {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        problems += [f"{name}: style attribute" for _ in re.findall(r"\sstyle\s*=", text)]
        problems += [f"{name}: <style> element" for _ in re.findall(r"<style\b", text)]
        problems += [f"{name}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert problems == []


def test_the_template_check_finds_inline_code(tmp_path: Path) -> None:
    """The scan above is not vacuous: the same patterns catch each kind of inline code."""
    bad = '<button onclick="go()">x</button><p style="color:red"></p><script>go()</script>'
    assert re.findall(r"\son[a-z]+\s*=", bad) and re.findall(r"\sstyle\s*=", bad)
    assert [t for t in re.findall(r"<script\b[^>]*>", bad) if "src=" not in t]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "needles"),
    [
        ("zh-hans", ["隐私政策", "我们收集哪些信息", "保存多久", "个人信息保护法", "联系我们"]),
        ("en", ["Privacy notice", "What we collect", "How long we keep it", "PIPL", "Contact"]),
    ],
)
def test_privacy_notice_is_a_real_page_in_both_languages(
    language: str, needles: list[str], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.PRIVACY_OPERATOR = "Yiwu Creative Alliance"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.org"
    response = Client().get("/privacy/", headers={"accept-language": language})
    assert response.status_code == 200
    html = response.content.decode()
    for needle in needles:
        assert needle in html, needle
    assert 'href="mailto:dpo@example.org"' in html and "Yiwu Creative Alliance" in html


@pytest.mark.django_db
def test_sign_up_links_to_the_privacy_notice() -> None:
    html = Client().get("/accounts/signup/").content.decode()
    assert 'id="privacy-notice-link"' in html and 'href="/privacy/"' in html
