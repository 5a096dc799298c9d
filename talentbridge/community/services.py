"""Writes for organizations, memberships, invitations and communities.

Every service: keyword-only arguments, checks the gatekeeper, validates, writes inside
``transaction.atomic()``, records an audit event, and sends mail with ``on_commit``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from talentbridge.community.models import (
    ROLES_ACTING_ON_OTHERS,
    ROLES_BY_KIND,
    ApplicationStatus,
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    MembershipStatus,
    Organization,
    OrganizationKind,
    OrganizationMembership,
    OrgRole,
    Tier,
    VerificationStatus,
)
from talentbridge.community.permissions import (
    Action,
    access_application,
    access_community,
    access_invitation,
    access_membership,
    access_organization,
    access_seat,
    can_create_organization,
)
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.regions import table as regions
from talentbridge.core.services import audit_record, snapshot, validate_instance
from talentbridge.core.uploads import sniff
from talentbridge.core.validators import normalize_uscc, validate_uscc

ORG_FIELDS = (
    "name_zh",
    "name_en",
    "kind",
    "college_level",
    "credit_code",
    "school_code",
    "region_code",
    "website",
    "description_zh",
    "description_en",
    "is_active",
)
EDITABLE_ORG_FIELDS = frozenset(ORG_FIELDS) - {"kind", "is_active"}
SEAT_FIELDS = ("tier", "status", "joined_on", "left_on")
# Changing any of these undoes a verification: the evidence was checked against them.
IDENTITY_FIELDS = frozenset({"name_zh", "credit_code", "school_code", "region_code"})
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = frozenset({"pdf", "png", "jpg"})  # as core.uploads.sniff names them


# --- Organizations --------------------------------------------------------------------------


def _check_org_rules(org: Organization) -> None:
    """Rules that depend on the kind of organization (on top of field validation)."""
    errors: dict[str, list[Any]] = {}
    org.credit_code = normalize_uscc(org.credit_code)
    needs_credit_code = org.kind in (OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION)
    if needs_credit_code and not org.credit_code:
        errors["credit_code"] = [
            _("Enterprises and associations must give their unified social credit code.")
        ]
    if org.credit_code:
        try:
            validate_uscc(org.credit_code)
        except ValidationError as exc:
            errors["credit_code"] = list(exc.messages)
    if org.kind == OrganizationKind.COLLEGE and not org.college_level:
        errors["college_level"] = [_("Choose the level of the college.")]
    if org.kind != OrganizationKind.COLLEGE:
        org.college_level = ""
        org.school_code = ""
    if org.school_code and not (org.school_code.isdigit() and len(org.school_code) == 10):
        errors["school_code"] = [_("A school identifier (学校标识码) is 10 digits.")]
    if org.region_code and regions.get(org.region_code) is None:
        errors["region_code"] = [_("Unknown administrative division code.")]
    if not org.name_zh.strip():
        errors["name_zh"] = [_("The Chinese name is required.")]
    if errors:
        raise ApplicationError("invalid", _("Please correct the errors below."), fields=errors)
    _check_unique_codes(org)


def _check_unique_codes(org: Organization) -> None:
    others = Organization.objects.exclude(pk=org.pk)
    if org.credit_code and others.filter(credit_code=org.credit_code).exists():
        raise ApplicationError(
            "conflict",
            _("An organization with this unified social credit code is already registered."),
            fields={"credit_code": [_("Already registered.")]},
        )
    if org.school_code and others.filter(school_code=org.school_code).exists():
        raise ApplicationError(
            "conflict",
            _("A college with this school identifier is already registered."),
            fields={"school_code": [_("Already registered.")]},
        )


def organization_create(*, actor: Any, data: dict[str, Any]) -> Organization:
    """Register an organization; the actor becomes its first admin.

    Every new organization starts unverified, except a government body: only platform
    operators create those, and their creation is the verification (ADR 0009)."""
    can_create_organization(actor, str(data.get("kind", "")))
    unknown = set(data) - set(ORG_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("Unknown field."))
    org = Organization(**{k: v for k, v in data.items() if k != "is_active"})
    _check_org_rules(org)
    validate_instance(org)
    if org.kind == OrganizationKind.GOVERNMENT:
        org.verification_status = VerificationStatus.VERIFIED
        org.verified_at = timezone.now()
        org.verified_by = actor
        org.verification_note = "registered by a platform operator"
    with transaction.atomic():
        org.save()
        OrganizationMembership.objects.create(user=actor, organization=org, role=OrgRole.ADMIN)
        audit_record(
            actor=actor,
            action="organization.create",
            obj=org,
            after=snapshot(org, ORG_FIELDS),
            organization_id=org.pk,
        )
    return org


def organization_update(
    *, actor: Any, organization: Organization, data: dict[str, Any]
) -> Organization:
    access_organization(actor, organization, Action.EDIT)
    unknown = set(data) - EDITABLE_ORG_FIELDS
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be changed."))
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = snapshot(org, ORG_FIELDS)
        for key, value in data.items():
            setattr(org, key, value)
        _check_org_rules(org)
        validate_instance(org)
        after = snapshot(org, ORG_FIELDS)
        changed = {k for k in after if before[k] != after[k]}
        if changed & IDENTITY_FIELDS and org.verification_status != VerificationStatus.UNVERIFIED:
            # The evidence was checked against the old identity: check it again.
            before["verification_status"] = org.verification_status
            after["verification_status"] = VerificationStatus.UNVERIFIED
            changed.add("verification_status")
            _reset_verification(org)
        org.save()
        if changed:
            audit_record(
                actor=actor,
                action="organization.update",
                obj=org,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                organization_id=org.pk,
            )
    return org


def _check_role_fits(organization: Organization, role: str) -> None:
    if role not in OrgRole.values:
        raise invalid("role", _("Unknown role."))
    if role not in ROLES_BY_KIND[organization.kind]:
        raise invalid(
            "role",
            _("The role “%(role)s” does not exist in this type of organization.")
            % {"role": OrgRole(role).label},
        )
    if role in ROLES_ACTING_ON_OTHERS and not organization.is_verified:
        raise invalid(
            "role",
            _(
                "The role “%(role)s” acts on other organizations: "
                "it exists only in verified organizations."
            )
            % {"role": OrgRole(role).label},
        )


# --- Verification (ADR 0009) ----------------------------------------------------------------


def _reset_verification(org: Organization) -> None:
    org.verification_status = VerificationStatus.UNVERIFIED
    org.verified_at = None
    org.verified_by = None


def _sniff_evidence(upload: Any) -> tuple[str, str]:
    size = getattr(upload, "size", None) or 0
    if size > EVIDENCE_MAX_BYTES:
        raise invalid("evidence", _("The file is too large (at most 10 MB)."))
    if size == 0:
        raise invalid("evidence", _("The file is empty."))
    upload.seek(0)
    kind = sniff(upload.read(4096))
    upload.seek(0)
    if kind is not None and kind.extension in EVIDENCE_EXTENSIONS:
        return kind.content_type, kind.extension
    raise invalid("evidence", _("Upload the licence or certificate as a PDF, PNG or JPEG file."))


def organization_submit_evidence(
    *, actor: Any, organization: Organization, upload: Any
) -> Organization:
    """The organization's admin uploads its business licence or institution certificate; the
    organization waits for an operator's review. The stored name and type come from the
    file's content, never from the uploader."""
    access_organization(actor, organization, Action.SUBMIT_EVIDENCE)
    if organization.kind == OrganizationKind.GOVERNMENT:
        raise ApplicationError(
            "conflict", _("Government bodies are verified by the operators who register them.")
        )
    content_type, extension = _sniff_evidence(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    field = Organization._meta.get_field("evidence")
    name = timezone.now().strftime("verification/%Y/%m/") + f"{uuid.uuid4().hex}.{extension}"
    stored = field.storage.save(name, File(upload))
    try:
        with transaction.atomic():
            org = Organization.objects.select_for_update().get(pk=organization.pk)
            if org.is_verified:
                raise ApplicationError("conflict", _("This organization is already verified."))
            old_file = org.evidence.name if org.evidence else ""
            org.evidence.name = stored
            org.evidence_content_type = content_type
            org.evidence_sha256 = digest.hexdigest()
            org.evidence_submitted_at = timezone.now()
            org.evidence_submitted_by = actor
            before = org.verification_status
            org.verification_status = VerificationStatus.PENDING
            org.verification_note = ""
            org.save()
            audit_record(
                actor=actor,
                action="organization.submit_evidence",
                obj=org,
                before={"verification_status": before},
                after={
                    "verification_status": org.verification_status,
                    "sha256": org.evidence_sha256,
                },
                organization_id=org.pk,
            )
            if old_file:
                transaction.on_commit(lambda: field.storage.delete(old_file))
    except BaseException:
        field.storage.delete(stored)
        raise
    return org


def verification_problems(org: Organization) -> list[str]:
    """What is missing before an operator may verify ``org`` (empty: nothing)."""
    problems = []
    if org.kind == OrganizationKind.COLLEGE and not org.school_code:
        problems.append(str(_("a college needs its school identifier (学校标识码)")))
    needs_credit_code = org.kind not in (OrganizationKind.COLLEGE, OrganizationKind.GOVERNMENT)
    if needs_credit_code and not org.credit_code:
        problems.append(str(_("the unified social credit code is missing")))
    if org.kind != OrganizationKind.GOVERNMENT and not org.evidence:
        problems.append(str(_("no licence or certificate has been uploaded")))
    return problems


def organization_verify(*, actor: Any, organization: Organization, note: str = "") -> Organization:
    """A platform operator verifies the organization against its evidence."""
    access_organization(actor, organization, Action.VERIFY)
    if len(note) > 2000:
        raise invalid("note", _("The note is too long (at most 2,000 characters)."))
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        problems = verification_problems(org)
        if problems:
            raise ApplicationError(
                "conflict",
                _("This organization cannot be verified yet: %(problems)s.")
                % {"problems": "; ".join(problems)},
            )
        before = org.verification_status
        org.verification_status = VerificationStatus.VERIFIED
        org.verified_at = timezone.now()
        org.verified_by = actor
        org.verification_note = note.strip()
        org.save()
        audit_record(
            actor=actor,
            action="organization.verify",
            obj=org,
            before={"verification_status": before},
            after={"verification_status": org.verification_status, "note": org.verification_note},
            organization_id=org.pk,
        )
    return org


def organization_refuse_verification(
    *, actor: Any, organization: Organization, reason: str
) -> Organization:
    """A platform operator refuses (or withdraws) a verification, with a reason the
    organization's admins see."""
    access_organization(actor, organization, Action.VERIFY)
    if not reason.strip():
        raise invalid("reason", _("Give a reason when you refuse a verification."))
    if len(reason) > 2000:
        raise invalid("reason", _("The reason is too long (at most 2,000 characters)."))
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = org.verification_status
        _reset_verification(org)
        org.verification_status = VerificationStatus.REJECTED
        org.verification_note = reason.strip()
        org.save()
        audit_record(
            actor=actor,
            action="organization.refuse_verification",
            obj=org,
            before={"verification_status": before},
            after={"verification_status": org.verification_status, "reason": reason.strip()},
            organization_id=org.pk,
        )
    return org


def membership_change_role(
    *, actor: Any, membership: OrganizationMembership, role: str
) -> OrganizationMembership:
    access_membership(actor, membership, Action.MANAGE_MEMBERS)
    _check_role_fits(membership.organization, role)
    with transaction.atomic():
        locked = OrganizationMembership.objects.select_for_update().get(pk=membership.pk)
        before = locked.role
        if before == OrgRole.ADMIN and role != OrgRole.ADMIN:
            _ensure_another_admin(locked)
        locked.role = role
        locked.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=actor,
            action="membership.change_role",
            obj=locked,
            before={"role": before},
            after={"role": role},
            organization_id=locked.organization_id,
        )
    return locked


