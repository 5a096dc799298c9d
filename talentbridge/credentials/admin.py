from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from talentbridge.credentials.models import (
    CredentialTemplate,
    CreditApplication,
    EvidenceRecord,
    IssuedCredential,
    Issuer,
    RecognitionRule,
)


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only (corrections go through the services)."""

    list_display = ("occurred_on", "student", "skill_id", "level", "assessor_role", "source")
    list_filter = ("assessor_role", "source")
    search_fields = ("skill_id", "assessor_name", "context_title")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ("name", "did", "method")
    readonly_fields = ("did",)


@admin.register(CredentialTemplate)
class CredentialTemplateAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "issuer_organization", "status", "auto_issue")


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(admin.ModelAdmin):
    list_display = ("template", "holder", "valid_from", "revoked_at", "suspended")
    readonly_fields = ("token", "document", "credential_id")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(RecognitionRule)
admin.site.register(CreditApplication)
