"""The credentials walk of issue 17 in a real browser, once in Chinese and once in English:
carol's project review and competition award appear as evidence, her profile shows them with
the rule that counts them, a credential is issued, carol downloads it and shares a link, bob
verifies it on the public page, alice revokes another and the verifier shows it revoked,
carol converts a credential into credits and alice approves. Bad input (a broken file, a
forged signature) gets a clear error. Screenshots: docs/screenshots/credentials-*-<lang>.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from conftest import make_world
from talentbridge.credentials.models import CreditApplication, EvidenceRecord, IssuedCredential
from talentbridge.credentials.services import credit, issuing, ledger
from talentbridge.credentials.vc.encoding import b64url_encode
from talentbridge.projects import services as project_services
from talentbridge.projects.tests.factories import make_project_world
from tests.browser.conftest import shot

TEXT = {
    "zh-hans": {
        "valid": "有效凭证",
        "revoked": "已撤销",
        "confirmed": "已确认",
        "credits": "2.0 学分",
        "bad": "凭证",
    },
    "en": {
        "valid": "Valid credential",
        "revoked": "Revoked",
        "confirmed": "Confirmed",
        "credits": "2.0 credits",
        "bad": "credential",
    },
}


def _login(page: Any, base: str, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", f"{name}@example.org")
    page.fill("#id_password", f"pw-{name}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _world(settings: Any, base: str) -> Any:
    settings.SITE_URL = base
    world = make_world()
    pw = make_project_world(world)
    bob, tina, alice = world.users["bob"], world.users["tina"], world.users["alice"]
    project_services.review_submit(
        actor=bob,
        team=pw.team,
        scores={"dc.ecomvis.design.main_image": 4},
        overall=90,
        feedback="主图规范",
    )
    project_services.review_submit(
        actor=tina,
        team=pw.team,
        scores={"dc.ecomvis.design.main_image": 3},
        overall=85,
        feedback="扎实",
    )
    project_services.brief_close(actor=bob, brief=pw.brief)
    ledger.evidence_sync()
    holder = issuing.holder_for(world.users["carol"])
    holder.major_code = "550103"
    holder.save()
    ledger.evidence_intake(
        records=[
            {
                "source": "competitions",
                "source_ref": "walk:award",
                "student_id": str(world.users["carol"].pk),
                "skill": "dc.ecomvis.design.main_image",
                "level": 4,
                "assessor_name": "大赛评委会",
                "assessor_role": "judge",
                "organization_id": str(world.enterprise.pk),
                "context_title": "浙江省职业院校技能大赛 一等奖",
                "occurred_on": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
            }
        ]
    )
    skill = issuing.template_create(
        actor=alice,
        organization=world.college,
        data={
            "name_zh": "电商主图设计能力",
            "name_en": "E-commerce main image design",
            "rules": [
                {
                    "kind": "skill",
                    "skill": "dc.ecomvis.design.main_image",
                    "min_level": 3,
                    "min_assessors": 2,
                    "confirmed": True,
                }
            ],
            "valid_days": 730,
            "auto_issue": True,
            "review_required": False,
        },
    )
    other = issuing.template_create(
        actor=alice,
        organization=world.college,
        data={
            "name_zh": "AIGC 商品图入门",
            "name_en": "AIGC product images",
            "rules": [{"kind": "evidence", "source": "competitions", "text": "一等奖"}],
        },
    )
    issuing.credential_issue(actor=alice, template=other, holder=world.users["carol"])
    credit.rule_create(
        actor=alice,
        college=world.college,
        data={
            "name_zh": "主图能力 → 2 学分",
            "name_en": "Main images → 2 credits",
            "template": skill.pk,
            "outcome": "credits",
            "credits": "2",
        },
    )
    return world


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_credentials_walk(
    live_server: Any, page_in: Any, settings: Any, tmp_path: Path, language: str
) -> None:
    settings.AXES_ENABLED = False
    base = live_server.url
    _world(settings, base)
    text = TEXT[language]
    suffix = "zh" if language == "zh-hans" else "en"
    page = page_in("en" if language == "en" else "zh")
    assert EvidenceRecord.objects.filter(source="projects").count() == 2

    # carol: her project review and competition award are evidence, with the rule that counts them
    _login(page, base, "carol")
    page.goto(f"{base}/credentials/profile/")
    table = page.locator("#profile-skills")
    assert text["confirmed"] in table.inner_text()
    page.locator("#profile-skills details summary").first.click()
    details = table.inner_text()
    assert "商品主图设计" in details and "一等奖" in details
    assert page.locator("#rules").is_visible()
    shot(page, f"credentials-profile-{suffix}")
    issued = IssuedCredential.objects.get(
        template__name_zh="电商主图设计能力"
    )  # issued by the rules

    # carol downloads it and shares a link
    page.goto(f"{base}/credentials/c/{issued.pk}/")
    assert text["valid"] in page.locator("#verdict").inner_text()
    with page.expect_download() as download:
        page.click("#download-jwt")
    credential_file = tmp_path / "credential.jwt"
    download.value.save_as(str(credential_file))
    assert credential_file.read_text() == issued.token
    page.click("#create-share")
    share_url = page.locator("#share-links a").first.get_attribute("href")
    shot(page, f"credentials-detail-{suffix}")

    # bob verifies it on the public page (and follows the share link)
    _login(page, base, "bob")
    page.goto(f"{base}/credentials/verify/")
    page.set_input_files("#id_file", str(credential_file))
    page.click("main form button[type=submit]")
    assert text["valid"] in page.locator("#verdict").inner_text()
    shot(page, f"credentials-verify-valid-{suffix}")
    page.goto(share_url)
    assert text["valid"] in page.locator("#verdict").inner_text()

    # bad input: a broken file and a forged signature
    broken = tmp_path / "broken.json"
    broken.write_text('{"hello": "world"}')
    page.goto(f"{base}/credentials/verify/")
    page.set_input_files("#id_file", str(broken))
    page.click("main form button[type=submit]")
    assert text["bad"] in page.locator("#verify-error").inner_text()
    head, body, _sig = issued.token.split(".")
    page.fill("#id_credential", f"{head}.{body}.{b64url_encode(bytes(64))}")
    page.click("main form button[type=submit]")
    assert text["valid"] not in page.locator("#verdict").inner_text()
    shot(page, f"credentials-verify-forged-{suffix}")

    # alice revokes another credential; the verifier shows it revoked
    other = IssuedCredential.objects.get(template__name_zh="AIGC 商品图入门")
    _login(page, base, "alice")
    page.goto(f"{base}/credentials/c/{other.pk}/")
    page.select_option("#id_action", "revoke")
    page.fill("#id_reason", "误发")
    page.click("#apply-status")
    page.goto(f"{base}/credentials/verify/")
    page.fill("#id_credential", other.token)
    page.click("main form button[type=submit]")
    assert text["revoked"] in page.locator("#verdict").inner_text()
    shot(page, f"credentials-verify-revoked-{suffix}")

    # carol converts her credential into credits; alice approves
    _login(page, base, "carol")
    page.goto(f"{base}/credentials/c/{issued.pk}/")
    page.locator("#credit-rules button").first.click()
    assert CreditApplication.objects.filter(status="pending").count() == 1
    _login(page, base, "alice")
    page.goto(f"{base}/credentials/credit-bank/")
    shot(page, f"credentials-credit-decide-{suffix}")
    page.click("#approve-1")
    assert CreditApplication.objects.get().status == "approved"
    _login(page, base, "carol")
    page.goto(f"{base}/credentials/credit-bank/")
    assert text["credits"] in page.locator("#transcript").inner_text()
    shot(page, f"credentials-credit-transcript-{suffix}")
