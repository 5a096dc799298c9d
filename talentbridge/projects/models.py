"""Enterprise real projects (真实项目): briefs, adoption into courses, applications, teams,
allocation runs, milestones, submissions, reviews, skill evidence and notifications.

Skills are referenced by their taxonomy concept id (``dc.video.editing`` or an ESCO URI) and
validated by ``projects.skills``; courses are modelled here by ``CourseOffering`` until the
curriculum app exists (then ``CourseOffering`` gains a link to ``curriculum.Course``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Community, Organization
from talentbridge.core.i18n import localized
from talentbridge.core.models import TimeStampedModel


class BriefStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    OPEN = "open", _("Open for applications")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


class Deliverable(models.TextChoices):
    MAIN_IMAGE = "main_image", _("Product main images (商品主图设计)")
    SHORT_VIDEO = "short_video", _("Short-video script and shooting (短视频脚本与拍摄)")
    LIVESTREAM_VISUAL = "livestream_visual", _("Live-stream room visuals (直播间视觉)")
    BRAND_VI = "brand_vi", _("Brand visual identity (品牌 VI)")
    AIGC_PRODUCT_IMAGE = "aigc_product_image", _("AIGC product images (AIGC 商品图)")
    OTHER = "other", _("Other")


class IpTerms(models.TextChoices):
    ENTERPRISE_OWNS = "enterprise_owns", _("The enterprise owns the results")
    SHARED = "shared", _("Shared ownership")
    STUDENTS_KEEP = "students_keep", _("Students keep the rights and license them")


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class ProjectBrief(TimeStampedModel):
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="briefs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    background_zh = models.TextField(_("background (Chinese)"), max_length=5000, blank=True)
    background_en = models.TextField(_("background (English)"), max_length=5000, blank=True)
    deliverables = models.JSONField(_("deliverables"), default=list, blank=True)
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)
    team_size_min = models.PositiveSmallIntegerField(_("minimum team size"), default=1)
    team_size_max = models.PositiveSmallIntegerField(_("maximum team size"), default=4)
    max_teams = models.PositiveSmallIntegerField(_("maximum number of teams"), default=1)
    places = models.PositiveSmallIntegerField(_("places (students)"), default=4)
    hours_per_week = models.PositiveSmallIntegerField(_("expected hours per week"), default=6)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    apply_by = models.DateField(_("applications close on"))
    honorarium_cny = models.DecimalField(
        _("honorarium (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    ip_terms = models.CharField(_("IP terms"), max_length=20, choices=IpTerms.choices)
    license_note = models.CharField(_("licence for the enterprise"), max_length=500, blank=True)
    nda_required = models.BooleanField(_("NDA required"), default=False)
    contact_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact mentor"),
        on_delete=models.PROTECT,
        related_name="mentored_briefs",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BriefStatus.choices, default=BriefStatus.DRAFT
    )
    review_college = models.ForeignKey(
        Organization,
        verbose_name=_("approving college"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefs_to_approve",
    )
    review_community = models.ForeignKey(
        Community,
        verbose_name=_("approving community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="briefs_to_approve",
    )
    decision_note = models.CharField(_("decision note"), max_length=1000, blank=True)
    commercial_use = models.BooleanField(_("results used commercially (成果转化)"), default=False)
    commercial_use_note = models.CharField(_("commercial use note"), max_length=1000, blank=True)
    closed_reason = models.CharField(_("closed because"), max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project brief")
        verbose_name_plural = _("project briefs")
        constraints = [
            models.CheckConstraint(condition=Q(places__gt=0), name="brief_places_positive"),
            models.CheckConstraint(
                condition=Q(team_size_min__gt=0) & Q(team_size_min__lte=models.F("team_size_max")),
                name="brief_team_size_range",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="brief_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.title_zh, self.title_en)

    @property
    def background(self) -> str:
        return localized(self.background_zh, self.background_en)

    @property
    def is_paid(self) -> bool:
        return bool(self.honorarium_cny)

    @property
    def duration_weeks(self) -> int:
        return max(1, ((self.ends_on - self.starts_on).days + 6) // 7)


# The one list of the brief fields an enterprise writes (services validate against it, the
# page's form is built from it, a test keeps the API's input serializer in step with it).
BRIEF_FIELDS = (
    "title_zh",
    "title_en",
    "background_zh",
    "background_en",
    "deliverables",
    "region_code",
    "team_size_min",
    "team_size_max",
    "max_teams",
    "places",
    "hours_per_week",
    "starts_on",
    "ends_on",
    "apply_by",
    "honorarium_cny",
    "ip_terms",
    "license_note",
    "nda_required",
    "contact_mentor",
)
# set by the service rather than typed on the form or in the API (the enterprise's region and
# the posting user as mentor by default)
BRIEF_FIELDS_SET_BY_SERVICE = ("region_code", "contact_mentor")
BRIEF_INPUT_FIELDS = tuple(f for f in BRIEF_FIELDS if f not in BRIEF_FIELDS_SET_BY_SERVICE)


class BriefSkill(models.Model):
    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="skills")
    concept_id = models.CharField(_("skill"), max_length=255)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "concept_id"], name="brief_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.concept_id} ({self.level})"


class Milestone(TimeStampedModel):
    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="milestones")
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.title_zh, self.title_en)


class StoredFile(TimeStampedModel):
    """An uploaded file whose type was checked by content; always served as an attachment."""

    file = models.FileField(upload_to="projects/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.original_name


class BriefMaterial(TimeStampedModel):
    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="materials")
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(self.stored)


class CourseOffering(TimeStampedModel):
    """A course taught to one class in one semester. To be linked to ``curriculum.Course``
    once the curriculum app exists; until then the code and names are stored here."""

    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="project_offerings"
    )
    course_code = models.CharField(_("course code"), max_length=32)
    course_name_zh = models.CharField(_("course name (Chinese)"), max_length=200)
    course_name_en = models.CharField(_("course name (English)"), max_length=200, blank=True)
    class_name = models.CharField(_("class"), max_length=100)
    semester = models.CharField(_("semester"), max_length=16, help_text=_("e.g. 2025-2026-1"))
    major_code = models.CharField(_("major code"), max_length=10, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_offerings"
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="project_classes"
    )

    class Meta:
        ordering = ["-semester", "course_code"]
        verbose_name = _("course offering")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "course_code", "class_name", "semester"],
                name="offering_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_code} {self.course_name} · {self.class_name} · {self.semester}"

    @property
    def course_name(self) -> str:
        return localized(self.course_name_zh, self.course_name_en)


class Adoption(TimeStampedModel):
    """A teacher adopts a brief into a course offering and says how it counts."""

    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="adoptions")
    offering = models.ForeignKey(CourseOffering, on_delete=models.CASCADE, related_name="adoptions")
    assessment_weight = models.PositiveSmallIntegerField(
        _("weight in the course assessment (%)"), default=30
    )
    assessment_note = models.CharField(_("how it counts"), max_length=500, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "offering"], name="adoption_unique"),
            models.CheckConstraint(
                condition=Q(assessment_weight__lte=100), name="adoption_weight_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brief} → {self.offering}"


class StudentProfile(TimeStampedModel):
    """What a student states for matching: claimed skills, availability, preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_profile"
    )
    major_code = models.CharField(_("major code"), max_length=10, blank=True)
    claimed_skills = models.JSONField(_("skills I claim"), default=list, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week available"), default=6)
    preferred_deliverables = models.JSONField(_("preferred deliverables"), default=list, blank=True)
    prefers_paid = models.BooleanField(_("prefer paid projects"), default=False)

    def __str__(self) -> str:
        return str(self.user)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


HOLDING_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED)


