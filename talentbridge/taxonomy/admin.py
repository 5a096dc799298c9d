from django.contrib import admin

from talentbridge.taxonomy.models import (
    Certificate,
    ConceptChange,
    EscoOccupation,
    IscoGroup,
    Major,
    MajorOccupation,
    MajorSkill,
    Occupation,
    Skill,
    TaxonomyRelease,
)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("concept_id", "label_zh", "label_en", "kind", "scheme", "status")
    list_filter = ("scheme", "kind", "status")
    search_fields = ("concept_id", "label_zh", "label_en", "search_text")
    raw_id_fields = ("parent", "merged_into", "release")
    readonly_fields = ("search_text", "curated_fields")
    show_full_result_count = False


@admin.register(EscoOccupation)
class EscoOccupationAdmin(admin.ModelAdmin):
    list_display = ("label_en", "code", "isco_group", "status")
    list_filter = ("status",)
    search_fields = ("label_en", "label_zh", "uri", "code")


@admin.register(IscoGroup)
class IscoGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "label")
    search_fields = ("code", "label")


@admin.register(Major)
class MajorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "catalogue", "verified", "status")
    list_filter = ("level", "catalogue", "verified", "status")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "is_digital", "verified", "status")
    list_filter = ("level", "is_digital", "verified", "status")
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("parent",)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("key", "name_zh", "name_en", "verified", "status")
    list_filter = ("verified", "status")
    search_fields = ("key", "name_zh", "name_en")
    raw_id_fields = ("skills",)


@admin.register(MajorSkill)
class MajorSkillAdmin(admin.ModelAdmin):
    list_display = ("major", "skill", "weight")
    raw_id_fields = ("major", "skill")


@admin.register(MajorOccupation)
class MajorOccupationAdmin(admin.ModelAdmin):
    list_display = ("major", "occupation", "esco_occupation")
    raw_id_fields = ("major", "occupation", "esco_occupation")


@admin.register(TaxonomyRelease)
class TaxonomyReleaseAdmin(admin.ModelAdmin):
    list_display = ("version_label", "kind", "status", "added_count", "changed_count",
                    "deprecated_count", "published_at")  # fmt: skip
    list_filter = ("kind", "status")
    readonly_fields = ("diff", "manifest", "source_release_id")


@admin.register(ConceptChange)
class ConceptChangeAdmin(admin.ModelAdmin):
    list_display = ("skill", "status", "proposed_by", "reviewer", "release", "applied_at")
    list_filter = ("status",)
    raw_id_fields = ("skill", "release")
    readonly_fields = ("before", "after")
