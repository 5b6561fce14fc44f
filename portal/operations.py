"""Operations pages for district staff: send oneself a test notification to check the e-mail path end to end."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods


@login_required
@require_http_methods(["GET", "POST"])
def test_notification(request):
    if not request.user.is_district_staff:
        raise PermissionDenied
    if request.method == "POST":
        # The one place where portal reaches up to notifications: only the root URLs list this page.
        from notifications.services import notification_create

        with transaction.atomic():
            notification_create(
                recipient=request.user, template="portal/test_message", link=reverse("notifications:list")
            )
        messages.success(
            request,
            _("A test notification was recorded; its e-mail goes to %(email)s.") % {"email": request.user.email},
        )
        return redirect("portal:test_notification")
    return render(request, "portal/test_notification.html")
