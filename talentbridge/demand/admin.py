from django.contrib import admin

from talentbridge.demand.models import IngestRun, JobPosting, PostingSource, SupplyRecord


@admin.register(PostingSource)
class PostingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "owner", "raw_visibility", "aggregate_visibility"]
    search_fields = ["name", "label"]


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "source",
        "status",
        "read",
        "imported",
        "duplicates",
        "rejected",
        "created_at",
    ]
    list_filter = ["status"]
    readonly_fields = ["errors"]


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["job_title", "company", "city_code", "posted_on", "repost_count", "source"]
    search_fields = ["job_title", "company"]
    exclude = ["minhash"]


@admin.register(SupplyRecord)
class SupplyRecordAdmin(admin.ModelAdmin):
    list_display = ["college_name", "major_code", "year", "enrolled", "graduates"]
