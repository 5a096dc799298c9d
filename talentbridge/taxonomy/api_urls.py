from django.urls import path

from talentbridge.taxonomy import api

urlpatterns = [
    path("taxonomy/skills/", api.SkillListApi.as_view(), name="api-taxonomy-skills"),
    path("taxonomy/skills/<uuid:pk>/", api.SkillDetailApi.as_view(), name="api-taxonomy-skill"),
    path("taxonomy/occupations/", api.OccupationListApi.as_view(), name="api-taxonomy-occupations"),
    path(
        "taxonomy/esco-occupations/",
        api.EscoOccupationListApi.as_view(),
        name="api-taxonomy-esco-occupations",
    ),
    path("taxonomy/majors/", api.MajorListApi.as_view(), name="api-taxonomy-majors"),
    path(
        "taxonomy/certificates/",
        api.CertificateListApi.as_view(),
        name="api-taxonomy-certificates",
    ),
    path("taxonomy/releases/", api.ReleaseListApi.as_view(), name="api-taxonomy-releases"),
    path("taxonomy/extract/", api.ExtractApi.as_view(), name="api-taxonomy-extract"),
]
