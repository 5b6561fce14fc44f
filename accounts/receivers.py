"""Security log entries for Django's own events: logins, failures (and lockouts), logouts, admin changes."""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import SecurityEventKind
from .services import security_event_record
from .throttle import client_ip, login_failure_register, login_failures_clear, login_lock_remaining


@receiver(user_logged_in, dispatch_uid="accounts.security.login")
def _on_login(sender, request, user, **kwargs):
    login_failures_clear(email=user.email, ip=client_ip(request))
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts.security.logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "logout_reason", "user")
        security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user, details={"reason": reason})


@receiver(user_login_failed, dispatch_uid="accounts.security.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    """Log a failed login (at any door) and count it against the address and the (account, address) pair."""
    email = (credentials.get("username") or credentials.get("email") or "").strip().lower()
    ip = client_ip(request)
    locked = login_lock_remaining(email=email, ip=ip)
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, request=request, email=email,
                          details={"locked": True} if locked else None)
    if login_failure_register(email=email, ip=ip):
        security_event_record(kind=SecurityEventKind.LOCKOUT, request=request, email=email,
                              details={"cooloff_seconds": settings.PORTAL_LOGIN_COOLOFF})


@receiver(post_save, sender=LogEntry, dispatch_uid="accounts.security.admin_change")
def _on_admin_change(sender, instance, created, **kwargs):
    if not created:
        return
    security_event_record(
        kind=SecurityEventKind.ADMIN_CHANGE, user=instance.user,
        details={
            "action": {1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, str(instance.action_flag)),
            "model": f"{instance.content_type.app_label}.{instance.content_type.model}"
            if instance.content_type_id else "",
            "object_id": instance.object_id or "",
            "object": instance.object_repr,
            "message": instance.get_change_message(),
        },
    )
