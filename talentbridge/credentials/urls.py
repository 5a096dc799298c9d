from django.urls import path

from talentbridge.credentials import views

app_name = "credentials"

urlpatterns = [
    path("credentials/", views.home, name="home"),
    path("credentials/profile/", views.profile, name="profile"),
    path("credentials/students/<uuid:pk>/", views.student_profile, name="student-profile"),
    path("credentials/c/<uuid:pk>/", views.credential_detail, name="credential-detail"),
    path(
        "credentials/c/<uuid:pk>/download/<str:fmt>/",
        views.credential_download,
        name="credential-download",
    ),
    path("credentials/c/<uuid:pk>/qr.svg", views.credential_qr, name="credential-qr"),
    path("credentials/c/<uuid:pk>/share/", views.credential_share, name="credential-share"),
    path("credentials/c/<uuid:pk>/status/", views.credential_status, name="credential-status"),
    path("credentials/templates/", views.templates, name="templates"),
    path("credentials/templates/<uuid:pk>/issue/", views.template_issue, name="template-issue"),
    path(
        "credentials/candidates/<uuid:pk>/decide/", views.candidate_decide, name="candidate-decide"
    ),
    path("credentials/credit-bank/", views.credit_bank, name="credit-bank"),
    path("credentials/credit-bank/apply/", views.credit_apply, name="credit-apply"),
    path("credentials/credit-bank/<uuid:pk>/decide/", views.credit_decide, name="credit-decide"),
    path("credentials/colleges/<uuid:pk>/exam-results/", views.exam_import, name="exam-import"),
    path("credentials/portfolio/", views.portfolio_edit, name="portfolio"),
    path("credentials/portfolio/clr.json", views.portfolio_bundle, name="portfolio-bundle"),
    # public
    path("credentials/verify/", views.verify, name="verify"),
    path("credentials/s/<str:token>/", views.share, name="share"),
    path("credentials/s/<str:token>/credential.jwt", views.share_file, name="share-file"),
    path("credentials/p/<str:slug>/", views.portfolio_public, name="portfolio-public"),
    path("credentials/achievements/<uuid:pk>/", views.achievement, name="achievement"),
    path(
        "credentials/achievements/<uuid:pk>/badge.svg",
        views.achievement_image,
        name="achievement-image",
    ),
    path("credentials/issuers/<slug:slug>/did.json", views.did_document, name="did-document"),
    path("credentials/status/<uuid:pk>", views.status_list, name="status-list"),
]