def _ensure_another_admin(membership: OrganizationMembership) -> None:
    admins = OrganizationMembership.objects.filter(
        organization_id=membership.organization_id, role=OrgRole.ADMIN
    ).exclude(pk=membership.pk)
    if not admins.exists():
        raise ApplicationError("conflict", _("An organization must keep at least one admin."))


def membership_remove(*, actor: Any, membership: OrganizationMembership) -> None:
    action = (
        Action.WITHDRAW
        if membership.user_id == getattr(actor, "pk", None)
        else (Action.MANAGE_MEMBERS)
    )
    access_membership(actor, membership, action)
    with transaction.atomic():
        locked = OrganizationMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.role == OrgRole.ADMIN:
            _ensure_another_admin(locked)
        audit_record(
            actor=actor,
            action="membership.remove",
            obj=locked,
            before={"user": str(locked.user_id), "role": locked.role},
            organization_id=locked.organization_id,
        )
        locked.delete()


# --- Invitations ----------------------------------------------------------------------------


def invitation_create(
    *, actor: Any, organization: Organization, email: str, role: str
) -> Invitation:
    access_organization(actor, organization, Action.MANAGE_MEMBERS)
    _check_role_fits(organization, role)
    email = (email or "").strip().lower()
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    validate_instance(invitation, exclude=["token", "invited_by"])
    if OrganizationMembership.objects.filter(
        organization=organization, user__email__iexact=email
    ).exists():
        raise ApplicationError(
            "conflict",
            _("This person is already a member of the organization."),
            fields={"email": [_("Already a member.")]},
        )
    with transaction.atomic():
        invitation.save()
        audit_record(
            actor=actor,
            action="invitation.create",
            obj=invitation,
            after={"email": email, "role": role},
            organization_id=organization.pk,
        )
        transaction.on_commit(lambda: _send_invitation_mail(invitation))
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "community:invitation-accept", kwargs={"token": invitation.token}
    )


