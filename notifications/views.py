"""The notification center: a user's notices, newest first; opening one marks it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .models import Notification
from .selectors import notification_list_for_user
from .services import notification_create, notification_mark_read, notification_title


@login_required
def notification_list(request):
    notifications = list(notification_list_for_user(user=request.user))
    language = get_language()
    for notification in notifications:
        notification.display_title = notification_title(notification, language=language)
    return render(request, "notifications/list.html", {"notifications": notifications})


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_ids=[notification.pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_send_test(request):
    """Staff send themselves a test notification to check the e-mail path end to end."""
    if not request.user.is_district_staff:
        raise PermissionDenied
    if request.method == "POST":
        with transaction.atomic():
            notification_create(
                recipient=request.user, template="portal/test_message", link=reverse("notifications:list")
            )
        messages.success(
            request,
            _("A test notification was recorded; its e-mail goes to %(email)s.") % {"email": request.user.email},
        )
        return redirect("notifications:send_test")
    return render(request, "notifications/send_test.html")
