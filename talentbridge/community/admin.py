from django.contrib import admin

from talentbridge.community.models import (
    Community,
    CommunityMembership,
    CommunityStaff,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationMembership,
)


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "kind", "college_level", "region_code", "is_active")
    list_filter = ("kind", "college_level", "is_active")
    search_fields = ("name_zh", "name_en", "credit_code", "school_code")
    inlines = (MembershipInline,)


class SeatInline(admin.TabularInline):
    model = CommunityMembership
    extra = 0
    autocomplete_fields = ("organization",)


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
