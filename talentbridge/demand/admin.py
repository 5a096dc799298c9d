from django.contrib import admin

from talentbridge.demand.models import (
    IngestRun,
    JobPosting,
    PostingSource,
    SupplyImportBatch,
    SupplyRecord,
)


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
    """Rows are keyed on the college's id (ADR 0010); rows the migration could not link to one
    college (filter "college: empty") count in no figure until an operator links them."""

    list_display = [
        "college_name", "college", "major_code", "year", "enrolled", "graduates",
        "contributed_by", "batch",
    ]  # fmt: skip
    list_filter = [("college", admin.EmptyFieldListFilter), "year"]
    search_fields = ["college_name", "major_code"]
    autocomplete_fields = ["college", "contributed_by"]
    readonly_fields = ["batch", "imported_by"]


@admin.register(SupplyImportBatch)
class SupplyImportBatchAdmin(admin.ModelAdmin):
    """Reverting goes through the supply imports page (audited), not through this form."""

    list_display = ["file_name", "organization", "imported_by", "rows", "created_at", "reverted_at"]
    list_filter = [("reverted_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "organization", "imported_by", "file_name", "file_sha256", "rows", "reverted_at",
        "reverted_by",
    ]  # fmt: skip