def _send_invitation_mail(invitation: Invitation) -> None:
    lines = []
    for lang in ("zh-hans", "en"):
        with override(lang):
            lines.append(
                str(
                    _(
                        "You have been invited to join %(org)s on talentbridge as %(role)s. "
                        "Open this link to accept (valid until %(date)s): %(url)s"
                    )
                    % {
                        "org": invitation.organization.name,
                        "role": OrgRole(invitation.role).label,
                        "date": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d"),
                        "url": invitation_url(invitation),
                    }
                )
            )
    with override("zh-hans"):
        subject = str(_("Invitation to talentbridge"))
    send_mail(subject, "\n\n".join(lines), None, [invitation.email])


def invitation_check_usable(invitation: Invitation) -> None:
    if invitation.revoked_at is not None:
        raise ApplicationError("gone", _("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise ApplicationError("gone", _("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            "gone", _("This invitation has expired. Ask the organization for a new one.")
        )


def invitation_accept(*, actor: Any, invitation: Invitation) -> OrganizationMembership:
    """The signed-in actor accepts; their e-mail must be the invited one."""
    access_invitation(actor, invitation, Action.ACCEPT)
    from talentbridge.community.permissions import require_login

    require_login(actor)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation_check_usable(locked)
        if actor.email.lower() != locked.email.lower():
            raise ApplicationError(
                "forbidden",
                _("This invitation was sent to another e-mail address (%(email)s).")
                % {"email": locked.email},
            )
        if OrganizationMembership.objects.filter(
            user=actor, organization_id=locked.organization_id
        ).exists():
            raise ApplicationError("conflict", _("You are already a member of this organization."))
        _check_role_fits(locked.organization, locked.role)
        membership = OrganizationMembership.objects.create(
            user=actor, organization_id=locked.organization_id, role=locked.role
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = actor
        locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(
            actor=actor,
            action="invitation.accept",
            obj=locked,
            after={"role": locked.role},
            organization_id=locked.organization_id,
        )
    return membership


def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    access_invitation(actor, invitation, Action.REVOKE)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at or locked.revoked_at:
            raise ApplicationError("conflict", _("This invitation can no longer be withdrawn."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="invitation.revoke",
            obj=locked,
            organization_id=locked.organization_id,
        )
    return locked


# --- Communities ----------------------------------------------------------------------------


def _tier_value(tier: str) -> str:
    if tier not in Tier.values:
        raise invalid("tier", _("Unknown tier."))
    return tier


def application_submit(
    *,
    actor: Any,
    community: Community,
    organization: Organization,
    requested_tier: str = Tier.MEMBER,
    statement: str = "",
) -> MembershipApplication:
    access_community(actor, community, Action.VIEW)
    access_organization(actor, organization, Action.APPLY)
    _tier_value(requested_tier)
    if len(statement) > 5000:
        raise invalid("statement", _("The statement is too long (at most 5,000 characters)."))
    if CommunityMembership.objects.filter(
        community=community, organization=organization, status=MembershipStatus.ACTIVE
    ).exists():
        raise ApplicationError(
            "conflict", _("This organization is already a member of the community.")
        )
    application = MembershipApplication(
        community=community,
        organization=organization,
        requested_tier=requested_tier,
        statement=statement,
        submitted_by=actor,
    )
    try:
        with transaction.atomic():
            application.save()
            audit_record(
                actor=actor,
                action="application.submit",
                obj=application,
                after={"tier": requested_tier},
                organization_id=organization.pk,
                community_id=community.pk,
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "conflict", _("This organization already has an application under review.")
        ) from exc
    return application


def application_decide(
    *,
    actor: Any,
    application: MembershipApplication,
    approve: bool,
    reason: str = "",
    tier: str | None = None,
) -> MembershipApplication:
    access_application(actor, application, Action.DECIDE)
    if not approve and not reason.strip():
        raise invalid("reason", _("Give a reason when you reject an application."))
    if len(reason) > 2000:
        raise invalid("reason", _("The reason is too long (at most 2,000 characters)."))
    with transaction.atomic():
        locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.PENDING:
            raise ApplicationError("conflict", _("This application has already been decided."))
        locked.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason.strip()
        locked.save()
        if approve:
            seat_tier = _tier_value(tier or locked.requested_tier)
            if CommunityMembership.objects.filter(
                community_id=locked.community_id,
                organization_id=locked.organization_id,
                status=MembershipStatus.ACTIVE,
            ).exists():
                raise ApplicationError(
                    "conflict", _("This organization is already a member of the community.")
                )
            CommunityMembership.objects.create(
                community_id=locked.community_id,
                organization_id=locked.organization_id,
                tier=seat_tier,
                joined_on=timezone.localdate(),
            )
        audit_record(
            actor=actor,
            action="application.approve" if approve else "application.reject",
            obj=locked,
            before={"status": ApplicationStatus.PENDING},
            after={"status": locked.status, "reason": locked.decision_reason},
            organization_id=locked.organization_id,
            community_id=locked.community_id,
        )
    return locked


def application_withdraw(
    *, actor: Any, application: MembershipApplication
) -> MembershipApplication:
    access_application(actor, application, Action.WITHDRAW)
    with transaction.atomic():
        locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.PENDING:
            raise ApplicationError("conflict", _("This application has already been decided."))
        locked.status = ApplicationStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="application.withdraw",
            obj=locked,
            organization_id=locked.organization_id,
            community_id=locked.community_id,
        )
    return locked


def seat_change_tier(
    *, actor: Any, seat: CommunityMembership, tier: str, reason: str = ""
) -> CommunityMembership:
    access_seat(actor, seat, Action.MANAGE)
    _tier_value(tier)
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=seat.pk)
        if locked.status != MembershipStatus.ACTIVE:
            raise ApplicationError("conflict", _("This organization has left the community."))
        before = locked.tier
        locked.tier = tier
        locked.save(update_fields=["tier", "updated_at"])
        audit_record(
            actor=actor,
            action="seat.change_tier",
            obj=locked,
            before={"tier": before},
            after={"tier": tier, "reason": reason},
            organization_id=locked.organization_id,
            community_id=locked.community_id,
        )
    return locked


def seat_leave(*, actor: Any, seat: CommunityMembership, reason: str = "") -> CommunityMembership:
    """An organization leaves (its admin) or is removed (secretariat)."""
    access_seat(actor, seat, Action.WITHDRAW)
    if seat.community.secretariat_id == seat.organization_id:
        raise ApplicationError(
            "conflict", _("The secretariat's own organization cannot leave the community.")
        )
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=seat.pk)
        if locked.status != MembershipStatus.ACTIVE:
            raise ApplicationError("conflict", _("This organization has already left."))
        before = snapshot(locked, SEAT_FIELDS)
        locked.status = MembershipStatus.LEFT
        locked.left_on = timezone.localdate()
        locked.save(update_fields=["status", "left_on", "updated_at"])
        audit_record(
            actor=actor,
            action="seat.leave",
            obj=locked,
            before=before,
            after={**snapshot(locked, SEAT_FIELDS), "reason": reason},
            organization_id=locked.organization_id,
            community_id=locked.community_id,
        )
    return locked


