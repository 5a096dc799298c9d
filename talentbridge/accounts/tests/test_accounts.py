"""accounts on its own: registration (consent, duplicates, weak passwords, atomic), the
e-mail backend, profile updates (own only, audited, mobile normalized), API tokens and /me."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from talentbridge.accounts import services
from talentbridge.accounts.models import User
from talentbridge.core.errors import ApplicationError
from talentbridge.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-enough-passphrase-42"


def _register(email: str = "Mei@Example.org", **extra: object) -> User:
    values = {"password": PASSWORD, "display_name": " 梅 ", "accept_privacy": True} | extra
    return services.user_register(email=email, **values)  # type: ignore[arg-type]


def test_register_normalizes_records_consent_and_audits() -> None:
    user = _register()
    assert user.email == "mei@example.org" and user.display_name == "梅"
    assert user.consented_at is not None and user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.register", object_id=str(user.pk)).exists()


def test_register_refuses_without_consent_duplicates_and_weak_passwords() -> None:
    with pytest.raises(ApplicationError) as no_consent:
        _register(accept_privacy=False)
    assert "accept_privacy" in no_consent.value.fields
    _register()
    with pytest.raises(ApplicationError) as duplicate:
        _register(email="MEI@example.org")
    assert duplicate.value.code == "conflict" and "email" in duplicate.value.fields
    with pytest.raises(ApplicationError) as weak:
        _register(email="weak@example.org", password="123")
    assert weak.value.code == "invalid" and weak.value.fields["password"]
    assert User.objects.count() == 1  # nothing half-created


def test_email_backend_is_case_insensitive_and_refuses_inactive_users() -> None:
    user = _register()
    request = RequestFactory().post("/accounts/login/")  # axes needs the request

    def login(email: str, password: str) -> object:
        return authenticate(request, username=email, password=password)

    assert login("MEI@EXAMPLE.ORG ", PASSWORD) == user
    assert login("mei@example.org", "wrong") is None
    assert login("nobody@example.org", PASSWORD) is None
    user.is_active = False
    user.save()
    assert login("mei@example.org", PASSWORD) is None


def test_profile_update_own_only_normalized_and_audited() -> None:
    mei, other = _register(), _register(email="other@example.org")
    updated = services.user_update_profile(
        actor=mei, user=mei, data={"mobile": "138 1234 5678", "display_name": "梅梅"}
    )
    assert updated.mobile == "13812345678" and updated.display_name == "梅梅"
    event = AuditEvent.objects.get(action="user.update", object_id=str(mei.pk))
    assert event.before["display_name"] == "梅" and event.after["display_name"] == "梅梅"
    with pytest.raises(ApplicationError) as foreign:
        services.user_update_profile(actor=other, user=mei, data={"display_name": "x"})
    assert foreign.value.code == "forbidden"
    with pytest.raises(ApplicationError) as unknown:
        services.user_update_profile(actor=mei, user=mei, data={"email": "x@example.org"})
    assert "email" in unknown.value.fields
    with pytest.raises(ApplicationError):
        services.user_update_profile(actor=mei, user=mei, data={"mobile": "12345"})
    mei.refresh_from_db()
    assert mei.mobile == "13812345678"


@pytest.mark.parametrize(("language", "text"), [("en", "mobile"), ("zh-hans", "手机")])
def test_api_me_and_token(language: str, text: str) -> None:
    from rest_framework.test import APIClient

    _register()
    client = APIClient()
    refused = client.post(reverse("api-token"), {"email": "mei@example.org", "password": "no"})
    assert refused.status_code == 400
    token = client.post(
        reverse("api-token"), {"email": "MEI@example.org", "password": PASSWORD}
    ).json()["token"]
    assert token == services.token_issue(user=User.objects.get()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE=language)
    assert client.get(reverse("api-me")).json()["email"] == "mei@example.org"
    bad = client.patch(reverse("api-me"), {"mobile": "12345"}, format="json")
    assert bad.status_code == 400 and text in str(bad.json()).lower()
    assert APIClient().get(reverse("api-me")).status_code in (401, 403)
