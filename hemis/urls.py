from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from hemis.api.api import api
from hemis.core.views import healthz_view

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("hemis.core.urls")),
    path("accounts/", include("hemis.accounts.urls")),
    path("directory/", include("hemis.directory.urls")),
    path("questionnaires/", include("hemis.questionnaires.urls")),
    path("treaties/", include("hemis.treaties.urls")),
    path("laws/", include("hemis.legislation.urls")),
    prefix_default_language=True,
)

handler400 = "hemis.core.errors.bad_request"
handler403 = "hemis.core.errors.permission_denied"
handler404 = "hemis.core.errors.page_not_found"
handler500 = "hemis.core.errors.server_error"
