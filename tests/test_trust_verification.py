"""Verified organizations (ADR 0009): who may create what, evidence, the operator's decision,
community-level trust, and what an unverified organization may not do.

Includes the regression tests of finding 1 of issue 13 (forged government, same-name college).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from conftest import World, client_for
from talentbridge.accounts.models import User
from talentbridge.community import selectors, services
from talentbridge.community.models import (
    CommunityMembership,
    CommunityStaff,
    Organization,
    OrganizationMembership,
)
from talentbridge.community.permissions import is_secretariat
from talentbridge.core.errors import ApplicationError, PermissionDeniedError
from talentbridge.core.models import AuditEvent
from talentbridge.demand.models import PostingSource, SupplyRecord, Visibility
from talentbridge.demand.permissions import (
    source_aggregates_visible,
    sources_with_visible_aggregates,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _signup(email: str) -> tuple[User, Client]:
    """A fresh account, as anyone can make one on the sign-up page."""
    user = User.objects.create_user(email, "pw-attacker-1", display_name=email.split("@")[0])
    client = Client()
    client.force_login(user, backend="talentbridge.accounts.backends.EmailBackend")
    return user, client


def _supply_xlsx(path: Path, college: str, graduates: int) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["院校名称", "地区代码", "专业代码", "专业名称", "年份", "招生人数", "毕业生人数"])
    sheet.append([college, "330782", "550103", "数字媒体艺术设计", 2025, 120, graduates])
    workbook.save(path)
    return path


def _college(name_zh: str, school_code: str, **extra: Any) -> Organization:
    return Organization.objects.create(
        name_zh=name_zh, kind="college", college_level="higher_vocational",
        region_code="330782", school_code=school_code, **extra,
    )  # fmt: skip


# --- finding 1, route 1: a fresh sign-up forges a government and imports supply -------------


@pytest.mark.parametrize(
    ("language", "words"), [("en", "platform operators"), ("zh-hans", "平台运营")]
)
def test_a_fresh_signup_cannot_register_a_government_over_the_api(
    world: World, language: str, words: str
) -> None:
    _, client = _signup("mallory@example.org")
    response = client.post(
        "/api/v1/organizations/",
        {"name_zh": "某市教育局", "kind": "government", "region_code": "330782"},
        content_type="application/json",
        headers={"accept-language": language},
    )
    assert response.status_code == 403
    assert words in response.json()["message"]
    assert not Organization.objects.filter(name_zh="某市教育局").exists()


def test_the_page_offers_no_government_kind_and_refuses_one(world: World) -> None:
    _, client = _signup("mallory@example.org")
    page = client.get("/orgs/new/")
    assert b'value="government"' not in page.content
    response = client.post(
        "/orgs/new/", {"name_zh": "某市教育局", "kind": "government", "region_code": "330782"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Organization.objects.filter(name_zh="某市教育局").exists()
    assert b'value="government"' in client_for(world, "superuser").get("/orgs/new/").content


def test_an_operator_registers_a_government_verified_at_once(world: World) -> None:
    root = world.users["superuser"]
    org = services.organization_create(
        actor=root, data={"name_zh": "某市教育局", "kind": "government", "region_code": "330782"}
    )
    assert org.is_verified and org.verified_by == root


def test_forged_government_path_is_refused_end_to_end(world: World, tmp_path: Path) -> None:
    """The reported attack: sign up, register a government (refused); fall back to a college of
    one's own (allowed, unverified), invite a second account (allowed) — neither account may
    import supply, so the officer's report keeps the real figures."""
    _, client = _signup("mallory@example.org")
    assert (
        client.post(
            "/api/v1/organizations/",
            {"name_zh": "某市教育局", "kind": "government", "region_code": "330782"},
            content_type="application/json",
        ).status_code
        == 403
    )
    college = client.post(
        "/api/v1/organizations/",
        {"name_zh": "伪造学院", "kind": "college", "college_level": "higher_vocational",
         "school_code": "4133000999", "region_code": "330782"},
        content_type="application/json",
    )  # fmt: skip
    assert college.status_code == 201 and college.json()["verification_status"] == "unverified"
    college_id = college.json()["id"]
    invited = client.post(
        f"/api/v1/organizations/{college_id}/invitations/",
        {"email": "accomplice@example.org", "role": "admin"},
        content_type="application/json",
    )
    assert invited.status_code == 201
    _, accomplice = _signup("accomplice@example.org")
    token = invited.json()["url"].rstrip("/").rsplit("/", 1)[-1]
    accepted = accomplice.post(
        "/api/v1/invitations/accept/", {"token": token}, content_type="application/json"
    )
    assert accepted.status_code == 201
    path = _supply_xlsx(tmp_path / "forged.xlsx", "伪造学院", 99999)
    for who in (client, accomplice):
        with path.open("rb") as handle:
            response = who.post("/demand/supply/import/", {"file": handle})
        assert response.status_code == 403
    assert not SupplyRecord.objects.exists()


