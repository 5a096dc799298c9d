from django.contrib import admin

from talentbridge.competitions.models import (
    Award,
    Competition,
    Entry,
    Judge,
    Phase,
    Proposition,
    RankingRun,
    ScoreEvent,
    Submission,
    Track,
)


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ("title_zh", "edition", "level", "organizer", "blind", "results_frozen_at")
    list_filter = ("level", "blind")
    search_fields = ("title_zh", "title_en")


admin.site.register(Track)
admin.site.register(Proposition)
admin.site.register(Phase)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("code", "competition", "status", "kind")
    list_filter = ("status",)
    search_fields = ("code",)


admin.site.register(Judge)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sealed and append-only records: operators read them, nobody edits or deletes them."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("entry", "version", "sha256", "size", "received_at")


@admin.register(ScoreEvent)
class ScoreEventAdmin(ReadOnlyAdmin):
    list_display = ("competition", "seq", "criterion", "score", "recorded_at", "hash")


@admin.register(RankingRun)
class RankingRunAdmin(ReadOnlyAdmin):
    list_display = ("competition", "events", "log_head", "published_at")


admin.site.register(Award)
