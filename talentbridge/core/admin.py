from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from talentbridge.core.models import AuditEvent, PeriodicTaskRun, TaskLease


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited by hand."""

    list_display = ("occurred_at", "actor", "action", "object_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor__email", "object_id", "request_id")
    date_hierarchy = "occurred_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PeriodicTaskRun)
class PeriodicTaskRunAdmin(admin.ModelAdmin):
    list_display = ("name", "last_enqueued_at")


@admin.register(TaskLease)
class TaskLeaseAdmin(admin.ModelAdmin):
    """Read-only view of who runs which task until when (ADR 0012); workers own the rows."""

    list_display = ("task_id", "worker_id", "attempt", "renewed_at", "expires_at")
    ordering = ("expires_at",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
