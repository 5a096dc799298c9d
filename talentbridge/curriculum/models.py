"""Majors offered by colleges, versioned training plans (人才培养方案), courses, learning
outcomes mapped to taxonomy skills, and the enterprise co-authoring record.

Skills, majors and certificates are referenced by their taxonomy ids (strings); the
``adapters`` module validates and labels them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization
from talentbridge.core.i18n import localized
from talentbridge.core.models import TimeStampedModel
from talentbridge.taxonomy.models import MajorLevel  # the catalogue's levels, one vocabulary


class MajorOffering(TimeStampedModel):
    """A major (专业) that a college offers, tied to the national catalogue entry."""

    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="major_offerings"
    )
    major_code = models.CharField(_("catalogue code"), max_length=12)
    level = models.CharField(_("level"), max_length=24, choices=MajorLevel.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    established_year = models.PositiveSmallIntegerField(
        _("first year offered"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["major_code"]
        verbose_name = _("major offering")
        constraints = [
            models.UniqueConstraint(fields=["college", "major_code"], name="offering_unique_major")
        ]

    def __str__(self) -> str:
        return f"{self.major_code} {self.name}"

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)


class MajorEnrollment(models.Model):
    offering = models.ForeignKey(
        MajorOffering, on_delete=models.CASCADE, related_name="enrollments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    students = models.PositiveIntegerField(_("students enrolled"))

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "year"], name="enrollment_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.students}"


class OfferingPartner(TimeStampedModel):
    """A partner enterprise whose staff co-author and review the major's plans."""

    offering = models.ForeignKey(MajorOffering, on_delete=models.CASCADE, related_name="partners")
    enterprise = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="curriculum_partnerships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offering", "enterprise"], name="partner_unique")
        ]

    def __str__(self) -> str:
        return f"partner {self.enterprise_id} of offering {self.offering_id}"


class RuleKind(models.TextChoices):
    MIN_PRACTICE_SHARE = "min_practice_share", _("Practice hours, minimum share of all hours")
    MIN_TOTAL_CREDITS = "min_total_credits", _("Total credits, minimum")
    MAX_TOTAL_CREDITS = "max_total_credits", _("Total credits, maximum")
    MIN_ELECTIVE_SHARE = "min_elective_share", _("Elective credits, minimum share")
    MIN_HOURS_PER_CREDIT = "min_hours_per_credit", _("Hours per credit, minimum (each course)")
    MAX_HOURS_PER_CREDIT = "max_hours_per_credit", _("Hours per credit, maximum (each course)")


