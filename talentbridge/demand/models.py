"""Labour-market demand: posting sources, ingest runs, canonical postings, materialized
aggregates and supply (enrolment/graduate) records. Data only; rules live in services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentbridge.core.models import TimeStampedModel


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    COMMUNITY = "community", _("community members only")
    PRIVATE = "private", _("owner organization only")


class PostingSource(TimeStampedModel):
    """Where postings come from (a crawl, a partner's HR export, a job board).

    Raw postings of a source with an owner are visible to that organization only unless
    ``raw_visibility`` is public; aggregates follow ``aggregate_visibility``.
    """

    name = models.SlugField(_("name"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "community.Organization",
        verbose_name=_("owner organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posting_sources",
    )
    raw_visibility = models.CharField(
        _("raw postings visible to"),
        max_length=10,
        choices=[(Visibility.PUBLIC, _("public")), (Visibility.PRIVATE, _("owner only"))],
        default=Visibility.PRIVATE,
    )
    aggregate_visibility = models.CharField(
        _("aggregates visible to"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    community = models.ForeignKey(
        "community.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Whose members may see the aggregates when they are community-only."),
    )
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("posting source")
        verbose_name_plural = _("posting sources")

    def __str__(self) -> str:
        return self.label or self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    ROLLED_BACK = "rolled_back", _("rolled back")


class RejectPolicy(models.TextChoices):
    KEEP_GOOD = "keep_good", _("keep good rows, report the bad ones")
    ALL_OR_NOTHING = "all_or_nothing", _("import nothing if any row is bad")


class IngestRun(TimeStampedModel):
    """One import of one file into one source, with its counters and error report."""

    source = models.ForeignKey(
        PostingSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_path = models.CharField(_("stored file"), max_length=500, blank=True)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, blank=True)
    file_bytes = models.BigIntegerField(_("file size"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    policy = models.CharField(
        _("bad rows"), max_length=16, choices=RejectPolicy.choices, default=RejectPolicy.KEEP_GOOD
    )
    tag_skills = models.BooleanField(_("tag skills"), default=True)
    total_rows = models.PositiveIntegerField(_("rows (estimate)"), default=0)
    read = models.PositiveIntegerField(_("read"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    reposts = models.PositiveIntegerField(_("re-posts"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    mapping_override = models.JSONField(_("column mapping for this run"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    # the ledger of a partitioned run: partitions 0 .. committed_partitions-1 are committed
    # (with the counters above, in the same transactions); a re-run continues from there
    committed_partitions = models.PositiveIntegerField(_("committed partitions"), default=0)
    partition_rows = models.PositiveIntegerField(_("rows per partition"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Provenance (ADR 0010): the organization the postings were contributed by (the source's
    # owner when the run was created; empty for operator sources).
    organization = models.ForeignKey(
        "community.Organization",
        verbose_name=_("contributed by (organization)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ingest run")
        verbose_name_plural = _("ingest runs")

    def summary(self) -> dict[str, int]:
        return {
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


class JobPosting(models.Model):
    """One canonical advertisement (招聘信息) after normalization and de-duplication.

    ``content_hash`` is the exact-duplicate key (company + title + normalized text); ``minhash``
    the near-duplicate signature. Re-posts are counted, not stored again.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.ForeignKey(PostingSource, on_delete=models.CASCADE, related_name="postings")
    run = models.ForeignKey(IngestRun, null=True, on_delete=models.SET_NULL, related_name="+")
    row_number = models.PositiveIntegerField(default=0)
    job_title = models.CharField(_("job title"), max_length=300)
    company = models.CharField(_("company"), max_length=300, blank=True)
    company_key = models.CharField(max_length=300, blank=True, db_index=True)
    description = models.TextField(_("description"), blank=True)
    province_code = models.CharField(_("province"), max_length=6, blank=True)
    city_code = models.CharField(_("city"), max_length=6, blank=True)
    remote = models.BooleanField(default=False)
    salary_min = models.PositiveIntegerField(_("monthly salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("monthly salary to"), null=True, blank=True)
    education = models.PositiveSmallIntegerField(_("education"), null=True, blank=True)
    experience_min = models.FloatField(_("experience (years)"), null=True, blank=True)
    occupation_code = models.CharField(_("occupation"), max_length=20, blank=True)
    posted_on = models.DateField(_("posted on"))
    last_seen_on = models.DateField(_("last seen on"))
    month = models.CharField(max_length=7, db_index=True)
    repost_count = models.PositiveIntegerField(_("re-posts"), default=0)
    content_hash = models.CharField(max_length=40, unique=True)
    minhash = models.BinaryField(max_length=256)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    semantic_tagged = models.BooleanField(default=False, db_index=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def __str__(self) -> str:
        return f"{self.job_title} · {self.company}"


class PostingSighting(models.Model):  # noqa: DJ008 - an internal ledger row
    """A source row already processed (its key is the hash of the raw mapped row).

    Re-reading the same file finds every row here and changes nothing; this is what makes an
    interrupted ingest safe to re-run.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.ForeignKey(  # indexed by the unique (source, row_key)
        PostingSource, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    row_key = models.CharField(max_length=40)
    posting = models.ForeignKey(JobPosting, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "row_key"], name="demand_sighting_unique")
        ]


class WarehouseChunk(models.Model):  # noqa: DJ008 - an internal ledger row
    """A Parquet file written for one committed chunk of a run (see ``warehouse.py``)."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="chunks")
    kind = models.CharField(max_length=12)  # raw | normalized
    path = models.CharField(max_length=500, unique=True)
    rows = models.PositiveIntegerField(default=0)


class _AggregateBase(models.Model):
    # no index of its own: the unique key of every aggregate table starts with the source
    source = models.ForeignKey(
        PostingSource, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.CharField(max_length=7)
    province_code = models.CharField(max_length=6, blank=True)
    city_code = models.CharField(max_length=6, blank=True)
    occupation_code = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.month} {self.city_code or self.province_code} {self.occupation_code}"


AGG_KEY = ["source", "month", "province_code", "city_code", "occupation_code"]


class PostingCount(_AggregateBase):
    """New postings and re-posts per source × month × region × occupation."""

    new_postings = models.PositiveIntegerField(default=0)
    reposts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=AGG_KEY, name="demand_postingcount_key")]


class SkillCount(_AggregateBase):
    """Postings that ask for a skill, per source × month × region × occupation × skill."""

    skill_id = models.CharField(max_length=200)
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=[*AGG_KEY, "skill_id"], name="demand_skillcount_key")
        ]
        indexes = [
            models.Index(fields=["month", "skill_id"], name="demand_skill_month"),
            # dashboard: one skill's months (AIGC share, forecasts) and region filters
            models.Index(fields=["skill_id", "month"], name="demand_skill_by_id"),
            models.Index(fields=["province_code", "skill_id"], name="demand_skill_province"),
            models.Index(fields=["city_code", "skill_id"], name="demand_skill_city"),
            models.Index(fields=["occupation_code", "skill_id"], name="demand_skill_occupation"),
        ]


