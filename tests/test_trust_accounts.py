"""Accounts (issue 13, findings 2 and 8): lock-out on the normalized account, rate limits,
expiring and revocable API tokens, a sign-up that does not tell which addresses have accounts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from conftest import World, client_for
from talentbridge.accounts.models import PendingSignup, User

pytestmark = pytest.mark.django_db

HENRY = "henry@example.org"
PASSWORD = "Henry-pass-2026!"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    """DRF's ``login`` throttle of the token API counts in the default cache, per process:
    start each test with a fresh count so earlier tests of this worker do not throttle it."""
    caches["default"].clear()


@pytest.fixture
def henry(db: Any) -> User:
    return User.objects.create_user(HENRY, PASSWORD, display_name="Henry")


def _sign_in(client: Client, email: str, password: str, language: str = "en") -> Any:
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        headers={"accept-language": language},
    )


def _token(client: Client, email: str, password: str) -> Any:
    return client.post(
        "/api/v1/auth/token/",
        {"email": email, "password": password},
        content_type="application/json",
    )


# --- finding 2: the lock-out is keyed on the normalized account -----------------------------


def test_html_lockout_holds_for_every_spelling_of_the_address(henry: User) -> None:
    client = Client()
    for _ in range(4):
        assert _sign_in(client, HENRY, "wrong").status_code == 200
    assert _sign_in(client, HENRY, "wrong").status_code == 429  # the fifth failure locks
    for spelling in ("Henry@example.org", " HENRY@EXAMPLE.ORG ", HENRY):
        response = _sign_in(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_mixed_spellings_share_one_failure_budget(henry: User) -> None:
    client = Client()
    for spelling in ("henry@example.org", "Henry@example.org", "HENRY@example.org",
                     " henry@Example.org", "hEnRy@example.org"):  # fmt: skip
        _sign_in(client, spelling, "wrong")
    assert _sign_in(client, HENRY, PASSWORD).status_code == 429


def test_api_token_lockout_holds_for_every_spelling(henry: User) -> None:
    client = Client()
    for _ in range(4):
        assert _token(client, HENRY, "wrong").status_code == 400
    _token(client, HENRY, "wrong")
    response = _token(client, "Henry@Example.org", PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()


# --- rate limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [("en", "Try again in"), ("zh-hans", "分钟后再试")])
def test_sign_in_is_rate_limited_per_account(
    henry: User, settings: Any, language: str, words: str
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signin": {"account": (3, 600)}}
    for index in range(3):
        # each attempt from another address: the per-account limit still counts them all
        client = Client(REMOTE_ADDR=f"10.0.0.{index + 1}")
        assert _sign_in(client, HENRY, "wrong", language).status_code == 200
    response = _sign_in(Client(REMOTE_ADDR="10.0.0.9"), "Henry@example.org", PASSWORD, language)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 600
    assert words in response.content.decode()


def test_sign_in_is_rate_limited_per_address(henry: User, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signin": {"address": (4, 900)}}
    client = Client(REMOTE_ADDR="10.1.1.1")
    for index in range(4):
        assert _sign_in(client, f"nobody{index}@example.org", "x").status_code == 200
    assert _sign_in(client, HENRY, PASSWORD).status_code == 429
    assert _sign_in(Client(REMOTE_ADDR="10.1.1.2"), HENRY, PASSWORD).status_code == 302


def test_sign_up_and_password_reset_are_rate_limited(settings: Any) -> None:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "signup": {"address": (2, 3600)},
        "password_reset": {"account": (2, 3600)},
    }
    client = Client()
    body = {"password": "a-long-passphrase-42", "accept_privacy": "on"}
    for index in range(2):
        assert (
            client.post("/accounts/signup/", {**body, "email": f"a{index}@example.org"}).status_code
            == 302
        )
    limited = client.post("/accounts/signup/", {**body, "email": "a9@example.org"})
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert not PendingSignup.objects.filter(email="a9@example.org").exists()
    for _ in range(2):
        assert client.post("/accounts/password-reset/", {"email": HENRY}).status_code == 302
    assert (
        client.post("/accounts/password-reset/", {"email": "Henry@example.org"}).status_code == 429
    )


# --- finding 8 (sign-up half): the answer is the same whether or not the address exists -----


def _signup(client: Client, email: str) -> Any:
    return client.post(
        "/accounts/signup/",
        {"email": email, "password": "a-long-passphrase-42", "accept_privacy": "on"},
        follow=True,
    )


def test_sign_up_answers_the_same_for_known_and_new_addresses(henry: User) -> None:
    known = _signup(Client(), "Henry@example.org")
    new = _signup(Client(), "newcomer@example.org")
    assert known.status_code == new.status_code == 200
    assert known.redirect_chain == [("/accounts/signup/sent/", 302)]
    assert new.redirect_chain == known.redirect_chain

    def page(response: Any, email: str) -> str:  # the page without the address and CSRF tokens
        text = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'(CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', r"\1", text)

    assert page(known, "Henry@example.org") == page(new, "newcomer@example.org")
    assert "already" not in known.content.decode().lower()
    # the difference goes by e-mail, to the address's owner only
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "already has an account" in by_address[HENRY]
    assert "/accounts/signup/confirm/" in by_address["newcomer@example.org"]
    assert "/accounts/signup/confirm/" not in by_address[HENRY]
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_confirming_the_link_creates_the_account_once(world: World) -> None:
    client = Client()
    _signup(client, "Newcomer@Example.org")
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)
    assert link is not None
    page = client.get(link.group(1))
    assert (
        page.status_code == 200 and not User.objects.filter(email="newcomer@example.org").exists()
    )
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.check_password("a-long-passphrase-42") and user.consented_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    again = Client().post(link.group(1))
    assert again.status_code == 410
    assert Client().get("/accounts/signup/confirm/not-a-token/").status_code == 404


def test_expired_confirmation_link_is_refused(world: World) -> None:
    _signup(Client(), "late@example.org")
    PendingSignup.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)
    assert link is not None
    assert Client().post(link.group(1)).status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


# --- API tokens: expiry and revocation ------------------------------------------------------


def test_api_tokens_expire(henry: User, settings: Any) -> None:
    settings.API_TOKEN_TTL_DAYS = 30
    response = _token(Client(), HENRY, PASSWORD)
    assert response.status_code == 200, response.content
    issued = response.json()
    assert issued["expires_at"]
    api = Client(headers={"authorization": f"Token {issued['token']}"})
    assert api.get("/api/v1/me/").status_code == 200
    Token.objects.filter(key=issued["token"]).update(
        created=timezone.now() - datetime.timedelta(days=30, seconds=1)
    )
    expired = api.get("/api/v1/me/", headers={"accept-language": "en"})
    assert expired.status_code in (401, 403) and "expired" in expired.json()["message"]
    renewed = _token(Client(), HENRY, PASSWORD).json()
    assert renewed["token"] != issued["token"]


def test_api_token_is_revoked_from_the_account_page(world: World) -> None:
    bob = world.users["bob"]
    token = Token.objects.create(user=bob)
    api = Client(headers={"authorization": f"Token {token.key}"})
    assert api.get("/api/v1/me/").status_code == 200
    page = client_for(world, "enterprise_staff")
    assert "Revoke the API token" in page.get("/accounts/profile/").content.decode()
    assert page.post("/accounts/profile/token/revoke/").status_code == 302
    assert not Token.objects.filter(user=bob).exists()
    assert api.get("/api/v1/me/").status_code in (401, 403)
