from django.urls import path

from talentbridge.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("skills/", views.skill_list, name="skill-list"),
    path("skills/export/", views.skill_export, name="skill-export"),
    path("skills/extract/", views.skill_extract, name="skill-extract"),
    path("skills/<uuid:pk>/", views.skill_detail, name="skill-detail"),
    path("skills/<uuid:pk>/edit/", views.skill_edit, name="skill-edit"),
    path("skills/<uuid:pk>/merge/", views.skill_merge, name="skill-merge"),
    path("taxonomy/changes/", views.change_list, name="change-list"),
    path("taxonomy/changes/<uuid:pk>/review/", views.change_review, name="change-review"),
    path("taxonomy/releases/", views.release_list, name="release-list"),
    path("taxonomy/releases/<uuid:pk>/", views.release_detail, name="release-detail"),
    path("taxonomy/releases/<uuid:pk>/submit/", views.release_submit, name="release-submit"),
    path("taxonomy/releases/<uuid:pk>/publish/", views.release_publish, name="release-publish"),
]
