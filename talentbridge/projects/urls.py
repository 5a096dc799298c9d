from django.urls import path

from talentbridge.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.brief_list, name="brief-list"),
    path("projects/new/", views.brief_create, name="brief-create"),
    path("projects/dashboard/", views.dashboard, name="dashboard"),
    path("projects/notifications/", views.notifications, name="notifications"),
    path("projects/evidence/", views.evidence, name="evidence"),
    path("projects/preferences/", views.profile, name="profile"),
    path("projects/<uuid:pk>/", views.brief_detail, name="brief-detail"),
    path("projects/<uuid:pk>/submit/", views.brief_submit, name="brief-submit"),
    path("projects/<uuid:pk>/decide/", views.brief_decide, name="brief-decide"),
    path("projects/<uuid:pk>/advance/", views.brief_advance, name="brief-advance"),
    path("projects/<uuid:pk>/materials/", views.brief_material, name="brief-material"),
    path("projects/<uuid:pk>/adopt/", views.brief_adopt, name="brief-adopt"),
    path("projects/<uuid:pk>/apply/", views.brief_apply, name="brief-apply"),
    path("projects/<uuid:pk>/applications/", views.brief_applications, name="brief-applications"),
    path("projects/<uuid:pk>/teams/", views.team_create, name="team-create"),
    path(
        "projects/applications/<uuid:pk>/decide/",
        views.application_decide,
        name="application-decide",
    ),
    path("projects/classes/<uuid:pk>/", views.offering_detail, name="offering-detail"),
    path("projects/classes/<uuid:pk>/allocate/", views.offering_allocate, name="offering-allocate"),
    path("projects/allocations/<uuid:pk>/", views.run_detail, name="run-detail"),
    path("projects/teams/<uuid:pk>/", views.team_detail, name="team-detail"),
    path("projects/teams/<uuid:pk>/submit/", views.submission_create, name="submission-create"),
    path("projects/teams/<uuid:pk>/review/", views.review_create, name="review-create"),
    path("projects/teams/<uuid:pk>/peer-review/", views.peer_review, name="peer-review"),
    path("projects/submissions/<uuid:pk>/comment/", views.comment_create, name="comment-create"),
    path("projects/files/<uuid:pk>/", views.file_download, name="file-download"),
]
