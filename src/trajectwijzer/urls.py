from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from trajectwijzer.api.urls import api
from trajectwijzer.web import views as web_views

# Pages carry no language prefix: the language follows the user's choice (cookie,
# profile) or the browser, so shared links stay the same in every language.
urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("trajectwijzer.accounts.urls")),
    path("catalogue/", include("trajectwijzer.catalogue.urls")),
    path("incentives/", include("trajectwijzer.incentives.urls")),
    path("barometer/", include("trajectwijzer.barometer.urls")),
    path("caseload/", include("trajectwijzer.caseload.urls")),
    path("competences/", include("trajectwijzer.competences.urls")),
    path("development/", include("trajectwijzer.development.urls")),
    path("instruments/", include("trajectwijzer.instruments.urls")),
    path("privacy/", include("trajectwijzer.privacy.urls")),
    path("trajectories/", include("trajectwijzer.trajectories.urls")),
    path("recognition/overview/", include("trajectwijzer.recognition.urls_overview")),
    path("recognition/", include("trajectwijzer.recognition.urls")),
    path("", include("trajectwijzer.web.urls")),
]

handler404 = "trajectwijzer.web.views.page_not_found"
handler500 = "trajectwijzer.web.views.server_error"
