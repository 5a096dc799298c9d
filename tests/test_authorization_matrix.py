"""Every URL pattern × every persona role → allowed or denied.

A URL pattern that has no entry in ``MATRIX`` fails ``test_every_url_is_in_the_matrix``, so a
new endpoint cannot ship without a decision about who may use it. "Allowed" means the request
was not refused (it may still be a 400 for the empty body we send); "denied" means 401/403/404
or, for HTML pages and anonymous users, a redirect to the sign-in page.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import ROLES, World, client_for
from talentbridge.accounts.models import PendingSignup

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
SU = frozenset({"superuser"})
COLLEGE_ADMIN = frozenset({"college_admin", "superuser"})
COLLEGE_VIEWERS = frozenset({"college_admin", "teacher", "superuser"})
SECRETARIAT = frozenset({"secretariat", "superuser"})
APPLICANT = frozenset({"enterprise_staff", "superuser"})

Kwargs = Callable[[World], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731
COLLEGE: Kwargs = lambda w: {"pk": w.college.pk}  # noqa: E731
COMMUNITY: Kwargs = lambda w: {"slug": w.community.slug}  # noqa: E731
APPLICATION: Kwargs = lambda w: {"pk": w.application.pk}  # noqa: E731
INVITATION: Kwargs = lambda w: {"pk": w.invitation.pk}  # noqa: E731
SEAT: Kwargs = lambda w: {"pk": w.seat.pk}  # noqa: E731
MEMBERSHIP: Kwargs = lambda w: {"pk": w.membership.pk}  # noqa: E731


def _pending_signup(w: World) -> dict[str, Any]:
    token = "matrix-signup-token"
    PendingSignup.objects.create(
        email="pending@example.org",
        password="!",
        token_sha256=hashlib.sha256(token.encode()).hexdigest(),
        consented_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return {"token": token}


def _college_with_evidence(w: World) -> dict[str, Any]:
    if not w.college.evidence:
        w.college.evidence.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"pk": w.college.pk}


# url name -> (kwargs builder, {method: roles allowed})
MATRIX: dict[str, tuple[Kwargs, dict[str, frozenset[str]]]] = {
    # pages
    "home": (NONE, {"get": ALL}),
    "core:healthz": (NONE, {"get": ALL}),
    "set_language": (NONE, {"post": ALL}),
    "javascript-catalog": (NONE, {"get": ALL}),
    "accounts:login": (NONE, {"get": ALL}),
    "accounts:logout": (NONE, {"post": ALL}),
    "accounts:signup": (NONE, {"get": ALL, "post": ALL}),
    "accounts:signup-sent": (NONE, {"get": ALL}),
    "accounts:signup-confirm": (_pending_signup, {"get": ALL, "post": ALL}),
    "accounts:token-revoke": (NONE, {"post": SIGNED_IN}),
    "accounts:profile": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "accounts:password-reset": (NONE, {"get": ALL}),
    "accounts:password-reset-done": (NONE, {"get": ALL}),
    "accounts:password-reset-confirm": (
        lambda w: {"uidb64": "MQ", "token": "set-password"},
        {"get": ALL},
    ),
    "accounts:password-reset-complete": (NONE, {"get": ALL}),
    "community:org-list": (NONE, {"get": ALL}),
    "community:org-create": (NONE, {"get": SIGNED_IN}),
    "community:org-detail": (COLLEGE, {"get": ALL}),
    "community:org-edit": (COLLEGE, {"get": COLLEGE_ADMIN, "post": COLLEGE_ADMIN}),
    "community:org-members": (COLLEGE, {"get": COLLEGE_VIEWERS}),
    "community:org-invitations": (COLLEGE, {"get": COLLEGE_ADMIN, "post": COLLEGE_ADMIN}),
    "community:org-audit": (COLLEGE, {"get": COLLEGE_ADMIN}),
    "community:org-verification": (COLLEGE, {"get": COLLEGE_ADMIN, "post": COLLEGE_ADMIN}),
    "community:org-evidence": (_college_with_evidence, {"get": COLLEGE_ADMIN}),
    "community:membership-update": (MEMBERSHIP, {"post": COLLEGE_ADMIN}),
    "community:invitation-revoke": (INVITATION, {"post": COLLEGE_ADMIN}),
    "community:invitation-accept": (
        lambda w: {"token": w.invitation.token}, {"get": ALL, "post": SIGNED_IN},
    ),
    "community:community-list": (NONE, {"get": ALL}),
    "community:community-detail": (COMMUNITY, {"get": ALL}),
    "community:community-apply": (COMMUNITY, {"get": SIGNED_IN}),
    "community:community-manage": (COMMUNITY, {"get": SECRETARIAT}),
    "community:community-audit": (COMMUNITY, {"get": SECRETARIAT}),
    "community:application-decide": (APPLICATION, {"post": SECRETARIAT}),
    "community:application-withdraw": (APPLICATION, {"post": APPLICANT}),
    "community:seat-update": (SEAT, {"post": SECRETARIAT}),
    # API
    "api-schema": (NONE, {"get": ALL}),
    "api-docs": (NONE, {"get": ALL}),
    "api-redoc": (NONE, {"get": ALL}),
    "api-me": (NONE, {"get": SIGNED_IN, "patch": SIGNED_IN}),
    "api-token": (NONE, {"post": ALL}),
    "api-regions": (NONE, {"get": ALL}),
    "api-org-list": (NONE, {"get": ALL, "post": SIGNED_IN}),
    "api-org-detail": (COLLEGE, {"get": ALL, "patch": COLLEGE_ADMIN}),
    "api-org-members": (COLLEGE, {"get": COLLEGE_VIEWERS}),
    "api-org-invitations": (COLLEGE, {"get": COLLEGE_ADMIN, "post": COLLEGE_ADMIN}),
    "api-org-audit": (COLLEGE, {"get": COLLEGE_ADMIN}),
    "api-org-verification": (COLLEGE, {"get": COLLEGE_ADMIN, "post": COLLEGE_ADMIN}),
    "api-membership": (MEMBERSHIP, {"patch": COLLEGE_ADMIN, "delete": COLLEGE_ADMIN | {"student"}}),
    "api-invitation-revoke": (INVITATION, {"post": COLLEGE_ADMIN}),
    "api-invitation-accept": (NONE, {"post": SIGNED_IN}),
    "api-community-list": (NONE, {"get": ALL}),
    "api-community-detail": (COMMUNITY, {"get": ALL}),
    "api-community-members": (COMMUNITY, {"get": ALL}),
    "api-community-applications": (COMMUNITY, {"get": SECRETARIAT, "post": SIGNED_IN}),
    "api-community-audit": (COMMUNITY, {"get": SECRETARIAT}),
    "api-application": (APPLICATION, {"get": SECRETARIAT | APPLICANT}),
    "api-application-decide": (APPLICATION, {"post": SECRETARIAT}),
    "api-application-withdraw": (APPLICATION, {"post": APPLICANT}),
    "api-seat": (SEAT, {"patch": SECRETARIAT}),
    "api-seat-leave": (SEAT, {"post": SECRETARIAT | {"college_admin"}}),
    "api-seat-trust": (SEAT, {"post": SECRETARIAT}),
}  # fmt: skip


def _collect_app_matrices() -> None:
    """Each app may declare its own entries in ``talentbridge/<app>/tests/authz.py`` as
    ``MATRIX = {url_name: (kwargs_builder, {method: allowed_roles})}``."""
    for config in apps.get_app_configs():
        if not config.name.startswith("talentbridge."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.authz")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        overlap = set(module.MATRIX) & set(MATRIX)
        assert not overlap, f"URL names declared twice in the matrix: {overlap}"
        MATRIX.update(module.MATRIX)


_collect_app_matrices()


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def _admin_url_names() -> list[str]:
    names = ["admin:index"]
    for model in admin.site._registry:
        names.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return names


def test_every_url_is_in_the_matrix() -> None:
    missing = sorted(n for n in _all_url_names() if n not in MATRIX and not n.startswith("admin:"))
    assert not missing, f"URL patterns without an authorization matrix entry: {missing}"


def _is_api(name: str) -> bool:
    return name.startswith("api-")


def _denied(name: str, role: str, response: Any) -> bool:
    status = response.status_code
    if status in (401, 403, 404):
        return True
    if status == 302 and not _is_api(name):
        location = response.headers.get("Location", "")
        return "/accounts/login/" in location or "/admin/login/" in location
    return False


CASES = [
    pytest.param(name, method, role, id=f"{name}-{method}-{role}")
    for name, (_, methods) in MATRIX.items()
    for method in methods
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_matrix(world: World, name: str, method: str, role: str) -> None:
    kwargs_for, methods = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world))
    client = client_for(world, role)
    call = getattr(client, method)
    response = call(url, content_type="application/json") if _is_api(name) else call(url)
    assert response.status_code < 500, response.content[:500]
    expected_allowed = role in methods[method]
    assert _denied(name, role, response) is not expected_allowed, (
        f"{method.upper()} {url} as {role}: status {response.status_code}, "
        f"expected {'allowed' if expected_allowed else 'denied'}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_operators_only(world: World, role: str) -> None:
    client = client_for(world, role)
    for name in _admin_url_names():
        response = client.get(reverse(name))
        assert response.status_code < 500
        denied = response.status_code == 302 and "/admin/login/" in response.headers["Location"]
        assert denied is (role != "superuser"), (name, role, response.status_code)
