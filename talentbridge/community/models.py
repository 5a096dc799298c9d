"""Organizations, their members, invitations, and communities (共同体/联盟/专业委员会)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentbridge.core.i18n import localized
from talentbridge.core.models import TimeStampedModel


class OrganizationKind(models.TextChoices):
    COLLEGE = "college", _("College")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT = "government", _("Government department")
    ASSOCIATION = "association", _("Industry association / alliance")
    RESEARCH = "research", _("Research institute")


class CollegeLevel(models.TextChoices):
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational (中职)")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational (高职)")
    UNDERGRADUATE = "undergraduate", _("Undergraduate (本科)")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    PENDING = "pending", _("Evidence submitted, awaiting review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Verification refused")


class Organization(TimeStampedModel):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganizationKind.choices)
    college_level = models.CharField(
        _("college level"), max_length=24, choices=CollegeLevel.choices, blank=True
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, default=""
    )
    school_code = models.CharField(_("school identifier"), max_length=10, blank=True, default="")
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    is_active = models.BooleanField(_("active"), default=True)
    # Verification (ADR 0009): an organization is what it says it is only once a platform
    # operator has checked its evidence. Unverified organizations work in their own space but
    # contribute nothing to shared figures and hold no role that acts on others.
    verification_status = models.CharField(
        _("verification"),
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_note = models.TextField(_("verification note"), blank=True, max_length=2000)
    evidence = models.FileField(
        _("evidence (business licence / institution certificate)"),
        upload_to="verification/%Y/%m/",
        blank=True,
    )
    evidence_content_type = models.CharField(max_length=100, blank=True, editable=False)
    evidence_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    evidence_submitted_at = models.DateTimeField(
        _("evidence submitted at"), null=True, blank=True, editable=False
    )
    evidence_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evidence submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="org_credit_code_unique"
            ),
            models.UniqueConstraint(
                fields=["school_code"], condition=~Q(school_code=""), name="org_school_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        return localized(self.description_zh, self.description_en)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class OrgRole(models.TextChoices):
    ADMIN = "admin", _("Organization admin")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Enterprise staff / mentor")
    OFFICER = "officer", _("Government officer")


# Roles that act on other organizations' data: held only in verified organizations.
ROLES_ACTING_ON_OTHERS: frozenset[str] = frozenset({OrgRole.OFFICER})


# Which roles make sense in which kind of organization.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganizationKind.COLLEGE: (OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STUDENT),
    OrganizationKind.ENTERPRISE: (OrgRole.ADMIN, OrgRole.STAFF),
    OrganizationKind.GOVERNMENT: (OrgRole.ADMIN, OrgRole.OFFICER),
    OrganizationKind.ASSOCIATION: (OrgRole.ADMIN, OrgRole.STAFF),
    OrganizationKind.RESEARCH: (OrgRole.ADMIN, OrgRole.STAFF),
}


class OrganizationMembership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        ordering = ["organization__name_zh", "role"]
        verbose_name = _("organization membership")
        verbose_name_plural = _("organization memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class CommunityKind(models.TextChoices):
    COMMUNITY = "community", _("Industry–education community (共同体)")
    ALLIANCE = "alliance", _("Alliance (联盟)")
    COMMITTEE = "committee", _("Committee (专业委员会)")


class Community(TimeStampedModel):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=CommunityKind.choices)
    secretariat = models.ForeignKey(
        Organization,
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        related_name="secretariat_of",
    )
    guiding_unit = models.ForeignKey(
        Organization,
        verbose_name=_("guiding unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
    )
    region_code = models.CharField(_("region"), max_length=6, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    is_public = models.BooleanField(_("listed in the public directory"), default=True)

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        return localized(self.description_zh, self.description_en)


class Tier(models.TextChoices):
    CHAIR = "chair", _("Chair unit (理事长单位)")
    VICE_CHAIR = "vice_chair", _("Vice-chair unit (副理事长单位)")
    EXECUTIVE_DIRECTOR = "executive_director", _("Executive director unit (常务理事单位)")
    DIRECTOR = "director", _("Director unit (理事单位)")
    MEMBER = "member", _("Member unit (成员单位)")


TIER_ORDER = {t.value: i for i, t in enumerate(Tier)}


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class CommunityMembership(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="community_memberships"
    )
    tier = models.CharField(_("tier"), max_length=24, choices=Tier.choices, default=Tier.MEMBER)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Community-level trust granted by the secretariat: the seat counts in this community's
    # figures even while the organization is not verified by the platform.
    trusted_at = models.DateTimeField(_("trusted by the secretariat at"), null=True, blank=True)
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trusted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["community", "organization__name_zh"]
        verbose_name = _("community membership")
        verbose_name_plural = _("community memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organization"],
                condition=Q(status="active"),
                name="one_active_seat_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.community} ({self.get_tier_display()})"

    @property
    def is_trusted(self) -> bool:
        """Counts in the community's figures: verified by the platform or trusted by the
        community's secretariat."""
        return self.trusted_at is not None or self.organization.is_verified


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipApplication(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="applications")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="community_applications"
    )
    requested_tier = models.CharField(
        _("requested tier"), max_length=24, choices=Tier.choices, default=Tier.MEMBER
    )
    statement = models.TextField(_("statement"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organization"],
                condition=Q(status="pending"),
                name="one_pending_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.community}"


class CommunityStaff(TimeStampedModel):
    """A person who operates a community for its secretariat (秘书处工作人员)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_roles"
    )

    class Meta:
        verbose_name = _("secretariat staff")
        verbose_name_plural = _("secretariat staff")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_staff_row_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.community})"
