from django.urls import path

from talentbridge.curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("curriculum/", views.offering_list, name="offering-list"),
    path("curriculum/colleges/<uuid:pk>/rules/", views.college_rules, name="college-rules"),
    path("curriculum/majors/<uuid:pk>/", views.offering_detail, name="offering-detail"),
    path(
        "curriculum/majors/<uuid:pk>/evidence/", views.offering_evidence, name="offering-evidence"
    ),
    path("curriculum/versions/<uuid:pk>/", views.version_detail, name="version-detail"),
    *(
        path(
            f"curriculum/versions/<uuid:pk>/{slug}/",
            views.version_action,
            {"action": action},
            name=f"version-{slug}",
        )
        for action, slug in views.VERSION_ACTIONS.items()
    ),
    path("curriculum/versions/<uuid:pk>/import/", views.version_import, name="version-import"),
    path("curriculum/versions/<uuid:pk>/export/", views.version_export, name="version-export"),
    path("curriculum/versions/<uuid:pk>/diff/", views.version_diff, name="version-diff"),
    path(
        "curriculum/versions/<uuid:pk>/alignment/",
        views.version_alignment,
        name="version-alignment",
    ),
    path(
        "curriculum/versions/<uuid:pk>/alignment/skill/",
        views.version_alignment_skill,
        name="version-alignment-skill",
    ),
    path("curriculum/courses/<uuid:pk>/", views.course_detail, name="course-detail"),
]
