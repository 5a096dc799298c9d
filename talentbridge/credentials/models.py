"""Credentials: the evidence ledger, issuers and their keys, credential templates, issued
credentials, status lists, share links, portfolios and the credit bank. Data only."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentbridge.core.models import TimeStampedModel


class AssessorRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Enterprise mentor")
    JUDGE = "judge", _("Competition judge")
    PEER = "peer", _("Peer")
    EXAM = "exam", _("Examination")


class EvidenceSource(models.TextChoices):
    PROJECTS = "projects", _("Enterprise project")
    COMPETITIONS = "competitions", _("Competition")
    COURSES = "courses", _("Course")
    EXAMS = "exams", _("1+X examination")
    INTERNSHIPS = "internships", _("Internship")
    MANUAL = "manual", _("Recorded by hand")


class EvidenceRecord(models.Model):
    """One judgement: who assessed which skill of which student at what level, on what.

    Append-only: there is no update or delete path; a correction is a new record that
    ``supersedes`` the old one (level 0 withdraws it). The database refuses UPDATE (SQLite and
    PostgreSQL) and DELETE (PostgreSQL) on this table; each record carries a SHA-256 digest
    chained to the student's previous record, so a removed or altered row is detectable
    (``manage.py verify_ledger``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    skill_id = models.CharField(_("skill"), max_length=255, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessor_name = models.CharField(_("assessor"), max_length=200)
    assessor_role = models.CharField(
        _("assessor role"), max_length=16, choices=AssessorRole.choices
    )
    organization = models.ForeignKey(
        "community.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    organization_kind = models.CharField(max_length=16, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=EvidenceSource.choices)
    source_ref = models.CharField(max_length=255)
    context_title = models.CharField(_("what was assessed"), max_length=300, blank=True)
    context_url = models.CharField(max_length=500, blank=True)
    artefact_url = models.CharField(_("artefact link"), max_length=500, blank=True)
    artefact_title = models.CharField(_("artefact"), max_length=300, blank=True)
    occurred_on = models.DateField(_("date"))
    weight = models.FloatField(_("weight"), default=1.0)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prev_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        verbose_name = _("evidence record")
        verbose_name_plural = _("evidence records")
        indexes = [models.Index(fields=["student", "skill_id"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="evidence_source_once"),
            models.CheckConstraint(condition=Q(level__lte=4), name="evidence_level_max"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=10), name="evidence_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} · {self.level} · {self.assessor_role}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("evidence records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("evidence records are append-only")


class EvidenceChain(models.Model):
    """The head of one student's digest chain (locked while a record is appended)."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    head = models.CharField(max_length=64, blank=True)
    length = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.student_id}: {self.length}"


class EvidenceSync(models.Model):
    """How far each evidence provider has been read (``since`` for the next pull)."""

    provider = models.CharField(max_length=255, unique=True)
    synced_until = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_added = models.PositiveIntegerField(default=0)
    last_refused = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.provider


class ExamImport(TimeStampedModel):
    """A 1+X examination result sheet imported by a college (all rows or nothing)."""

    college = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class Holder(TimeStampedModel):
    """A student as the subject of credentials: a stable subject id that reveals nothing,
    the salt of their hashed e-mail identifier, and the major their profile is read against."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    salt = models.CharField(max_length=32)
    major_code = models.CharField(_("major"), max_length=10, blank=True)
    college = models.ForeignKey(
        "community.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def subject_id(self) -> str:
        return f"urn:uuid:{self.subject_uuid}"


class Issuer(TimeStampedModel):
    """An organization that issues credentials, identified by a DID."""

    class Method(models.TextChoices):
        WEB = "web", "did:web"
        KEY = "key", "did:key"

    organization = models.OneToOneField(
        "community.Organization", on_delete=models.PROTECT, related_name="+"
    )
    slug = models.SlugField(unique=True, max_length=64)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.WEB)
    did = models.CharField(max_length=300, unique=True)
    name = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class IssuerKey(TimeStampedModel):
    """An Ed25519 key of an issuer, sealed at rest. Rotation retires the active key (it stays
    in the DID document, so what it signed keeps verifying) and creates a new one."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    fragment = models.CharField(max_length=64)
    public_key = models.BinaryField()
    sealed_private_key = models.BinaryField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "fragment"], name="issuer_key_fragment_once"),
            models.UniqueConstraint(
                fields=["issuer"],
                condition=Q(retired_at__isnull=True),
                name="issuer_one_active_key",
            ),
        ]

    @property
    def method_id(self) -> str:
        return f"{self.issuer.did}#{self.fragment}"


class AchievementType(models.TextChoices):
    BADGE = "Badge", _("Badge")
    CERTIFICATE = "Certificate", _("Certificate")
    COMPETENCY = "Competency", _("Competency")
    AWARD = "Award", _("Award")


class CredentialTemplate(TimeStampedModel):
    """An Open Badges 3.0 Achievement: what it recognizes, the rules over evidence that earn
    it, its alignments (skills by ESCO URI, 1+X certificate codes), issuer and expiry."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    issuer_organization = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="+"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    criteria_zh = models.TextField(_("criteria (Chinese)"), max_length=2000, blank=True)
    criteria_en = models.TextField(_("criteria (English)"), max_length=2000, blank=True)
    achievement_type = models.CharField(
        _("kind"), max_length=16, choices=AchievementType.choices, default=AchievementType.BADGE
    )
    rules = models.JSONField(_("rules"), default=list)  # [{"skill", "min_level", ...}]
    skill_ids = models.JSONField(default=list)
    certificate_codes = models.JSONField(default=list)
    valid_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)
    auto_issue = models.BooleanField(_("issue automatically when the rules are met"), default=False)
    review_required = models.BooleanField(_("a person reviews before issuing"), default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh


class StatusList(TimeStampedModel):
    """A Bitstring Status List of one issuer and purpose (revocation or suspension)."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Revocation")
        SUSPENSION = "suspension", _("Suspension")

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    size = models.PositiveIntegerField(default=131_072)
    bits = models.BinaryField()
    used = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]


class IssuedCredential(TimeStampedModel):
    """A credential as issued: the VC-JWT exactly as signed, never changed afterwards."""

    template = models.ForeignKey(
        CredentialTemplate, on_delete=models.PROTECT, related_name="issued"
    )
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="issued")
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="+")
    credential_id = models.CharField(max_length=100, unique=True)
    token = models.TextField()
    document = models.JSONField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    revocation_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    suspension_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    suspended = models.BooleanField(default=False)
    status_reason = models.CharField(max_length=500, blank=True)
    evidence = models.ManyToManyField(EvidenceRecord, blank=True, related_name="+")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["revocation_list", "status_index"], name="credential_status_index_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.holder}"


class Candidate(TimeStampedModel):
    """A student whose evidence meets a template's rules, waiting for a person's review."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ISSUED = "issued", _("Issued")
        REJECTED = "rejected", _("Rejected")

    template = models.ForeignKey(
        CredentialTemplate, on_delete=models.CASCADE, related_name="candidates"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    explanation = models.JSONField(default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["template", "student"],
                condition=Q(status="pending"),
                name="candidate_one_pending",
            )
        ]


class ShareLink(TimeStampedModel):
    """A link that shows one credential or the portfolio to whoever holds it, until it expires."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    credential = models.ForeignKey(
        IssuedCredential, null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)


class Portfolio(TimeStampedModel):
    """A student's 作品集: verified works with their evidence and credentials."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only me")
        UNLISTED = "unlisted", _("Anyone with a share link")
        PUBLIC = "public", _("Public")

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    show_name = models.BooleanField(_("show my name"), default=False)
    show_college = models.BooleanField(_("show my college"), default=False)
    slug = models.CharField(max_length=32, unique=True)


class PortfolioItem(TimeStampedModel):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=16, choices=EvidenceSource.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    evidence = models.ManyToManyField(EvidenceRecord, blank=True, related_name="+")
    credential = models.ForeignKey(
        IssuedCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]


class RecognitionRule(TimeStampedModel):
    """A college's credit-bank rule: a credential of this template (or a 1+X certificate
    code) earns credits or exempts from a named course."""

    class Outcome(models.TextChoices):
        CREDITS = "credits", _("Elective credits")
        EXEMPTION = "exemption", _("Course exemption")

    college = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="+"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    template = models.ForeignKey(
        CredentialTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate_code = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    credits = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    course_ref = models.CharField(max_length=64, blank=True)
    course_name = models.CharField(_("course"), max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh


class CreditApplication(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(RecognitionRule, on_delete=models.PROTECT, related_name="applications")
    credential = models.ForeignKey(IssuedCredential, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "credential"],
                condition=Q(status__in=["pending", "approved"]),
                name="credit_application_once",
            )
        ]
