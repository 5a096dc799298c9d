from django.urls import path

from talentbridge.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy_notice, name="privacy"),
]
