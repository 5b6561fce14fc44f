"""The portal's URLs plus two admin sites whose application admin checks programmes with django-rules and with
django-guardian instead of `applications.permissions` (bench/permissions/measure.py)."""

import rules
from django.contrib import admin
from django.urls import path
from guardian.shortcuts import get_objects_for_user
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from applications.models import Application, Programme, ProgrammeStaff
from evaluations.admin import ApplicationAdmin
from evaluations.selectors import application_annotate_scores
from portal.admin_site import PortalAdminSite
from portal.urls import urlpatterns as portal_urlpatterns


def _unscoped(admin_obj, request):
    return application_annotate_scores(admin.ModelAdmin.get_queryset(admin_obj, request))


# --- django-rules: a predicate per permission; the list's filter is still ours to write ---------------------
@rules.predicate
def works_on_the_programme(user, application):
    if application is None:
        return True
    assigned = set(ProgrammeStaff.objects.filter(user=user).values_list("programme_id", flat=True))
    return None in assigned or application.call.programme_id in assigned


staff_of_programme = rules.is_superuser | (rules.is_staff & works_on_the_programme)
for action in ("view", "change"):
    rules.add_perm(f"applications.{action}_application", staff_of_programme)


class RulesApplicationAdmin(ObjectPermissionsModelAdminMixin, ApplicationAdmin):
    def get_queryset(self, request):
        queryset = _unscoped(self, request)
        if request.user.is_superuser:
            return queryset
        assigned = ProgrammeStaff.objects.filter(user=request.user).values_list("programme_id", flat=True)
        return queryset.filter(call__programme__in=assigned)

    def get_object(self, request, object_id, from_field=None):
        # The object must be found to ask the predicate about it (a 403 after, not the 404 of a missing one).
        queryset = _unscoped(self, request)
        return queryset.filter(pk=object_id).first()


# --- django-guardian: a "view_programme" permission row per staff member and programme ------------------------
class GuardianApplicationAdmin(ApplicationAdmin):
    def get_queryset(self, request):
        programmes = get_objects_for_user(request.user, "applications.view_programme", klass=Programme,
                                          accept_global_perms=False)
        queryset = _unscoped(self, request)
        return queryset if request.user.is_superuser else queryset.filter(call__programme__in=programmes)


rules_site = PortalAdminSite(name="bench_rules")
rules_site.register(Application, RulesApplicationAdmin)
guardian_site = PortalAdminSite(name="bench_guardian")
guardian_site.register(Application, GuardianApplicationAdmin)

urlpatterns = [path("bench-rules/", rules_site.urls), path("bench-guardian/", guardian_site.urls),
               *portal_urlpatterns]
