from django.urls import path

from talentbridge.community import api

urlpatterns = [
    path("organizations/", api.OrganizationListApi.as_view(), name="api-org-list"),
    path("organizations/<uuid:pk>/", api.OrganizationDetailApi.as_view(), name="api-org-detail"),
    path(
        "organizations/<uuid:pk>/members/",
        api.OrganizationMembersApi.as_view(),
        name="api-org-members",
    ),
    path(
        "organizations/<uuid:pk>/invitations/",
        api.OrganizationInvitationsApi.as_view(),
        name="api-org-invitations",
    ),
    path(
        "organizations/<uuid:pk>/audit/", api.OrganizationAuditApi.as_view(), name="api-org-audit"
    ),
    path(
        "organizations/<uuid:pk>/verification/",
        api.OrganizationVerificationApi.as_view(),
        name="api-org-verification",
    ),
    path("memberships/<uuid:pk>/", api.MembershipDetailApi.as_view(), name="api-membership"),
    path(
        "invitations/<uuid:pk>/revoke/",
        api.InvitationRevokeApi.as_view(),
        name="api-invitation-revoke",
    ),
    path("invitations/accept/", api.InvitationAcceptApi.as_view(), name="api-invitation-accept"),
    path("communities/", api.CommunityListApi.as_view(), name="api-community-list"),
    path("communities/<slug:slug>/", api.CommunityDetailApi.as_view(), name="api-community-detail"),
    path(
        "communities/<slug:slug>/members/",
        api.CommunityMembersApi.as_view(),
        name="api-community-members",
    ),
    path(
        "communities/<slug:slug>/applications/",
        api.CommunityApplicationsApi.as_view(),
        name="api-community-applications",
    ),
    path(
        "communities/<slug:slug>/audit/",
        api.CommunityAuditApi.as_view(),
        name="api-community-audit",
    ),
    path("applications/<uuid:pk>/", api.ApplicationDetailApi.as_view(), name="api-application"),
    path(
        "applications/<uuid:pk>/decide/",
        api.ApplicationDecideApi.as_view(),
        name="api-application-decide",
    ),
    path(
        "applications/<uuid:pk>/withdraw/",
        api.ApplicationWithdrawApi.as_view(),
        name="api-application-withdraw",
    ),
    path("seats/<uuid:pk>/", api.SeatDetailApi.as_view(), name="api-seat"),
    path("seats/<uuid:pk>/leave/", api.SeatLeaveApi.as_view(), name="api-seat-leave"),
    path("seats/<uuid:pk>/trust/", api.SeatTrustApi.as_view(), name="api-seat-trust"),
]
