"""The admin site: Django's, with the navigation sidebar's list of models worked out only when it is drawn.

Every admin page carries the sidebar with every model the user may see. Django works that list out for each
request (a permission check and two URLs per model) and draws it again (about a third of the application
list's time at 100,000 rows, `bench/admin_list.py`). Here the list is computed on first use, and the sidebar
(`templates/admin/nav_sidebar.html`) is kept in the cache per user, language and current model for
`PORTAL_ADMIN_NAV_CACHE_SECONDS`, so a page whose sidebar is cached computes nothing for it. A permission
given or taken shows in the sidebar within that time; the pages themselves check permissions every time."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


class PortalAdminSite(admin.AdminSite):
    def each_context(self, request):
        request._portal_lazy_app_list = True
        try:
            context = super().each_context(request)
        finally:
            del request._portal_lazy_app_list
        # The sidebar marks the current app and model: it differs per route (a model's pages) and app.
        match = request.resolver_match
        place = f"{match.route}|{match.kwargs.get('app_label', '')}" if match else request.path
        context["admin_nav_seconds"] = settings.PORTAL_ADMIN_NAV_CACHE_SECONDS
        context["admin_nav_key"] = f"{getattr(request.user, 'pk', '')}|{get_language()}|{place}"
        return context

    def get_app_list(self, request, app_label=None):
        build = super().get_app_list
        if getattr(request, "_portal_lazy_app_list", False):
            return SimpleLazyObject(lambda: build(request, app_label))
        return build(request, app_label)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
