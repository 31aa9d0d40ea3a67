"""The URL map of IE Commons."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from iecommons.accounts import urls as accounts_urls
from iecommons.common import views as common_views
from iecommons.registry.views import account as account_pages

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("favicon.ico", common_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),  # CSRF-checked, POST
    path("i18n/language/<str:code>/", common_views.language_choose, name="language_choose"),
    path("admin/", admin.site.urls),
    # Accounts' own pages and the registry's pages of one's account, in one namespace.
    path(
        "accounts/",
        include(([*accounts_urls.urlpatterns, *account_pages.urlpatterns], "accounts")),
    ),
    path("api/", include("iecommons.config.api_urls")),
    path("assessment/", include("iecommons.assessment.urls")),
    path("collaboration/", include("iecommons.collaboration.urls")),
    path("projects/", include("iecommons.projects.urls")),
    path("policy/", include("iecommons.policy.urls")),
    path("desk/", include("iecommons.desk.urls")),
    path("talent/", include("iecommons.talent.urls")),
    path("open-data/", include("iecommons.oversight.urls")),
    path("dashboards/", include("iecommons.oversight.dashboards.urls")),
    path("reports/", include("iecommons.oversight.reports.urls")),
    path("", include("iecommons.registry.urls")),
]

if settings.DEBUG:  # pragma: no cover - media files are served by the proxy in production
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
