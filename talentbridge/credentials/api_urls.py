from django.urls import path

from talentbridge.credentials import api

urlpatterns = [
    path("credentials/", api.CredentialListApi.as_view(), name="api-credential-list"),
    path("credentials/verify/", api.VerifyApi.as_view(), name="api-credential-verify"),
    path("credentials/profile/", api.ProfileApi.as_view(), name="api-credential-profile"),
    path("credentials/evidence/", api.EvidenceListApi.as_view(), name="api-evidence-list"),
    path(
        "credentials/evidence/<uuid:pk>/correct/",
        api.EvidenceCorrectApi.as_view(),
        name="api-evidence-correct",
    ),
    path("credentials/templates/", api.TemplateListApi.as_view(), name="api-credential-templates"),
    path(
        "credentials/templates/<uuid:pk>/issue/",
        api.TemplateIssueApi.as_view(),
        name="api-credential-template-issue",
    ),
    path(
        "credentials/candidates/<uuid:pk>/decide/",
        api.CandidateDecideApi.as_view(),
        name="api-credential-candidate-decide",
    ),
    path(
        "credentials/colleges/<uuid:pk>/rules/", api.RuleListApi.as_view(), name="api-credit-rules"
    ),
    path(
        "credentials/colleges/<uuid:pk>/exam-results/",
        api.ExamImportApi.as_view(),
        name="api-exam-import",
    ),
    path(
        "credentials/credit-applications/",
        api.ApplicationListApi.as_view(),
        name="api-credit-applications",
    ),
    path(
        "credentials/credit-applications/<uuid:pk>/decide/",
        api.ApplicationDecideApi.as_view(),
        name="api-credit-application-decide",
    ),
    path("credentials/<uuid:pk>/", api.CredentialDetailApi.as_view(), name="api-credential-detail"),
    path(
        "credentials/<uuid:pk>/file/", api.CredentialFileApi.as_view(), name="api-credential-file"
    ),
    path(
        "credentials/<uuid:pk>/status/",
        api.CredentialStatusApi.as_view(),
        name="api-credential-status",
    ),
    path(
        "credentials/<uuid:pk>/shares/",
        api.CredentialShareApi.as_view(),
        name="api-credential-shares",
    ),
]
