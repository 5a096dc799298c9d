from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from talentbridge.community import services
from talentbridge.community.models import (
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationMembership,
)
from talentbridge.core.errors import ApplicationError


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    autocomplete_fields = ("user",)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the organization's admins)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Operators verify organizations here (ADR 0009): filter by "Evidence submitted", open the
    evidence, compare it with the codes, then use the actions. Verification fields are
    read-only: they change through the services only (audited)."""

    list_display = (
        "name_zh", "name_en", "kind", "region_code", "credit_code", "school_code",
        "verification_status", "evidence_submitted_at", "is_active",
    )  # fmt: skip
    list_filter = ("verification_status", "kind", "college_level", "is_active")
    search_fields = ("name_zh", "name_en", "credit_code", "school_code")
    inlines = (MembershipInline,)
    actions = ("verify_selected", "refuse_selected")
    exclude = ("evidence",)
    readonly_fields = (
        "verification_status", "verified_at", "verified_by", "verification_note",
        "evidence_link", "evidence_content_type", "evidence_sha256", "evidence_submitted_at",
        "evidence_submitted_by",
    )  # fmt: skip

    @admin.display(description=_("evidence"))
    def evidence_link(self, obj: Organization) -> str:
        if not obj.evidence:
            return str(_("none uploaded"))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("community:org-evidence", kwargs={"pk": obj.pk}),
            _("open the uploaded licence / certificate"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "refuse/",
                self.admin_site.admin_view(self.refuse_view),
                name="community_organization_refuse",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Verify the selected organizations against their evidence"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        done = 0
        for org in queryset.order_by("pk"):
            try:
                services.organization_verify(actor=request.user, organization=org)
            except ApplicationError as exc:
                self.message_user(request, f"{org}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(n)d organization(s) verified.") % {"n": done}, messages.SUCCESS
            )

    @admin.action(description=_("Refuse (or withdraw) verification of the selected organizations"))
    def refuse_selected(
        self, request: HttpRequest, queryset: QuerySet[Organization]
    ) -> HttpResponse:
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(reverse("admin:community_organization_refuse") + f"?ids={ids}")

    def refuse_view(self, request: HttpRequest) -> HttpResponse:
        raw = (request.POST.get("ids") or request.GET.get("ids") or "")[:20000]
        ids = [part for part in raw.split(",") if part]
        try:
            orgs = list(Organization.objects.filter(pk__in=ids).order_by("pk"))
        except Exception:  # malformed ids: nothing selected
            orgs = []
        form = RefuseForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and orgs:
            for org in orgs:
                try:
                    services.organization_refuse_verification(
                        actor=request.user, organization=org, reason=form.cleaned_data["reason"]
                    )
                except ApplicationError as exc:
                    self.message_user(request, f"{org}: {exc.message}", messages.ERROR)
            self.message_user(request, _("Verification refused."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:community_organization_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refuse verification"),
            "orgs": orgs,
            "ids": ",".join(str(o.pk) for o in orgs),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/community/refuse_verification.html", context)


class SeatInline(admin.TabularInline):
    model = CommunityMembership
    extra = 0
    autocomplete_fields = ("organization",)
    readonly_fields = ("trusted_at", "trusted_by")


class StaffInline(admin.TabularInline):
    model = CommunityStaff
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "kind", "secretariat", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name_zh", "name_en", "slug")
    autocomplete_fields = ("secretariat", "guiding_unit")
    inlines = (StaffInline, SeatInline)


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ("organization", "community", "requested_tier", "status", "created_at")
    list_filter = ("status", "community")
    search_fields = ("organization__name_zh", "organization__name_en")
    readonly_fields = ("decided_by", "decided_at", "submitted_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organization__name_zh")
    exclude = ("token",)


@admin.register(OrganizationMembership)
class OrganizationMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role", "organization__kind")
    search_fields = ("user__email", "organization__name_zh")
    autocomplete_fields = ("user", "organization")