class PlanRule(TimeStampedModel):
    """A college's rule for its plans; ``level`` blank = every level."""

    college = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="plan_rules")
    level = models.CharField(_("level"), max_length=24, choices=MajorLevel.choices, blank=True)
    kind = models.CharField(_("rule"), max_length=32, choices=RuleKind.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=3)

    class Meta:
        ordering = ["level", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["college", "level", "kind"], name="plan_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.level or '*'}) = {self.value}"


class TrainingPlan(TimeStampedModel):
    """人才培养方案 of one major for one cohort (entry year)."""

    offering = models.ForeignKey(MajorOffering, on_delete=models.CASCADE, related_name="plans")
    cohort_year = models.PositiveSmallIntegerField(_("cohort (entry year)"))

    class Meta:
        ordering = ["offering__major_code", "-cohort_year"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "cohort_year"], name="plan_unique_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.offering} {self.cohort_year}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENTERPRISE_REVIEW = "enterprise_review", _("Enterprise review")
    COMMITTEE_REVIEW = "committee_review", _("Committee approval")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


OPEN_STATUSES = (
    VersionStatus.DRAFT,
    VersionStatus.ENTERPRISE_REVIEW,
    VersionStatus.COMMITTEE_REVIEW,
)


class TrainingPlanVersion(TimeStampedModel):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=24, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    semesters = models.PositiveSmallIntegerField(_("semesters"), default=6)
    goals_zh = models.TextField(_("training goals (Chinese)"), blank=True, max_length=10000)
    goals_en = models.TextField(_("training goals (English)"), blank=True, max_length=10000)
    requirements_zh = models.TextField(
        _("graduation requirements (Chinese)"), blank=True, max_length=10000
    )
    requirements_en = models.TextField(
        _("graduation requirements (English)"), blank=True, max_length=10000
    )
    declared_credits = models.DecimalField(
        _("declared total credits"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def goals(self) -> str:
        return localized(self.goals_zh, self.goals_en)

    @property
    def requirements(self) -> str:
        return localized(self.requirements_zh, self.requirements_en)


class CourseType(models.TextChoices):
    PUBLIC_BASIC = "public_basic", _("General education (公共基础)")
    PROFESSIONAL_BASIC = "professional_basic", _("Professional foundation (专业基础)")
    PROFESSIONAL_CORE = "professional_core", _("Professional core (专业核心)")
    PROFESSIONAL_EXTENSION = "professional_extension", _("Professional extension (专业拓展)")
    PRACTICE = "practice", _("Practice (实践)")
    ELECTIVE = "elective", _("Elective (选修)")


class Course(TimeStampedModel):
    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="courses"
    )
    code = models.CharField(_("course code"), max_length=32)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    hours_theory = models.PositiveIntegerField(_("theory hours"), default=0)
    hours_practice = models.PositiveIntegerField(_("practice hours"), default=0)
    semester = models.PositiveSmallIntegerField(_("semester"))
    course_type = models.CharField(_("type"), max_length=32, choices=CourseType.choices)
    syllabus = models.TextField(_("syllabus text"), blank=True, max_length=100000)

    class Meta:
        ordering = ["semester", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="course_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)

    @property
    def hours(self) -> int:
        return self.hours_theory + self.hours_practice


class SkillLevel(models.TextChoices):
    AWARE = "aware", _("Know (了解)")
    MASTER = "master", _("Master (掌握)")
    PROFICIENT = "proficient", _("Proficient (熟练)")


class LearningOutcome(TimeStampedModel):
    """A course's learning outcome (课程目标) mapped to one taxonomy skill at a level."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    skill_id = models.CharField(_("skill"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=SkillLevel.choices)
    description = models.CharField(_("outcome"), max_length=1000, blank=True)

    class Meta:
        ordering = ["course", "skill_id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "skill_id"], name="outcome_unique_skill")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} ({self.level})"


class PlanCertificate(models.Model):
    """A 1+X certificate embedded in a plan version (课证融通)."""

    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="certificates"
    )
    certificate_id = models.CharField(_("certificate"), max_length=200)
    level = models.CharField(_("level"), max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "certificate_id"], name="plan_cert_unique")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.level}".strip()


class PlanCompetition(models.Model):
    """A skills competition embedded in a plan version (课赛融通)."""

    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="competitions"
    )
    name = models.CharField(_("competition"), max_length=300)
    course_code = models.CharField(_("course code"), max_length=32, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="plan_competition_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class SuggestionKind(models.TextChoices):
    EXPLICIT = "explicit", _("named in the syllabus")
    INFERRED = "inferred", _("inferred (similar meaning)")


class SkillSuggestion(TimeStampedModel):
    """A skill the extraction engine found in a course's syllabus; a teacher decides."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="suggestions")
    skill_id = models.CharField(max_length=200)
    score = models.FloatField()
    evidence = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        _("found by"),
        max_length=16,
        choices=SuggestionKind.choices,
        default=SuggestionKind.EXPLICIT,
    )
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # explicit mentions before inferred candidates ("explicit" < "inferred"), best first
        ordering = ["kind", "-score", "skill_id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "skill_id"], name="suggestion_unique_skill")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} ({self.status})"


class GoalSkill(models.Model):
    """A skill the plan's training goals target, with its weight (from accepted proposals)."""

    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="goal_skills"
    )
    skill_id = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=4, decimal_places=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "skill_id"], name="goal_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} × {self.weight}"


class PlanComment(TimeStampedModel):
    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    course_code = models.CharField(max_length=32, blank=True)
    body = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:80]


class SkillProposal(TimeStampedModel):
    """An enterprise's proposal of a skill and weight for the plan's goals."""

    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    skill_id = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=4, decimal_places=3)
    rationale = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.skill_id} × {self.weight} ({self.status})"


class SignoffDecision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REQUEST_CHANGES = "request_changes", _("Request changes")


class PlanSignoff(TimeStampedModel):
    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="signoffs"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=SignoffDecision.choices)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.decision


class PlanTransition(TimeStampedModel):
    """Workflow history of a version: every status change with who and why."""

    version = models.ForeignKey(
        TrainingPlanVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=24, choices=VersionStatus.choices)
    to_status = models.CharField(max_length=24, choices=VersionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
