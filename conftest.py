"""Shared fixtures: the persona world used by the authorization matrix and service tests."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from talentbridge.accounts.models import User
from talentbridge.community.models import (
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationMembership,
)
from talentbridge.taxonomy import vocabulary

# Property tests check answers, not speed: a per-example deadline only measures how busy the
# shared 2-core CI machine is (a salary example took 282 ms against the default 200 ms at load 20).
hypothesis_settings.register_profile("talentbridge", deadline=None)
hypothesis_settings.load_profile("talentbridge")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests read English unless they ask for Chinese (Accept-Language, the language cookie or
    # translation.override); the product default (zh-hans) has its own test.
    settings.LANGUAGE_CODE = "en"
    # Tests must not depend on a previous collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate-limit counters: a fresh in-memory cache per test (the product shares them in files).
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"ratelimit-{uuid.uuid4().hex}",
        },
    }
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_vocabulary() -> Iterator[None]:
    """Each test reads the skill vocabulary of its own database (the per-process snapshot
    of ``taxonomy.vocabulary`` would otherwise outlive the test's rolled-back data)."""
    vocabulary.reset()
    yield
    vocabulary.reset()


@dataclass
class World:
    """alice (college admin), tina (teacher), carol (student), bob (enterprise admin / HR),
    frank (enterprise staff), dave (government officer), erin (secretariat), root (superuser)."""

    college: Organization
    enterprise: Organization
    government: Organization
    community: Community
    users: dict[str, User]
    application: MembershipApplication
    invitation: Invitation
    seat: CommunityMembership
    membership: OrganizationMembership

    def user(self, role: str) -> User | None:
        return self.users.get(role)


ROLE_USERS = {
    "student": "carol",
    "teacher": "tina",
    "college_admin": "alice",
    "enterprise_staff": "bob",
    "government_officer": "dave",
    "secretariat": "erin",
    "superuser": "root",
}
ROLES = ("anonymous", *ROLE_USERS)


def make_world() -> World:
    college = Organization.objects.create(
        name_zh="测试设计职业学院", name_en="Test Design College", kind="college",
        college_level="higher_vocational", region_code="330782", school_code="4133000001",
    )  # fmt: skip
    enterprise = Organization.objects.create(
        name_zh="测试电商有限公司", name_en="Test E-commerce Ltd", kind="enterprise",
        region_code="330782", credit_code="91350100M000100Y43",
    )  # fmt: skip
    government = Organization.objects.create(
        name_zh="测试市教育局", name_en="Test Education Bureau", kind="government",
        region_code="330782",
    )  # fmt: skip
    secretariat_org = Organization.objects.create(
        name_zh="秘书处学院", name_en="Secretariat College", kind="college",
        college_level="higher_vocational", region_code="330100",
    )  # fmt: skip
    # The persona world's organizations are verified (ADR 0009); tests of unverified
    # organizations create their own.
    Organization.objects.filter(
        pk__in=[college.pk, enterprise.pk, government.pk, secretariat_org.pk]
    ).update(verification_status="verified")
    for org in (college, enterprise, government, secretariat_org):
        org.refresh_from_db()
    users = {
        name: User.objects.create_user(f"{name}@example.org", "pw-" + name, display_name=name)
        for name in ("alice", "tina", "carol", "bob", "frank", "dave", "erin")
    }
    users["root"] = User.objects.create_superuser("root@example.org", "pw-root")
    memberships = [
        (users["alice"], college, "admin"),
        (users["tina"], college, "teacher"),
        (users["carol"], college, "student"),
        (users["bob"], enterprise, "admin"),
        (users["frank"], enterprise, "staff"),
        (users["dave"], government, "officer"),
        (users["erin"], secretariat_org, "staff"),
    ]
    created = {
        u.email: OrganizationMembership.objects.create(user=u, organization=o, role=r)
        for u, o, r in memberships
    }
    community = Community.objects.create(
        slug="test-community", name_zh="测试共同体", name_en="Test Community", kind="community",
        secretariat=secretariat_org,
    )  # fmt: skip
    CommunityStaff.objects.create(community=community, user=users["erin"])
    today = datetime.date(2025, 1, 1)
    CommunityMembership.objects.create(
        community=community, organization=secretariat_org, tier="chair", joined_on=today
    )
    seat = CommunityMembership.objects.create(
        community=community, organization=college, tier="director", joined_on=today
    )
    application = MembershipApplication.objects.create(
        community=community, organization=enterprise, requested_tier="member",
        submitted_by=users["bob"],
    )  # fmt: skip
    invitation = Invitation.objects.create(
        organization=college, email="new@example.org", role="student", token="tok-123",
        invited_by=users["alice"],
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    return World(
        college=college,
        enterprise=enterprise,
        government=government,
        community=community,
        users={role: users[name] for role, name in ROLE_USERS.items()} | users,
        application=application,
        invitation=invitation,
        seat=seat,
        membership=created["carol@example.org"],
    )


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role], backend="talentbridge.accounts.backends.EmailBackend")
    return client
