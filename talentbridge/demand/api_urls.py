from django.urls import path

from talentbridge.demand import api

urlpatterns = [
    path("demand/sources/", api.SourceListApi.as_view(), name="api-demand-sources"),
    path("demand/sources/<slug:name>/", api.SourceDetailApi.as_view(), name="api-demand-source"),
    path("demand/sources/<slug:name>/runs/", api.SourceRunsApi.as_view(), name="api-demand-runs"),
    path("demand/runs/<uuid:pk>/", api.RunDetailApi.as_view(), name="api-demand-run"),
    path("demand/postings/", api.PostingListApi.as_view(), name="api-demand-postings"),
    path("demand/dashboard/", api.DashboardApi.as_view(), name="api-demand-dashboard"),
    path("demand/forecast/", api.ForecastApi.as_view(), name="api-demand-forecast"),
    path("demand/supply-demand/", api.SupplyDemandApi.as_view(), name="api-demand-supply-demand"),
    path(
        "demand/supply-demand/by-source/",
        api.FiguresBySourceApi.as_view(),
        name="api-demand-figures-by-source",
    ),
    path(
        "demand/supply/imports/", api.SupplyBatchListApi.as_view(), name="api-demand-supply-imports"
    ),
    path(
        "demand/supply/imports/<uuid:pk>/revert/",
        api.SupplyBatchRevertApi.as_view(),
        name="api-demand-supply-revert",
    ),
]
