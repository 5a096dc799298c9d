"""Competitions: competition → tracks → propositions → phases; entries with members and
advisors; sealed, versioned submissions; judges, conflicts of interest, assignments; the
append-only, hash-chained scoring log; ranking runs and awards. Data only (ADR 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentbridge.core.models import TimeStampedModel


class Level(models.TextChoices):
    SCHOOL = "school", _("school level (校级)")
    CITY = "city", _("city level (市级)")
    PROVINCIAL = "provincial", _("provincial level (省级)")
    NATIONAL = "national", _("national level (国家级)")
    INDUSTRY = "industry", _("industry level (行业)")


class Competition(TimeStampedModel):
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    organizer = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="competitions_organized"
    )
    community = models.ForeignKey(
        "community.Community", on_delete=models.PROTECT, null=True, blank=True,
        related_name="competitions",
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    edition = models.PositiveIntegerField(_("edition (year)"))
    blind = models.BooleanField(_("blind judging"), default=True)
    max_team_size = models.PositiveSmallIntegerField(_("largest team"), default=5)
    college_levels = models.JSONField(_("college levels admitted"), default=list, blank=True)
    judges_per_entry = models.PositiveSmallIntegerField(_("judges per entry"), default=3)
    results_frozen_at = models.DateTimeField(_("results frozen at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "title_zh", "edition"], name="competition_unique_edition"
            )
        ]
        ordering = ["-edition", "title_zh"]

    def __str__(self) -> str:
        return f"{self.title_zh} ({self.edition})"


class Track(TimeStampedModel):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tracks")
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # [{"key": "idea", "label_zh": ..., "label_en": ..., "weight": 1, "max": 10}, ...]
    rubric = models.JSONField(_("rubric"), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "name_zh"], name="track_unique_name")
        ]
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return self.name_zh


class Proposition(TimeStampedModel):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="propositions")
    author = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="propositions"
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    brief = models.TextField(_("brief"), max_length=10000)
    deliverables = models.TextField(_("deliverables"), max_length=5000, blank=True)
    skill_ids = models.JSONField(_("skills"), default=list, blank=True)
    prize = models.CharField(_("prize"), max_length=200, blank=True)
    ip_terms = models.TextField(_("IP and transformation terms"), max_length=5000, blank=True)
    author_judges_conflict = models.BooleanField(
        _("judges from the author's organization are in conflict"), default=True
    )

    class Meta:
        ordering = ["title_zh"]

    def __str__(self) -> str:
        return self.title_zh


class PhaseKind(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    SUBMISSION = "submission", _("submission")
    PRELIMINARY = "preliminary", _("preliminary review")
    FINAL = "final", _("final")
    EXHIBITION = "exhibition", _("exhibition")
    RESULTS = "results", _("results")


class Phase(TimeStampedModel):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=16, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="phase_unique_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]
        ordering = ["starts_at"]


class EntryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    TEAM = "team", _("team")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Entry(TimeStampedModel):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    proposition = models.ForeignKey(Proposition, on_delete=models.PROTECT, related_name="entries")
    code = models.CharField(_("entry code"), max_length=12)
    kind = models.CharField(_("type"), max_length=12, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    college = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, related_name="competition_entries"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competition_entries"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="entry_unique_code")
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class MemberRole(models.TextChoices):
    MEMBER = "member", _("team member")
    ADVISOR = "advisor", _("advisor teacher (指导教师)")


class EntryMember(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="entry_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.role}"


def submission_path(instance: Submission, filename: str) -> str:
    return f"competitions/{instance.entry.competition_id}/{instance.entry_id}/{instance.sha256}"


class Submission(models.Model):
    """One sealed version of an entry's work: never updated; a new version is a new row."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=submission_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    received_at = models.DateTimeField(_("received at (server clock)"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    metadata_flags = models.JSONField(_("identifying metadata found"), default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="submission_unique_version")
        ]
        ordering = ["entry", "-version"]

    def __str__(self) -> str:
        return f"v{self.version} {self.sha256[:12]}"


class JudgeKind(models.TextChoices):
    INDUSTRY = "industry", _("industry judge")
    COLLEGE = "college", _("college judge")


class Judge(TimeStampedModel):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=10, choices=JudgeKind.choices)
    panel = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="judges"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], name="judge_unique_user")
        ]


class Conflict(models.Model):
    """A declared conflict of interest (automatic ones are computed, never stored)."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="conflict_unique")]

    def __str__(self) -> str:
        return self.reason


class JudgeAssignment(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.judge_id} -> {self.entry_id}"


class ScoreEvent(models.Model):
    """The scoring log: append-only, each event's SHA-256 covers the previous one's. A correction
    is a later event for the same (judge, entry, criterion); the latest counts."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="score_events"
    )
    seq = models.PositiveIntegerField()
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(max_length=40)
    score = models.DecimalField(max_digits=7, decimal_places=2)
    comment = models.TextField(blank=True, max_length=3000)
    recorded_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "seq"], name="score_event_unique_seq")
        ]
        ordering = ["competition", "seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class RankingRun(TimeStampedModel):
    """A ranking computed from the log up to ``log_head`` (reproducible from it)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="ranking_runs"
    )
    log_head = models.CharField(max_length=64)
    events = models.PositiveIntegerField()
    results = models.JSONField()  # [{"entry": code, "rank", "score", "low", "high"}]
    judge_report = models.JSONField(default=list)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)


class AwardLevel(models.TextChoices):
    FIRST = "first", _("first prize (一等奖)")
    SECOND = "second", _("second prize (二等奖)")
    THIRD = "third", _("third prize (三等奖)")
    EXCELLENCE = "excellence", _("excellence award (优秀奖)")


class Award(TimeStampedModel):
    run = models.ForeignKey(RankingRun, on_delete=models.PROTECT, related_name="awards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="awards")
    level = models.CharField(_("award"), max_length=12, choices=AwardLevel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "entry"], name="award_unique")]