class SalaryBucket(_AggregateBase):
    """Histogram of monthly salary midpoints (bucket = lower bound in CNY), per skill ('' =
    all postings); percentiles are read from the cumulative histogram."""

    skill_id = models.CharField(max_length=200, blank=True)
    bucket = models.PositiveIntegerField()
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*AGG_KEY, "skill_id", "bucket"], name="demand_salarybucket_key"
            )
        ]
        indexes = [
            # dashboard: histograms of the top skills / all postings ('') and region filters
            models.Index(fields=["skill_id", "month"], name="demand_salary_skill"),
            models.Index(fields=["province_code", "skill_id"], name="demand_salary_province"),
            models.Index(fields=["city_code", "skill_id"], name="demand_salary_city"),
            models.Index(fields=["occupation_code", "skill_id"], name="demand_salary_occupation"),
        ]


class EmployerCount(_AggregateBase):
    """New postings per employer (for concentration: top-N share, HHI)."""

    company_key = models.CharField(max_length=300)
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*AGG_KEY, "company_key"], name="demand_employercount_key"
            )
        ]
        indexes = [
            models.Index(fields=["province_code"], name="demand_employer_province"),
            models.Index(fields=["city_code"], name="demand_employer_city"),
            models.Index(fields=["occupation_code"], name="demand_employer_occupation"),
        ]


