"""Root URL configuration: the only module that knows every app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language

admin.site.site_header = _("Yangjae AI Excellent Company Center — administration")
admin.site.site_title = _("Yangjae AI center admin")
admin.site.index_title = _("District staff")

urlpatterns = [
    path("", include("portal.site_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("tenants/", include("tenants.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
