from django.urls import path

from talentbridge.projects import api

urlpatterns = [
    path("briefs/", api.BriefListApi.as_view(), name="api-brief-list"),
    path("briefs/matches/", api.MyMatchesApi.as_view(), name="api-brief-my-matches"),
    path("briefs/<uuid:pk>/", api.BriefDetailApi.as_view(), name="api-brief-detail"),
    path("briefs/<uuid:pk>/submit/", api.BriefSubmitApi.as_view(), name="api-brief-submit"),
    path("briefs/<uuid:pk>/decide/", api.BriefDecideApi.as_view(), name="api-brief-decide"),
    path("briefs/<uuid:pk>/advance/", api.BriefAdvanceApi.as_view(), name="api-brief-advance"),
    path("briefs/<uuid:pk>/adopt/", api.BriefAdoptApi.as_view(), name="api-brief-adopt"),
    path("briefs/<uuid:pk>/matches/", api.BriefMatchesApi.as_view(), name="api-brief-matches"),
    path(
        "briefs/<uuid:pk>/applications/",
        api.BriefApplicationsApi.as_view(),
        name="api-brief-applications",
    ),
    path("briefs/<uuid:pk>/teams/", api.BriefTeamsApi.as_view(), name="api-brief-teams"),
    path(
        "briefs/<uuid:pk>/milestones/",
        api.BriefMilestonesApi.as_view(),
        name="api-brief-milestones",
    ),
    path(
        "project-applications/<uuid:pk>/decide/",
        api.ApplicationDecideApi.as_view(),
        name="api-project-application-decide",
    ),
    path(
        "course-offerings/<uuid:pk>/allocation-runs/",
        api.OfferingRunsApi.as_view(),
        name="api-offering-runs",
    ),
    path(
        "allocation-runs/<uuid:pk>/apply/", api.RunApplyApi.as_view(), name="api-allocation-apply"
    ),
    path(
        "teams/<uuid:pk>/submissions/",
        api.TeamSubmissionsApi.as_view(),
        name="api-team-submissions",
    ),
    path("teams/<uuid:pk>/reviews/", api.TeamReviewsApi.as_view(), name="api-team-reviews"),
    path(
        "teams/<uuid:pk>/peer-reviews/",
        api.TeamPeerReviewApi.as_view(),
        name="api-team-peer-reviews",
    ),
    path("skill-evidence/", api.MyEvidenceApi.as_view(), name="api-my-evidence"),
]