class Application(TimeStampedModel):
    """An individual or team application; it holds places while pending or accepted."""

    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_applications"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    team_name = models.CharField(_("team name"), max_length=100, blank=True)
    statement = models.TextField(_("statement"), max_length=2000)
    portfolio_links = models.JSONField(_("portfolio links"), default=list, blank=True)
    size = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "applicant"],
                condition=Q(status__in=["pending", "accepted"]),
                name="application_one_active_per_applicant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.brief}"


class Team(TimeStampedModel):
    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="teams")
    offering = models.ForeignKey(
        CourseOffering, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    name = models.CharField(_("team name"), max_length=100)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["brief", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "name"], name="team_name_unique_in_brief")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    brief = models.ForeignKey(ProjectBrief, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_teams"
    )
    is_lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            # One student, one team per brief — enforced by the database as well.
            models.UniqueConstraint(fields=["brief", "user"], name="one_team_per_brief")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class AllocationRun(TimeStampedModel):
    offering = models.ForeignKey(
        CourseOffering, on_delete=models.CASCADE, related_name="allocation_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    locks = models.JSONField(default=list, blank=True)
    objective = models.FloatField(null=True)
    status = models.CharField(max_length=16, default="solved")
    optimal = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(default=0)
    assignments = models.JSONField(default=list, blank=True)
    unmet = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # A re-run starts from an earlier run of the same class (reallocation.resolve); ``moved``
    # counts the students of that run who are on another brief (or none) in this one.
    base = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"allocation {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class Submission(TimeStampedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="submissions")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    note = models.TextField(_("note"), max_length=2000, blank=True)
    link = models.URLField(_("link"), blank=True)
    stored = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["milestone__due_on", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "milestone", "version"], name="submission_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.milestone} v{self.version}"


class Comment(TimeStampedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:40]


class ReviewerRole(models.TextChoices):
    MENTOR = "mentor", _("Enterprise mentor")
    TEACHER = "teacher", _("Teacher")


class Review(TimeStampedModel):
    """A rubric review of a team's work; one per reviewer role per team (latest wins)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=16, choices=ReviewerRole.choices)
    scores = models.JSONField(default=dict)  # concept_id -> level (1..4)
    overall = models.PositiveSmallIntegerField(_("overall score (0–100)"))
    feedback = models.TextField(_("written feedback"), max_length=5000)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "role"], name="review_one_per_role"),
            models.CheckConstraint(condition=Q(overall__lte=100), name="review_overall_max"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} review of {self.team}"


class PeerReview(TimeStampedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="peer_reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shares = models.JSONField(default=dict)  # user id -> contribution share in percent
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "reviewer"], name="peer_review_once")
        ]

    def __str__(self) -> str:
        return f"peer review by {self.reviewer}"


class SkillEvidence(TimeStampedModel):
    """Who assessed which skill at what level on which artefact (for later credentials)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_evidence"
    )
    concept_id = models.CharField(_("skill"), max_length=255, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessor_role = models.CharField(max_length=16, choices=ReviewerRole.choices)
    brief = models.ForeignKey(ProjectBrief, on_delete=models.PROTECT, related_name="evidence")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="evidence")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="evidence")
    artefact = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    contribution_share = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("skill evidence")
        verbose_name_plural = _("skill evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "concept_id", "review"], name="evidence_once_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.concept_id} · {self.level}"


class Notification(TimeStampedModel):
    """In-app notice; ``kind`` + ``params`` are rendered in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_notifications"
    )
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