# --- finding 1, route 2: a college registered under a real college's name -------------------


def test_a_same_name_college_cannot_import_supply(world: World, tmp_path: Path) -> None:
    SupplyRecord.objects.create(
        college=world.college, college_name=world.college.name_zh, region_code="330782",
        major_code="550103", year=2025, enrolled=100, graduates=80,
    )  # fmt: skip
    mallory, client = _signup("mallory@example.org")
    twin = services.organization_create(
        actor=mallory,
        data={"name_zh": world.college.name_zh, "kind": "college",
              "college_level": "higher_vocational", "school_code": "4133000998",
              "region_code": "330782"},
    )  # fmt: skip
    assert not twin.is_verified
    path = _supply_xlsx(tmp_path / "twin.xlsx", world.college.name_zh, 99999)
    with path.open("rb") as handle:
        response = client.post("/demand/supply/import/", {"file": handle})
    assert response.status_code == 403
    record = SupplyRecord.objects.get()
    assert (record.graduates, record.college_id) == (80, world.college.pk)


# --- evidence and the operator's decision ---------------------------------------------------


def test_evidence_upload_then_operator_verifies_in_the_admin(world: World) -> None:
    mallory, client = _signup("new-admin@example.org")
    org = _college("新注册学院", "4133000997")
    OrganizationMembership.objects.create(user=mallory, organization=org, role="admin")
    page = client.get(f"/orgs/{org.pk}/verification/")
    assert page.status_code == 200
    assert "no licence or certificate has been uploaded" in page.content.decode()
    response = client.post(
        f"/orgs/{org.pk}/verification/",
        {"evidence": SimpleUploadedFile("licence.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.verification_status == "pending" and org.evidence_content_type == "application/pdf"
    assert org.evidence.name.endswith(".pdf") and "licence" not in org.evidence.name

    root = client_for(world, "superuser")
    listing = root.get("/admin/community/organization/?verification_status__exact=pending")
    assert "新注册学院" in listing.content.decode()
    evidence = root.get(f"/orgs/{org.pk}/verification/evidence/")
    assert evidence.status_code == 200
    assert evidence.headers["Content-Disposition"].startswith("attachment")
    assert b"".join(evidence.streaming_content) == PDF
    done = root.post(
        "/admin/community/organization/",
        {"action": "verify_selected", "_selected_action": [str(org.pk)]},
    )
    assert done.status_code == 302
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == world.users["superuser"]
    assert AuditEvent.objects.filter(action="organization.verify", object_id=str(org.pk)).exists()


def test_operator_cannot_verify_without_evidence(world: World) -> None:
    org = _college("无材料学院", "4133000996")
    with pytest.raises(ApplicationError) as caught:
        services.organization_verify(actor=world.users["superuser"], organization=org)
    assert caught.value.code == "conflict"
    org.refresh_from_db()
    assert not org.is_verified


def test_only_operators_verify(world: World) -> None:
    org = _college("自认证学院", "4133000995")
    OrganizationMembership.objects.create(user=world.users["bob"], organization=org, role="admin")
    with pytest.raises(PermissionDeniedError):
        services.organization_verify(actor=world.users["bob"], organization=org)


@pytest.mark.parametrize(("language", "words"), [("en", "PDF, PNG or JPEG"), ("zh-hans", "PDF")])
def test_evidence_of_the_wrong_type_is_a_bilingual_400(
    world: World, language: str, words: str
) -> None:
    client = client_for(world, "enterprise_staff")
    Organization.objects.filter(pk=world.enterprise.pk).update(verification_status="unverified")
    response = client.post(
        f"/api/v1/organizations/{world.enterprise.pk}/verification/",
        {"evidence": SimpleUploadedFile("licence.pdf", b"<html><script>x</script>")},
        headers={"accept-language": language},
    )
    assert response.status_code == 400
    assert words in response.json()["fields"]["evidence"][0]
    if language == "zh-hans":
        assert "文件" in response.json()["fields"]["evidence"][0]
    world.enterprise.refresh_from_db()
    assert world.enterprise.verification_status == "unverified"


def test_api_upload_sets_pending_and_reports_status(world: World) -> None:
    Organization.objects.filter(pk=world.enterprise.pk).update(verification_status="rejected")
    client = client_for(world, "enterprise_staff")
    response = client.post(
        f"/api/v1/organizations/{world.enterprise.pk}/verification/",
        {"evidence": SimpleUploadedFile("scan.png", PNG)},
    )
    assert response.status_code == 200
    assert response.json()["verification_status"] == "pending"
    assert response.json()["evidence_content_type"] == "image/png"


def test_changing_identity_fields_undoes_the_verification(world: World) -> None:
    services.organization_update(
        actor=world.users["college_admin"],
        organization=world.college,
        data={"name_zh": "改名后的学院"},
    )
    world.college.refresh_from_db()
    assert world.college.verification_status == "unverified"
    event = AuditEvent.objects.get(action="organization.update")
    assert event.after["verification_status"] == "unverified"


def test_refusal_needs_a_reason_and_is_shown(world: World) -> None:
    org = _college("被拒学院", "4133000994")
    root = world.users["superuser"]
    with pytest.raises(ApplicationError):
        services.organization_refuse_verification(actor=root, organization=org, reason=" ")
    services.organization_refuse_verification(actor=root, organization=org, reason="证书模糊")
    OrganizationMembership.objects.create(user=world.users["bob"], organization=org, role="admin")
    page = client_for(world, "enterprise_staff").get(f"/orgs/{org.pk}/verification/")
    assert "证书模糊" in page.content.decode()


# --- shared figures, marks, roles that act on others ----------------------------------------


def test_unverified_marks_in_lists_and_api(world: World) -> None:
    _college("未认证学院", "4133000993")
    page = Client(headers={"accept-language": "zh-hans"}).get("/orgs/?q=学院")
    html = page.content.decode()
    assert "未认证" in html and "已认证" in html
    api = Client().get("/api/v1/organizations/?q=未认证学院").json()["results"]
    assert api[0]["is_verified"] is False and api[0]["verification_status"] == "unverified"


def test_unverified_source_contributes_only_to_its_own_space(world: World) -> None:
    org = Organization.objects.create(
        name_zh="未认证企业", kind="enterprise", credit_code="91110000802100433B"
    )
    OrganizationMembership.objects.create(user=world.users["frank"], organization=org, role="admin")
    source = PostingSource.objects.create(
        name="unverified-hr", owner=org, aggregate_visibility=Visibility.PUBLIC,
        raw_visibility=Visibility.PUBLIC,
    )  # fmt: skip
    for role in ("anonymous", "college_admin", "government_officer", "superuser"):
        actor = world.users.get(role) or AnonymousUser()
        assert source not in sources_with_visible_aggregates(actor), role
        assert not source_aggregates_visible(actor, source), role
    frank = world.users["frank"]
    assert source in sources_with_visible_aggregates(frank)
    Organization.objects.filter(pk=org.pk).update(verification_status="verified")
    assert source in sources_with_visible_aggregates(world.users["college_admin"])


def test_community_statistics_count_trusted_seats_only(world: World) -> None:
    org = Organization.objects.create(
        name_zh="新成员企业", kind="enterprise", credit_code="91110000802100433B"
    )
    seat = CommunityMembership.objects.create(
        community=world.community, organization=org, tier="member",
        joined_on=datetime.date(2025, 2, 1),
    )  # fmt: skip
    erin = world.users["secretariat"]
    summary = selectors.community_summary(actor=erin, community=world.community)
    assert (summary.total, summary.untrusted) == (2, 1)
    listed = selectors.community_list(actor=erin).get(pk=world.community.pk)
    assert listed.member_count == 2
    # The secretariat grants community-level trust (HTML form of the manage page).
    response = client_for(world, "secretariat").post(f"/seats/{seat.pk}/", {"trust": "1"})
    assert response.status_code == 302
    summary = selectors.community_summary(actor=erin, community=world.community)
    assert (summary.total, summary.untrusted) == (3, 0)
    # A member's own admin cannot trust itself.
    OrganizationMembership.objects.create(user=world.users["frank"], organization=org, role="admin")
    frank = Client()
    frank.force_login(world.users["frank"], backend="talentbridge.accounts.backends.EmailBackend")
    assert frank.post(f"/api/v1/seats/{seat.pk}/trust/", {"trusted": False},
                      content_type="application/json").status_code == 403  # fmt: skip
    assert (
        client_for(world, "secretariat")
        .post(
            f"/api/v1/seats/{seat.pk}/trust/", {"trusted": False}, content_type="application/json"
        )
        .json()["trusted"]
        is False
    )


def test_secretariat_of_an_unverified_organization_has_no_power(world: World) -> None:
    erin = world.users["secretariat"]
    assert is_secretariat(erin, world.community)
    Organization.objects.filter(pk=world.community.secretariat_id).update(
        verification_status="unverified"
    )
    world.community.refresh_from_db()
    assert not is_secretariat(erin, world.community)
    assert CommunityStaff.objects.filter(user=erin).exists()
    response = client_for(world, "secretariat").get(f"/communities/{world.community.slug}/manage/")
    assert response.status_code == 403
