from django.urls import path

from talentbridge.demand import views

app_name = "demand"
urlpatterns = [
    path("demand/", views.dashboard, name="dashboard"),
    path("demand/postings/", views.posting_list, name="postings"),
    path("demand/sources/", views.source_list, name="sources"),
    path("demand/sources/<slug:name>/", views.source_detail, name="source-detail"),
    path("demand/runs/<uuid:pk>/", views.run_detail, name="run-detail"),
    path("demand/report/", views.report, name="report"),
    path("demand/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("demand/report.pdf", views.report_pdf, name="report-pdf"),
    path("demand/supply/import/", views.supply_import, name="supply-import"),
    path("demand/supply/imports/", views.supply_imports, name="supply-imports"),
    path(
        "demand/supply/imports/<uuid:pk>/revert/",
        views.supply_import_revert,
        name="supply-import-revert",
    ),
]
