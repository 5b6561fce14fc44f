"""Root URL configuration: the only module that knows every app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language
from applications.views_public import home
from portal import site_urls
from portal.formatting import center_name
from portal.views import favicon

_center = lazy(center_name, str)()  # the center's name in the language of each request
admin.site.site_header = format_lazy(_("{center} — administration"), center=_center)
admin.site.site_title = format_lazy(_("{center} admin"), center=_center)
admin.site.index_title = _("District staff")

urlpatterns = [
    # The home page shows the open call: applications serves it under the portal's name "portal:home".
    path("", include(([path("", home, name="home"), *site_urls.urlpatterns], site_urls.app_name))),
    path("i18n/setlang/", set_language, name="set_language"),
    # Browsers ask for /favicon.ico whatever the page links: the same icon, no 404 in the logs.
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("accounts/messaging/", include("messaging.urls")),
    path("tenants/", include("tenants.urls")),
    path("billing/", include("billing.urls")),
    path("gpu/", include("compute.urls")),
    path("", include("applications.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("exemptions/", include("exemptions.urls")),
    path("", include("privacy.urls")),
    path("", include("helpdesk.urls")),
    path("", include("outreach.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Error pages render without the database (see portal/errors.py and docs/operations.md).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
