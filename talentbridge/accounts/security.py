"""Account security: the normalized account key, cache-based rate limits, expiring API tokens.

* ``normalize_email`` is the one key of an account for lock-out and rate limits: stripped and
  case-folded, so ``Henry@…`` and `` henry@… `` are the same account (issue 13, finding 2).
* ``rate_limit`` counts attempts per account and per address in fixed windows in the
  ``ratelimit`` cache (``settings.RATE_LIMITS``); over the limit, ``RateLimited`` carries the
  seconds until the window ends (answered as 429 with ``Retry-After``).
* ``ExpiringTokenAuthentication``: API tokens expire ``API_TOKEN_TTL_DAYS`` after they were
  issued; revoked tokens are deleted.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def normalize_email(value: Any) -> str:
    """The account key: stripped and case-folded (``Henry@X.org `` → ``henry@x.org``)."""
    return str(value or "").strip().casefold()


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """``AXES_USERNAME_CALLABLE``: django-axes counts failures per normalized account, whatever
    the case or spacing of the address typed (HTML sign-in and ``POST /api/v1/auth/token/``)."""
    value: Any = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("username") or data.get("email") or ""
    return normalize_email(value)


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


# --- rate limits ----------------------------------------------------------------------------


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def _bucket_key(scope: str, kind: str, value: str, window: int, now: float) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"rl:{scope}:{kind}:{digest}:{int(now // window)}"


def rate_limit(scope: str, *, account: str = "", address: str = "") -> None:
    """Count one attempt of ``scope`` for the account and the address; raise ``RateLimited``
    when either is over its limit in the current window. Limits: ``settings.RATE_LIMITS[scope]
    = {"account": (attempts, seconds), "address": (attempts, seconds)}``."""
    limits = settings.RATE_LIMITS.get(scope, {})
    cache = caches[settings.RATE_LIMIT_CACHE]
    now = time.time()
    waits = []
    for kind, value in (("account", normalize_email(account)), ("address", address)):
        if not value or kind not in limits:
            continue
        attempts, window = limits[kind]
        key = _bucket_key(scope, kind, value, window, now)
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: start again
            cache.set(key, 1, timeout=window + 1)
            count = 1
        if count > attempts:
            waits.append(max(1, int(window - now % window)))
    if waits:
        raise RateLimited(retry_after=max(waits))


def rate_limited_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = max(1, -(-retry_after // 60))
    response = render(
        request,
        "accounts/rate_limited.html",
        {"retry_after": retry_after, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited_view(
    scope: str, *, account_field: str
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Count every POST of the wrapped view per account (``account_field`` of the form) and
    per address; answer 429 with ``Retry-After`` and a message in the request's language."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                try:
                    rate_limit(
                        scope,
                        account=request.POST.get(account_field, "")[:254],
                        address=client_address(request),
                    )
                except RateLimited as limited:
                    return rate_limited_response(request, limited.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


# --- API tokens -----------------------------------------------------------------------------


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_is_expired(token: Token) -> bool:
    return token_expires_at(token) <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …`` as DRF's, refused once the token is older than
    ``API_TOKEN_TTL_DAYS`` (the caller signs in again at ``/api/v1/auth/token/``)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise AuthenticationFailed(_("The API token has expired. Request a new one."))
        return user, token
