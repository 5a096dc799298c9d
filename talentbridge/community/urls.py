from django.urls import path

from talentbridge.community import views

app_name = "community"

urlpatterns = [
    path("orgs/", views.organization_list, name="org-list"),
    path("orgs/new/", views.organization_create, name="org-create"),
    path("orgs/<uuid:pk>/", views.organization_detail, name="org-detail"),
    path("orgs/<uuid:pk>/edit/", views.organization_edit, name="org-edit"),
    path("orgs/<uuid:pk>/verification/", views.organization_verification, name="org-verification"),
    path(
        "orgs/<uuid:pk>/verification/evidence/",
        views.organization_evidence,
        name="org-evidence",
    ),
    path("orgs/<uuid:pk>/members/", views.organization_members, name="org-members"),
    path("orgs/<uuid:pk>/invitations/", views.organization_invitations, name="org-invitations"),
    path("orgs/<uuid:pk>/audit/", views.organization_audit, name="org-audit"),
    path("memberships/<uuid:pk>/", views.membership_update, name="membership-update"),
    path("invitations/<uuid:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("communities/", views.community_list, name="community-list"),
    path("communities/<slug:slug>/", views.community_detail, name="community-detail"),
    path("communities/<slug:slug>/apply/", views.community_apply, name="community-apply"),
    path("communities/<slug:slug>/manage/", views.community_manage, name="community-manage"),
    path("communities/<slug:slug>/audit/", views.community_audit, name="community-audit"),
    path("applications/<uuid:pk>/decide/", views.application_decide, name="application-decide"),
    path(
        "applications/<uuid:pk>/withdraw/", views.application_withdraw, name="application-withdraw"
    ),
    path("seats/<uuid:pk>/", views.seat_update, name="seat-update"),
]