def seat_set_trust(*, actor: Any, seat: CommunityMembership, trusted: bool) -> CommunityMembership:
    """The secretariat grants (or withdraws) community-level trust: the seat's organization
    counts in this community's figures even before the platform verifies it."""
    access_seat(actor, seat, Action.TRUST)
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=seat.pk)
        if locked.status != MembershipStatus.ACTIVE:
            raise ApplicationError("conflict", _("This organization has left the community."))
        before = locked.trusted_at is not None
        if before != trusted:
            locked.trusted_at = timezone.now() if trusted else None
            locked.trusted_by = actor if trusted else None
            locked.save(update_fields=["trusted_at", "trusted_by", "updated_at"])
            audit_record(
                actor=actor,
                action="seat.trust" if trusted else "seat.distrust",
                obj=locked,
                before={"trusted": before},
                after={"trusted": trusted},
                organization_id=locked.organization_id,
                community_id=locked.community_id,
            )
    return locked


def community_add_staff(*, actor: Any, community: Community, user: Any) -> CommunityStaff:
    access_community(actor, community, Action.MANAGE)
    with transaction.atomic():
        staff, created = CommunityStaff.objects.get_or_create(community=community, user=user)
        if created:
            audit_record(
                actor=actor,
                action="community.add_staff",
                obj=staff,
                after={"user": str(user.pk)},
                community_id=community.pk,
            )
    return staff