class AggregateVersion(models.Model):
    """A counter that every change of the aggregate tables increments (``aggregates.add_chunk``
    calls ``dashboard_cache.bump``); cached dashboard figures of an older version are stale."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class DashboardSnapshot(models.Model):  # noqa: DJ008 - an internal cache row
    """Computed dashboard figures (or a forecast) for one filter and one set of visible
    sources, valid while ``version`` equals the current ``AggregateVersion`` and
    ``fingerprint`` the current posting totals. Shared by every web and worker process, so a
    warm-up in a worker serves the web."""

    key = models.CharField(max_length=64, unique=True)
    version = models.BigIntegerField(db_index=True)
    fingerprint = models.CharField(max_length=64, default="")
    payload = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)


class _RollupBase(models.Model):
    """Dashboard roll-ups: the aggregates without region and occupation (source × month ×
    …), ten times fewer rows, read when a dashboard filter names neither. Kept in step by
    ``rollups.add_chunk`` in the transaction of every aggregate change; ``RollupState`` says
    whether they are complete (else the dashboard reads the full aggregates)."""

    source = models.ForeignKey(  # indexed by the unique key, which starts with it
        PostingSource, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.CharField(max_length=7)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.month


class SkillMonthRollup(_RollupBase):
    skill_id = models.CharField(max_length=200)
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month", "skill_id"], name="demand_skillrollup_key"
            )
        ]


class SalaryMonthRollup(_RollupBase):
    skill_id = models.CharField(max_length=200, blank=True)
    bucket = models.PositiveIntegerField()
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month", "skill_id", "bucket"], name="demand_salaryrollup_key"
            )
        ]
        indexes = [models.Index(fields=["skill_id", "month"], name="demand_salaryrollup_skill")]


class EmployerMonthRollup(_RollupBase):
    company_key = models.CharField(max_length=300)
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month", "company_key"], name="demand_employerrollup_key"
            )
        ]


class RollupState(models.Model):
    """The aggregate version and posting totals the roll-ups were last brought up to; when
    they differ from the current ones the roll-ups are not used."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.version} {self.fingerprint}"


class SupplyImportBatch(TimeStampedModel):
    """One supply import (one file): who contributed it, for which organization, when; the
    unit that can be reverted (ADR 0010)."""

    organization = models.ForeignKey(
        "community.Organization",
        verbose_name=_("contributed by (organization)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The college itself or the government body the account acted for."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows imported"), default=0)
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reverted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supply import")
        verbose_name_plural = _("supply imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class SupplyRecord(TimeStampedModel):
    """Enrolment and graduates of one college × major × year, as one import said (ADR 0010).

    Keyed on the college's id; ``college_name`` is the name as the file gave it, for display
    only. Rows are never overwritten: a later import adds rows, and the figure of a college ×
    major × year is the one of its latest import that was not reverted
    (``selectors.current_supply``).
    """

    college = models.ForeignKey(
        "community.Organization",
        verbose_name=_("college"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    college_name = models.CharField(_("college name (as imported)"), max_length=200)
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)
    major_code = models.CharField(_("major code"), max_length=10)
    major_name = models.CharField(_("major"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    graduates = models.PositiveIntegerField(_("graduates"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        SupplyImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="records",
    )
    contributed_by = models.ForeignKey(
        "community.Organization",
        verbose_name=_("contributed by (organization)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "college_name", "major_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "college", "major_code", "year"], name="demand_supply_unique_row"
            )
        ]
        indexes = [models.Index(fields=["college", "major_code", "year"])]
        verbose_name = _("supply record")
        verbose_name_plural = _("supply records")

    def __str__(self) -> str:
        return f"{self.college_name} {self.major_code} {self.year}"


def aggregate_models() -> list[type[Any]]:
    return [PostingCount, SkillCount, SalaryBucket, EmployerCount]
