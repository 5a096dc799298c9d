"""Operators' view of the projects context.

Read-only: every state change of a brief, application, team, allocation, submission or
review goes through ``projects.services`` (gatekeeper, validation, audit event, notifications),
so the admin shows and searches but never writes behind their back. Evidence is a ledger input
for credentials and is never edited by hand either.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from talentbridge.projects.models import (
    Adoption,
    AllocationRun,
    Application,
    BriefMaterial,
    BriefSkill,
    CourseOffering,
    Milestone,
    PeerReview,
    ProjectBrief,
    Review,
    SkillEvidence,
    StoredFile,
    StudentProfile,
    Submission,
    Team,
    TeamMember,
)


class ReadOnly:
    """Show every field, allow no add, change or delete."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        model = self.model  # type: ignore[attr-defined]
        return [f.name for f in model._meta.fields] + [f.name for f in model._meta.many_to_many]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BriefSkillInline(ReadOnly, admin.TabularInline):
    model = BriefSkill
    extra = 0


class MilestoneInline(ReadOnly, admin.TabularInline):
    model = Milestone
    extra = 0


class BriefMaterialInline(ReadOnly, admin.TabularInline):
    model = BriefMaterial
    extra = 0


class AdoptionInline(ReadOnly, admin.TabularInline):
    model = Adoption
    fk_name = "brief"
    extra = 0


@admin.register(ProjectBrief)
class ProjectBriefAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title_zh", "enterprise", "status", "starts_on", "ends_on", "places")
    list_filter = ("status", "ip_terms", "nda_required", "commercial_use")
    search_fields = ("title_zh", "title_en", "enterprise__name_zh", "enterprise__name_en")
    date_hierarchy = "starts_on"
    list_select_related = ("enterprise",)
    inlines = (BriefSkillInline, MilestoneInline, BriefMaterialInline, AdoptionInline)


@admin.register(CourseOffering)
class CourseOfferingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("course_code", "course_name_zh", "class_name", "semester", "college", "teacher")
    search_fields = ("course_code", "course_name_zh", "class_name", "college__name_zh")
    list_select_related = ("college", "teacher")


@admin.register(Application)
class ApplicationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("brief", "applicant", "team_name", "size", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("brief__title_zh", "applicant__email", "team_name")
    list_select_related = ("brief", "applicant")


class TeamMemberInline(ReadOnly, admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(Team)
class TeamAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "brief", "offering", "formed_by", "created_at")
    search_fields = ("name", "brief__title_zh")
    list_select_related = ("brief", "offering", "formed_by")
    inlines = (TeamMemberInline,)


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("offering", "status", "optimal", "objective", "duration_ms", "applied_at")
    list_filter = ("status", "optimal")
    list_select_related = ("offering",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("team", "milestone", "version", "submitted_by", "created_at")
    search_fields = ("team__name", "team__brief__title_zh")
    list_select_related = ("team", "milestone", "submitted_by")


@admin.register(Review)
class ReviewAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("team", "reviewer", "role", "overall", "created_at")
    list_filter = ("role",)
    list_select_related = ("team", "reviewer")


@admin.register(PeerReview)
class PeerReviewAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("team", "reviewer", "created_at")
    list_select_related = ("team", "reviewer")


@admin.register(SkillEvidence)
class SkillEvidenceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("student", "concept_id", "level", "assessor_role", "brief", "created_at")
    list_filter = ("assessor_role", "level")
    search_fields = ("concept_id", "student__email", "brief__title_zh")
    list_select_related = ("student", "brief")


@admin.register(StudentProfile)
class StudentProfileAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("user", "major_code", "hours_per_week", "prefers_paid")
    search_fields = ("user__email", "major_code")


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "created_at")
    search_fields = ("original_name", "sha256")
