"""Services: rules, bad input (clear errors, nothing half-written) and the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from talentbridge.accounts.models import User
from talentbridge.community import services
from talentbridge.community.models import (
    CommunityMembership,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationMembership,
)
from talentbridge.core.errors import ApplicationError
from talentbridge.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ENTERPRISE = {"name_zh": "新企业", "kind": "enterprise", "credit_code": "91110000802100433B"}


def test_create_enterprise_makes_the_actor_admin_and_audits(world) -> None:
    bob = world.users["frank"]
    org = services.organization_create(actor=bob, data=ENTERPRISE)
    assert OrganizationMembership.objects.get(user=bob, organization=org).role == "admin"
    event = AuditEvent.objects.get(action="organization.create", object_id=str(org.pk))
    assert event.actor == bob and event.after["credit_code"] == "91110000802100433B"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**ENTERPRISE, "credit_code": "91110000802100433C"}, "credit_code"),
        ({**ENTERPRISE, "credit_code": ""}, "credit_code"),
        ({**ENTERPRISE, "name_zh": "名" * 200_000}, "name_zh"),
        ({**ENTERPRISE, "region_code": "999999"}, "region_code"),
        ({"name_zh": "学院", "kind": "college"}, "college_level"),
        ({**ENTERPRISE, "website": "not a url"}, "website"),
    ],
)
def test_bad_organization_input_names_the_field_and_writes_nothing(world, data, field) -> None:
    before = (Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as info:
        services.organization_create(actor=world.users["frank"], data=data)
    assert info.value.code == "invalid"
    assert field in info.value.fields
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_credit_code_is_a_conflict(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.organization_create(
            actor=world.users["frank"], data={**ENTERPRISE, "credit_code": "91350100M000100Y43"}
        )
    assert info.value.code == "conflict"


def test_update_records_only_changed_fields(world) -> None:
    services.organization_update(
        actor=world.users["college_admin"], organization=world.college, data={"name_en": "New"}
    )
    event = AuditEvent.objects.get(action="organization.update")
    assert event.before == {"name_en": "Test Design College"} and event.after == {"name_en": "New"}


def test_teacher_cannot_edit_the_college(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.organization_update(
            actor=world.users["teacher"], organization=world.college, data={"name_en": "X"}
        )
    assert info.value.code == "forbidden"


def test_last_admin_cannot_be_demoted_or_removed(world) -> None:
    alice_membership = OrganizationMembership.objects.get(
        user=world.users["college_admin"], organization=world.college
    )
    with pytest.raises(ApplicationError) as info:
        services.membership_change_role(
            actor=world.users["college_admin"], membership=alice_membership, role="teacher"
        )
    assert info.value.code == "conflict"
    with pytest.raises(ApplicationError):
        services.membership_remove(actor=world.users["college_admin"], membership=alice_membership)


def test_role_must_fit_the_kind_of_organization(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.invitation_create(
            actor=world.users["enterprise_staff"],
            organization=world.enterprise,
            email="x@example.org",
            role="student",
        )
    assert "role" in info.value.fields


def test_invitation_round_trip_sends_mail_and_creates_membership(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=world.users["college_admin"],
            organization=world.college,
            email="New.Student@Example.org",
            role="student",
        )
    assert len(mail.outbox) == 1 and invitation.token in mail.outbox[0].body
    newcomer = User.objects.create_user("new.student@example.org", "pw")
    membership = services.invitation_accept(actor=newcomer, invitation=invitation)
    assert membership.role == "student" and membership.organization == world.college
    with pytest.raises(ApplicationError) as info:
        services.invitation_accept(actor=newcomer, invitation=invitation)
    assert info.value.code == "gone"


def test_expired_invitation_is_refused_and_nothing_is_written(world) -> None:
    invitation = world.invitation
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    newcomer = User.objects.create_user("new@example.org", "pw")
    with pytest.raises(ApplicationError) as info:
        services.invitation_accept(actor=newcomer, invitation=invitation)
    assert info.value.code == "gone"
    with translation.override("en"):
        assert "expired" in str(info.value.message)
    with translation.override("zh-hans"):
        assert "过期" in str(info.value.message)
    assert not OrganizationMembership.objects.filter(user=newcomer).exists()


def test_invitation_for_another_email_is_refused(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.invitation_accept(actor=world.users["frank"], invitation=world.invitation)
    assert info.value.code == "forbidden"


def test_inviting_an_existing_member_is_a_conflict(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.invitation_create(
            actor=world.users["college_admin"],
            organization=world.college,
            email="CAROL@example.org",
            role="student",
        )
    assert info.value.code == "conflict"


def test_application_approval_creates_a_seat_with_the_chosen_tier(world) -> None:
    services.application_decide(
        actor=world.users["secretariat"], application=world.application, approve=True,
        tier="director",
    )  # fmt: skip
    seat = CommunityMembership.objects.get(
        community=world.community, organization=world.enterprise, status="active"
    )
    assert seat.tier == "director"
    assert AuditEvent.objects.filter(
        action="application.approve", community_id=world.community.pk
    ).exists()
    with pytest.raises(ApplicationError) as info:
        services.application_decide(
            actor=world.users["secretariat"], application=world.application, approve=True
        )
    assert info.value.code == "conflict"


def test_rejection_needs_a_reason(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.application_decide(
            actor=world.users["secretariat"], application=world.application, approve=False
        )
    assert "reason" in info.value.fields
    assert MembershipApplication.objects.get(pk=world.application.pk).status == "pending"


def test_duplicate_pending_application_is_a_conflict(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.application_submit(
            actor=world.users["enterprise_staff"],
            community=world.community,
            organization=world.enterprise,
        )
    assert info.value.code == "conflict"


def test_member_cannot_apply_twice(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.application_submit(
            actor=world.users["college_admin"], community=world.community,
            organization=world.college,
        )  # fmt: skip
    assert info.value.code == "conflict"


def test_tier_change_and_leaving_are_audited(world) -> None:
    services.seat_change_tier(
        actor=world.users["secretariat"], seat=world.seat, tier="vice_chair", reason="elected"
    )
    services.seat_leave(actor=world.users["college_admin"], seat=world.seat)
    world.seat.refresh_from_db()
    assert world.seat.status == "left" and world.seat.left_on is not None
    actions = list(
        AuditEvent.objects.filter(community_id=world.community.pk).values_list("action", flat=True)
    )
    assert "seat.change_tier" in actions and "seat.leave" in actions
    # leaving frees the seat: the college may apply again
    services.application_submit(
        actor=world.users["college_admin"], community=world.community, organization=world.college
    )


def test_student_cannot_change_tiers(world) -> None:
    with pytest.raises(ApplicationError) as info:
        services.seat_change_tier(actor=world.users["student"], seat=world.seat, tier="chair")
    assert info.value.code == "forbidden"
