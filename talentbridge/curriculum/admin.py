from django.contrib import admin

from talentbridge.curriculum.models import (
    Course,
    LearningOutcome,
    MajorOffering,
    PlanRule,
    TrainingPlan,
    TrainingPlanVersion,
)


@admin.register(MajorOffering)
class MajorOfferingAdmin(admin.ModelAdmin):
    list_display = ("major_code", "name_zh", "level", "college", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("major_code", "name_zh", "name_en", "college__name_zh")


@admin.register(TrainingPlan)
class TrainingPlanAdmin(admin.ModelAdmin):
    list_display = ("offering", "cohort_year")


class CourseInline(admin.TabularInline):
    model = Course
    extra = 0
    fields = (
        "code",
        "name_zh",
        "credits",
        "hours_theory",
        "hours_practice",
        "semester",
        "course_type",
    )


@admin.register(TrainingPlanVersion)
class TrainingPlanVersionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "status", "published_at")
    list_filter = ("status",)
    readonly_fields = ("status", "published_at", "created_by")
    inlines = (CourseInline,)


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(admin.ModelAdmin):
    list_display = ("course", "skill_id", "level")
    search_fields = ("skill_id", "course__code")


@admin.register(PlanRule)
class PlanRuleAdmin(admin.ModelAdmin):
    list_display = ("college", "level", "kind", "value")
