"""URL map. HTML pages at the root, REST API under /api/v1/, docs at /api/docs/."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from talentbridge.accounts import api as accounts_api
from talentbridge.community.views import home
from talentbridge.core.api import RegionsApi

api_v1: list[URLPattern | URLResolver] = [
    path("me/", accounts_api.MeApi.as_view(), name="api-me"),
    path("auth/token/", accounts_api.TokenApi.as_view(), name="api-token"),
    path("regions/", RegionsApi.as_view(), name="api-regions"),
    path("", include("talentbridge.community.api_urls")),
    path("", include("talentbridge.projects.api_urls")),
    path("", include("talentbridge.demand.api_urls")),
    path("", include("talentbridge.curriculum.api_urls")),
    path("", include("talentbridge.taxonomy.api_urls")),
    path("", include("talentbridge.credentials.api_urls")),
    path("", include("talentbridge.competitions.api_urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("", include("talentbridge.core.urls")),
    path("accounts/", include("talentbridge.accounts.urls")),
    path("", include("talentbridge.community.urls")),
    path("", include("talentbridge.projects.urls")),
    path("", include("talentbridge.demand.urls")),
    path("", include("talentbridge.curriculum.urls")),
    path("", include("talentbridge.taxonomy.urls")),
    path("", include("talentbridge.credentials.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its start script served as a file (no inline script under the CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Redoc injects its own <style> elements and runs its search in a blob: worker: this page
    # alone relaxes style-src and worker-src; scripts stay 'self' (ADR 0012).
    path(
        "api/redoc/",
        csp_update(
            {
                "style-src": [UNSAFE_INLINE],
                "style-src-elem": [UNSAFE_INLINE],
                "worker-src": ["blob:"],
            }
        )(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
]
