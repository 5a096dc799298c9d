from django.urls import path

from talentbridge.curriculum import api

P = "curriculum/"

urlpatterns = [
    path(f"{P}catalogue/", api.CatalogueApi.as_view(), name="api-curriculum-catalogue"),
    path(f"{P}offerings/", api.OfferingListApi.as_view(), name="api-curriculum-offerings"),
    path(
        f"{P}offerings/<uuid:pk>/", api.OfferingDetailApi.as_view(), name="api-curriculum-offering"
    ),
    path(
        f"{P}offerings/<uuid:pk>/enrollment/",
        api.EnrollmentApi.as_view(),
        name="api-curriculum-enrollment",
    ),
    path(
        f"{P}offerings/<uuid:pk>/partners/",
        api.PartnerApi.as_view(),
        name="api-curriculum-partners",
    ),
    path(
        f"{P}offerings/<uuid:pk>/plans/",
        api.PlanCreateApi.as_view(),
        name="api-curriculum-plan-create",
    ),
    path(
        f"{P}offerings/<uuid:pk>/evidence/",
        api.OfferingReportApi.as_view(),
        name="api-curriculum-evidence",
    ),
    path(
        f"{P}colleges/<uuid:pk>/rules/", api.CollegeRulesApi.as_view(), name="api-curriculum-rules"
    ),
    path(f"{P}plans/<uuid:pk>/", api.PlanDetailApi.as_view(), name="api-curriculum-plan"),
    path(f"{P}versions/<uuid:pk>/", api.VersionDetailApi.as_view(), name="api-curriculum-version"),
    path(
        f"{P}versions/<uuid:pk>/courses/",
        api.VersionCoursesApi.as_view(),
        name="api-curriculum-courses",
    ),
    path(
        f"{P}versions/<uuid:pk>/extras/",
        api.VersionExtrasApi.as_view(),
        name="api-curriculum-extras",
    ),
    path(
        f"{P}versions/<uuid:pk>/import/",
        api.VersionImportApi.as_view(),
        name="api-curriculum-import",
    ),
    path(
        f"{P}versions/<uuid:pk>/export/",
        api.VersionExportApi.as_view(),
        name="api-curriculum-export",
    ),
    path(f"{P}versions/<uuid:pk>/diff/", api.VersionDiffApi.as_view(), name="api-curriculum-diff"),
    path(
        f"{P}versions/<uuid:pk>/transition/",
        api.VersionTransitionApi.as_view(),
        name="api-curriculum-transition",
    ),
    path(
        f"{P}versions/<uuid:pk>/comments/",
        api.VersionCommentsApi.as_view(),
        name="api-curriculum-comments",
    ),
    path(
        f"{P}versions/<uuid:pk>/proposals/",
        api.VersionProposalsApi.as_view(),
        name="api-curriculum-proposals",
    ),
    path(
        f"{P}versions/<uuid:pk>/signoffs/",
        api.VersionSignoffsApi.as_view(),
        name="api-curriculum-signoffs",
    ),
    path(
        f"{P}versions/<uuid:pk>/alignment/",
        api.VersionAlignmentApi.as_view(),
        name="api-curriculum-alignment",
    ),
    path(
        f"{P}versions/<uuid:pk>/alignment/skill/",
        api.AlignmentSkillApi.as_view(),
        name="api-curriculum-alignment-skill",
    ),
    path(f"{P}courses/<uuid:pk>/", api.CourseDetailApi.as_view(), name="api-curriculum-course"),
    path(
        f"{P}courses/<uuid:pk>/outcomes/",
        api.CourseOutcomesApi.as_view(),
        name="api-curriculum-outcomes",
    ),
    path(
        f"{P}courses/<uuid:pk>/suggestions/",
        api.CourseSuggestApi.as_view(),
        name="api-curriculum-suggest",
    ),
    path(
        f"{P}suggestions/<uuid:pk>/decide/",
        api.SuggestionDecideApi.as_view(),
        name="api-curriculum-suggestion-decide",
    ),
    path(
        f"{P}proposals/<uuid:pk>/decide/",
        api.ProposalDecideApi.as_view(),
        name="api-curriculum-proposal-decide",
    ),
]
