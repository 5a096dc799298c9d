"""API behaviour: field errors in the request's language, pagination, filters, flows."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import client_for
from talentbridge.community.models import MembershipApplication, Organization
from talentbridge.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_wrong_credit_code_gives_field_errors_in_both_languages(world) -> None:
    client = client_for(world, "enterprise_staff")
    body = {"name_zh": "某公司", "kind": "enterprise", "credit_code": "91110000802100433C"}
    en = client.post("/api/v1/organizations/", body, content_type="application/json",
                     headers={"accept-language": "en"})  # fmt: skip
    zh = client.post("/api/v1/organizations/", body, content_type="application/json",
                     headers={"accept-language": "zh-hans"})  # fmt: skip
    assert en.status_code == zh.status_code == 400
    assert "check digit" in en.json()["fields"]["credit_code"][0]
    assert "校验" in zh.json()["fields"]["credit_code"][0]
    assert not Organization.objects.filter(name_zh="某公司").exists()


def test_a_200_kb_name_is_a_400_not_a_500(world) -> None:
    client = client_for(world, "enterprise_staff")
    response = client.post(
        "/api/v1/organizations/",
        {"name_zh": "名" * 200_000, "kind": "government"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "name_zh" in response.json()["fields"]


def test_organization_list_filters_and_paginates(world) -> None:
    response = Client().get("/api/v1/organizations/?kind=college&page_size=1")
    body = response.json()
    assert body["count"] == 2 and len(body["results"]) == 1
    names = {r["name_zh"] for r in Client().get("/api/v1/organizations/?q=电商").json()["results"]}
    assert names == {"测试电商有限公司"}


def test_teacher_sees_students_of_own_college_only(world) -> None:
    teacher = client_for(world, "teacher")
    own = teacher.get(f"/api/v1/organizations/{world.college.pk}/members/?role=student")
    assert [m["email"] for m in own.json()["results"]] == ["carol@example.org"]
    other = teacher.get(f"/api/v1/organizations/{world.enterprise.pk}/members/")
    assert other.status_code == 403


def test_application_flow_over_the_api(world) -> None:
    bob = client_for(world, "enterprise_staff")
    erin = client_for(world, "secretariat")
    MembershipApplication.objects.all().delete()
    created = bob.post(
        f"/api/v1/communities/{world.community.slug}/applications/",
        {"organization": str(world.enterprise.pk), "requested_tier": "member", "statement": "hi"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    again = bob.post(
        f"/api/v1/communities/{world.community.slug}/applications/",
        {"organization": str(world.enterprise.pk)},
        content_type="application/json",
    )
    assert again.status_code == 409
    pk = created.json()["id"]
    rejected = erin.post(f"/api/v1/applications/{pk}/decide/", {"approve": False},
                         content_type="application/json")  # fmt: skip
    assert rejected.status_code == 400 and "reason" in rejected.json()["fields"]
    approved = erin.post(
        f"/api/v1/applications/{pk}/decide/",
        {"approve": True, "tier": "director"},
        content_type="application/json",
    )
    assert approved.json()["status"] == "approved"
    members = Client().get(f"/api/v1/communities/{world.community.slug}/members/?tier=director")
    names = {r["organization"]["name_zh"] for r in members.json()["results"]}
    assert names == {"测试设计职业学院", "测试电商有限公司"}
    audit = erin.get(f"/api/v1/communities/{world.community.slug}/audit/").json()["results"]
    assert [e["action"] for e in audit][:2] == ["application.approve", "application.submit"]


def test_invitation_accept_twice_is_a_clear_conflict(world) -> None:
    from talentbridge.accounts.models import User

    newcomer = User.objects.create_user("new@example.org", "pw")
    client = Client()
    client.force_login(newcomer)
    first = client.post("/api/v1/invitations/accept/", {"token": world.invitation.token},
                        content_type="application/json")  # fmt: skip
    assert first.status_code == 201
    second = client.post("/api/v1/invitations/accept/", {"token": world.invitation.token},
                         content_type="application/json")  # fmt: skip
    assert second.status_code == 410


def test_token_auth_and_lockout(world, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    ok = client.post("/api/v1/auth/token/", {"email": "alice@example.org", "password": "pw-alice"},
                     content_type="application/json")  # fmt: skip
    token = ok.json()["token"]
    me = Client().get("/api/v1/me/", headers={"authorization": f"Token {token}"})
    assert me.json()["email"] == "alice@example.org"
    for _ in range(3):
        bad = client.post("/api/v1/auth/token/", {"email": "bob@example.org", "password": "no"},
                          content_type="application/json")  # fmt: skip
    assert bad.status_code in (400, 429)
    locked = client.post("/api/v1/auth/token/", {"email": "bob@example.org", "password": "pw-bob"},
                         content_type="application/json")  # fmt: skip
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked"


def test_me_update_validates_mobile(world) -> None:
    client = client_for(world, "student")
    bad = client.patch("/api/v1/me/", {"mobile": "12345"}, content_type="application/json")
    assert bad.status_code == 400 and "mobile" in bad.json()["fields"]
    good = client.patch("/api/v1/me/", {"mobile": "+86 13812345678"},
                        content_type="application/json")  # fmt: skip
    assert good.json()["mobile"] == "13812345678"
    assert AuditEvent.objects.filter(action="user.update").count() == 1


def test_ordering(world) -> None:
    newest_first = Client().get("/api/v1/organizations/?ordering=-created").json()["results"]
    names = [r["name_zh"] for r in newest_first]
    assert names[0] == "秘书处学院" and names[-1] == "测试设计职业学院"
    unknown = Client().get("/api/v1/organizations/?ordering=password").json()["results"]
    assert [r["name_zh"] for r in unknown] == sorted(names)


def test_accepting_when_already_a_member_is_a_conflict(world) -> None:
    from talentbridge.community.models import Invitation

    Invitation.objects.filter(pk=world.invitation.pk).update(email="carol@example.org")
    response = client_for(world, "student").post(
        "/api/v1/invitations/accept/", {"token": world.invitation.token},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409


def test_swagger_and_redoc_use_local_assets(world) -> None:
    for url in ("/api/docs/", "/api/redoc/"):
        html = Client().get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn" not in html.lower()
