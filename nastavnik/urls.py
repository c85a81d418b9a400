from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from nastavnik.api.urls import api_urls

admin.site.site_header = "Наставник — администрирование"
admin.site.site_title = "Наставник"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("nastavnik.core.urls")),
    path("accounts/", include("nastavnik.accounts.urls")),
    path("", include("nastavnik.organizations.urls")),
    path("", include("nastavnik.audit.urls")),
    path("", include("nastavnik.roadmaps.urls")),
    path("", include("nastavnik.participants.urls")),
    path("", include("nastavnik.questionnaires.urls")),
    path("", include("nastavnik.matching.urls")),
    path("", include("nastavnik.mentoring.urls")),
    path("", include("nastavnik.public.urls")),
    path("", include("nastavnik.regions.urls")),
    path("", include("nastavnik.monitoring.urls")),
    path("", include("nastavnik.dashboard.urls")),
    path("", include("nastavnik.documents.urls")),
    path("", include("nastavnik.api.urls")),
    path("api/v1/", api_urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
