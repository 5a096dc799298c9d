from django.urls import path

from talentbridge.competitions import api

urlpatterns = [
    path("competitions/", api.CompetitionListApi.as_view(), name="api-competition-list"),
    path(
        "competitions/<uuid:pk>/", api.CompetitionDetailApi.as_view(), name="api-competition-detail"
    ),
    path(
        "competitions/<uuid:pk>/assignment/",
        api.CompetitionAssignmentApi.as_view(),
        name="api-competition-assignment",
    ),
    path(
        "competitions/<uuid:pk>/rankings/",
        api.CompetitionRankingsApi.as_view(),
        name="api-competition-rankings",
    ),
    path(
        "competitions/propositions/<uuid:pk>/entries/",
        api.PropositionEntriesApi.as_view(),
        name="api-competition-register",
    ),
    path(
        "competitions/entries/<uuid:pk>/decide/",
        api.EntryDecideApi.as_view(),
        name="api-competition-entry-decide",
    ),
    path(
        "competitions/entries/<uuid:pk>/submissions/",
        api.EntrySubmissionsApi.as_view(),
        name="api-competition-submissions",
    ),
    path(
        "competitions/judges/<uuid:pk>/entries/",
        api.JudgeEntriesApi.as_view(),
        name="api-competition-judge-entries",
    ),
    path(
        "competitions/judges/<uuid:pk>/entries/<str:code>/file/",
        api.JudgeFileApi.as_view(),
        name="api-competition-judge-file",
    ),
    path(
        "competitions/judges/<uuid:pk>/scores/",
        api.JudgeScoresApi.as_view(),
        name="api-competition-judge-scores",
    ),
    path(
        "competitions/rankings/<uuid:pk>/publish/",
        api.RankingPublishApi.as_view(),
        name="api-competition-ranking-publish",
    ),
]
