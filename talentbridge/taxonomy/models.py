"""Taxonomy data: skill concepts (ESCO + the digital-creative extension), ESCO occupations,
the Chinese code lists (majors, occupational classification, 1+X certificates), crosswalks,
releases and curated concept changes. Data only; rules live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentbridge.core.i18n import localized
from talentbridge.core.models import TimeStampedModel


class Scheme(models.TextChoices):
    ESCO = "esco", _("ESCO")
    EXTENSION = "extension", _("Digital-creative extension")


class SkillKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    KNOWLEDGE = "knowledge", _("Knowledge")
    TOOL = "tool", _("Tool")
    TRANSVERSAL = "transversal", _("Transversal skill")
    GROUP = "group", _("Group (structural)")


class EscoMatch(models.TextChoices):
    EXACT = "exact", _("exact match")
    CLOSE = "close", _("close match")
    BROAD = "broad", _("broader match")


class ConceptStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEPRECATED = "deprecated", _("Deprecated")


class ReleaseKind(models.TextChoices):
    IMPORT = "import", _("Data import")
    CURATION = "curation", _("Curation")


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class TaxonomyRelease(TimeStampedModel):
    """One version of the taxonomy: a data import (with its diff) or a batch of curated
    changes that are applied when the release is published."""

    kind = models.CharField(_("kind"), max_length=12, choices=ReleaseKind.choices)
    version_label = models.CharField(_("version"), max_length=80)
    source_release_id = models.CharField(_("data release id"), max_length=32, blank=True)
    manifest = models.JSONField(_("source versions"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    added_count = models.PositiveIntegerField(_("concepts added"), default=0)
    changed_count = models.PositiveIntegerField(_("concepts changed"), default=0)
    deprecated_count = models.PositiveIntegerField(_("concepts deprecated"), default=0)
    diff = models.JSONField(_("diff"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("taxonomy release")
        verbose_name_plural = _("taxonomy releases")

    def __str__(self) -> str:
        return self.version_label


class Skill(TimeStampedModel):
    """A taxonomy concept (技能 / 知识 / 工具). ``concept_id`` is the id other apps store:
    the ESCO URI for ESCO concepts, the extension slug (``dc.video.edit.editing``) otherwise."""

    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    concept_id = models.CharField(_("concept id"), max_length=200, unique=True)
    uri = models.CharField(_("URI"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=SkillKind.choices)
    label_zh = models.CharField(_("label (Chinese)"), max_length=255, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    alt_labels_zh = models.JSONField(_("aliases (Chinese)"), default=list, blank=True)
    alt_labels_en = models.JSONField(_("aliases (English)"), default=list, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    esco_uri = models.CharField(_("ESCO mapping"), max_length=255, blank=True)
    esco_match = models.CharField(
        _("ESCO mapping type"), max_length=8, choices=EscoMatch.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    # Fields changed by curation; a data import leaves them alone.
    curated_fields = models.JSONField(_("curated fields"), default=list, blank=True)
    # Lower-cased labels and aliases of both languages, for search.
    search_text = models.TextField(blank=True, editable=False)
    release = models.ForeignKey(
        TaxonomyRelease,
        verbose_name=_("last changed in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["label_en", "concept_id"]
        verbose_name = _("skill concept")
        verbose_name_plural = _("skill concepts")
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["scheme"])]

    def __str__(self) -> str:
        return self.label or self.concept_id

    @property
    def label(self) -> str:
        return localized(self.label_zh, self.label_en)

    @property
    def description(self) -> str:
        return localized(self.description_zh, self.description_en)


class IscoGroup(models.Model):
    code = models.CharField(_("ISCO code"), max_length=8, unique=True)
    uri = models.CharField(_("URI"), max_length=255)
    label = models.CharField(_("label"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO group")
        verbose_name_plural = _("ISCO groups")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class EscoOccupation(TimeStampedModel):
    uri = models.CharField(_("URI"), max_length=255, unique=True)
    code = models.CharField(_("ESCO code"), max_length=40, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_zh = models.CharField(_("label (Chinese)"), max_length=255, blank=True)
    alt_labels_en = models.JSONField(_("aliases (English)"), default=list, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    isco_group = models.CharField(_("ISCO group"), max_length=8, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")

    def __str__(self) -> str:
        return self.label_zh or self.label_en


class SkillRelation(models.TextChoices):
    ESSENTIAL = "essential", _("essential")
    OPTIONAL = "optional", _("optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(
        EscoOccupation, on_delete=models.CASCADE, related_name="skill_links"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relation"), max_length=10, choices=SkillRelation.choices)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="one_link_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} → {self.skill_id} ({self.relation})"


class MajorLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary vocational (中职)")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational (高职专科)")
    VOCATIONAL_BACHELOR = "vocational_bachelor", _("Vocational bachelor (职业本科)")
    BACHELOR = "bachelor", _("Bachelor (普通本科)")


class Major(TimeStampedModel):
    """An entry of a major catalogue (专业目录)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=24, choices=MajorLevel.choices)
    category_code = models.CharField(_("category code"), max_length=8, blank=True)
    category_zh = models.CharField(_("category"), max_length=120, blank=True)
    catalogue = models.CharField(_("catalogue version"), max_length=40)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("major")
        verbose_name_plural = _("majors")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)


class Occupation(TimeStampedModel):
    """An entry of the occupational classification (职业分类大典)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("level"), max_length=12)
    is_digital = models.BooleanField(_("digital occupation"), default=False)
    classification = models.CharField(_("classification version"), max_length=80, blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)


class Certificate(TimeStampedModel):
    """A 1+X vocational skill level certificate (职业技能等级证书)."""

    key = models.CharField(_("identifier"), max_length=120, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    levels = models.JSONField(_("levels"), default=list, blank=True)
    issuer_zh = models.CharField(_("issuer"), max_length=200, blank=True)
    batch = models.CharField(_("batch"), max_length=40, blank=True)
    skills = models.ManyToManyField(Skill, related_name="certificates", blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("1+X certificate")
        verbose_name_plural = _("1+X certificates")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_zh, self.name_en)


class MajorOccupation(models.Model):
    """Crosswalk major ↔ occupation (Chinese classification and/or ESCO)."""

    major = models.ForeignKey(Major, on_delete=models.CASCADE, related_name="occupation_links")
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, null=True, blank=True, related_name="major_links"
    )
    esco_occupation = models.ForeignKey(
        EscoOccupation, on_delete=models.CASCADE, null=True, blank=True, related_name="major_links"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("major–occupation link")
        verbose_name_plural = _("major–occupation links")

    def __str__(self) -> str:
        return f"{self.major_id} ↔ {self.occupation_id or self.esco_occupation_id}"


class MajorSkill(models.Model):
    """Crosswalk major ↔ skill concept, weight in (0, 1]."""

    major = models.ForeignKey(Major, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="major_links")
    weight = models.FloatField(_("weight"))

    class Meta:
        verbose_name = _("major–skill link")
        verbose_name_plural = _("major–skill links")
        constraints = [
            models.UniqueConstraint(fields=["major", "skill"], name="one_weight_per_major_skill")
        ]

    def __str__(self) -> str:
        return f"{self.major_id} ↔ {self.skill_id} ({self.weight})"


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ConceptChange(TimeStampedModel):
    """A proposed edit of a concept's labels/aliases/descriptions; applied when a curation
    release that contains it is published (``release`` set, ``applied_at`` stamped)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="changes")
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    comment = models.TextField(_("reason"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)
    release = models.ForeignKey(
        TaxonomyRelease, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("concept change")
        verbose_name_plural = _("concept changes")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_status_display()})"
