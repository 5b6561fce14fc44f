"""Writes of messaging: a user's channel, phone verification and advertising consent; a KakaoTalk message
recorded beside a notice and sent after commit, or a text message (LMS) beside a notice staff wrote; its result
from the provider; advertising held until 08:00."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.exceptions import DomainError
from portal.formatting import SEOUL, center_name
from portal.providers.messaging import Alimtalk, MessengerRefused, MessengerUnavailable, TextMessage, messenger_get
from portal.queue import enqueue_each_on_commit, enqueue_on_commit

from .models import (
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    MessageTemplate,
    MessagingProfile,
    PhoneVerification,
    SkipReason,
    template_fill,
)
from .registry import KINDS, NOTICES, TEXT_NOTICES, absolute

MOBILE = re.compile(r"^01[016789]\d{7,8}$")


class MessagingRefused(DomainError):
    """A choice, a verification or a message the rules refuse."""


def channel_off_reason() -> str:
    """"" when KakaoTalk and SMS can be sent; else why not (the admin and the settings page say it)."""
    try:
        return messenger_get().available()
    except MessengerRefused as exc:
        return exc.message


def phone_normalise(phone: str) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())


def _profile_locked(user) -> MessagingProfile:
    MessagingProfile.objects.get_or_create(user=user)
    return MessagingProfile.objects.select_for_update().get(user=user)


# ---- the user's choices ---------------------------------------------------------------------------

@transaction.atomic
def channel_set(*, user, channel: str) -> MessagingProfile:
    """Choose e-mail only, or e-mail and KakaoTalk (with or without the SMS fallback): KakaoTalk needs a
    verified number."""
    profile = _profile_locked(user)
    if channel not in Channel.values:
        raise MessagingRefused(_("Unknown channel."), code="channel")
    if channel != Channel.EMAIL and not profile.verified_phone:
        raise MessagingRefused(_("Verify your mobile number first: KakaoTalk messages go only to a verified "
                                 "number."), code="unverified")
    profile.channel = channel
    profile.save(update_fields=["channel"])
    return profile


@transaction.atomic
def ads_consent_set(*, user, given: bool, now: dt.datetime | None = None) -> MessagingProfile:
    """The separate consent to advertising messages (정보통신망법 §50), with the time it was given or
    withdrawn."""
    profile = _profile_locked(user)
    if profile.ads_consent != given:
        profile.ads_consent, profile.ads_consent_at = given, now or timezone.now()
        profile.save(update_fields=["ads_consent", "ads_consent_at"])
    return profile


@transaction.atomic
def phone_verification_start(*, user, phone: str, now: dt.datetime | None = None) -> PhoneVerification:
    """Ask for a code to prove `phone`; the code is made and sent by SMS after commit
    (`phone_code_send_task`). At most MESSAGING_CODES_PER_HOUR requests an hour per user."""
    from .tasks import phone_code_send_task

    now = now or timezone.now()
    number = phone_normalise(phone)
    if not MOBILE.match(number):
        raise MessagingRefused(_("Enter a Korean mobile number, e.g. 010-1234-5678."), code="phone")
    off = channel_off_reason()
    if off:
        raise MessagingRefused(_("Text messages are not available at the moment."), code="off")
    MessagingProfile.objects.get_or_create(user=user)
    MessagingProfile.objects.select_for_update().get(user=user)  # one request at a time per user
    recent = PhoneVerification.objects.filter(user=user, created_at__gt=now - dt.timedelta(hours=1)).count()
    if recent >= settings.MESSAGING_CODES_PER_HOUR:
        raise MessagingRefused(_("Too many codes were requested. Please try again in an hour."), code="rate")
    verification = PhoneVerification.objects.create(user=user, phone=number)
    enqueue_on_commit(phone_code_send_task, verification_id=verification.pk)
    return verification


def _code_hash(verification: PhoneVerification, code: str) -> str:
    return salted_hmac("messaging.phone-code", f"{verification.pk}:{verification.phone}:{code}").hexdigest()


def phone_code_send(*, verification_id: int, now: dt.datetime | None = None) -> bool:
    """Make the code, keep its hash and send it by SMS, once. Returns False when there was nothing to send."""
    with transaction.atomic(durable=True):  # the hash commits with the message that carries its code
        verification = PhoneVerification.objects.select_for_update().filter(pk=verification_id).first()
        if verification is None or verification.sent_at or verification.verified_at:
            return False
        now = now or timezone.now()
        code = f"{secrets.randbelow(10 ** 6):06d}"
        minutes = settings.MESSAGING_CODE_TTL_SECONDS // 60
        text = _("[%(center)s] Your verification code is %(code)s. It expires in %(minutes)d minutes.") % {
            "center": center_name(), "code": code, "minutes": minutes}
        # A fresh request number per attempt: after a lost answer the retry sends a new code (the last one
        # sent is the one kept), rather than being refused as a repeat of a code whose hash was never kept.
        request_number = f"{settings.MESSAGING_REQUEST_PREFIX}-v{verification.pk}-{secrets.token_hex(4)}"
        try:
            messenger_get().send_sms(request_number, verification.phone, text)
        except MessengerUnavailable as exc:
            PhoneVerification.objects.filter(pk=verification.pk).update(error=str(exc)[:2000])
            raise
        except MessengerRefused as exc:
            PhoneVerification.objects.filter(pk=verification.pk).update(error=f"{exc.code}: {exc.message}"[:2000])
            return False
        verification.code_hash = _code_hash(verification, code)
        verification.sent_at = now
        verification.expires_at = now + dt.timedelta(seconds=settings.MESSAGING_CODE_TTL_SECONDS)
        verification.error = ""
        verification.save(update_fields=["code_hash", "sent_at", "expires_at", "error"])
        return True


def phone_verification_confirm(*, user, code: str, now: dt.datetime | None = None) -> MessagingProfile:
    """Check the code of the user's latest request: wrong, expired and spent codes are refused (each wrong
    try counts, MESSAGING_CODE_MAX_ATTEMPTS in all); the right one makes its number the verified one."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        verification = (PhoneVerification.objects.select_for_update()
                        .filter(user=user, verified_at__isnull=True, sent_at__isnull=False).first())
        if verification is None:
            raise MessagingRefused(_("Request a code first."), code="no_code")
        left = settings.MESSAGING_CODE_MAX_ATTEMPTS - verification.attempts
        if left <= 0:
            raise MessagingRefused(_("Too many wrong codes. Request a new code."), code="attempts")
        if now >= verification.expires_at:
            raise MessagingRefused(_("The code has expired. Request a new code."), code="expired")
        verification.attempts += 1
        if not constant_time_compare(_code_hash(verification, code.strip()), verification.code_hash):
            verification.save(update_fields=["attempts"])  # the wrong try counts even though we refuse
            left -= 1
            refusal = MessagingRefused(
                ngettext("The code is not right. %(left)d more try.", "The code is not right. %(left)d more tries.",
                         left) % {"left": left} if left else _("Too many wrong codes. Request a new code."),
                code="wrong" if left else "attempts")
        else:
            verification.verified_at = now
            verification.save(update_fields=["attempts", "verified_at"])
            profile = _profile_locked(user)
            profile.phone, profile.phone_verified_at = verification.phone, now
            profile.save(update_fields=["phone", "phone_verified_at"])
    if refusal:
        raise refusal
    return profile


@transaction.atomic
def phone_forget(*, user) -> MessagingProfile:
    """Remove the verified number: KakaoTalk stops, e-mail stays."""
    profile = _profile_locked(user)
    profile.phone, profile.phone_verified_at, profile.channel = "", None, Channel.EMAIL
    profile.save(update_fields=["phone", "phone_verified_at", "channel"])
    return profile


# ---- messages ---------------------------------------------------------------------------------------

def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """Inside the hours when advertising may not be sent (21:00–08:00 Korea time, 정보통신망법 §50): the
    moment they end; else None."""
    local = now.astimezone(SEOUL)
    start, end = settings.MESSAGING_QUIET_FROM_HOUR, settings.MESSAGING_QUIET_UNTIL_HOUR
    if local.hour >= start:
        day = local.date() + dt.timedelta(days=1)
    elif local.hour < end:
        day = local.date()
    else:
        return None
    return dt.datetime.combine(day, dt.time(end), tzinfo=SEOUL)


def _skip_reason(*, delivery: Delivery, profile: MessagingProfile | None, template: MessageTemplate | None) -> str:
    """Why this message must not go out now ("" when it may): the rules checked when it is recorded and
    again just before it is sent. A text message (no template) goes only to users who chose text messages."""
    if profile is None or not profile.wants_kakao:
        return SkipReason.CHANNEL
    if delivery.kind == DeliveryKind.LMS and profile.channel != Channel.KAKAO_SMS:
        return SkipReason.CHANNEL
    if not profile.verified_phone:
        return SkipReason.UNVERIFIED
    if delivery.phone and delivery.phone != profile.verified_phone:
        return SkipReason.PHONE_CHANGED
    if template is not None and not template.sendable:
        return SkipReason.NOT_APPROVED
    advertising = template.advertising if template is not None else delivery.advertising
    if advertising and not profile.ads_consent:
        return SkipReason.NO_ADS_CONSENT
    return ""


def message_send(*, user, key: str, variables: dict, notification=None,
                 now: dt.datetime | None = None) -> Delivery | None:
    """Record a KakaoTalk message of kind `key` to `user` in the caller's transaction and send it after commit.
    Nothing is recorded while the channel is off or when the user did not choose KakaoTalk; a message that
    the rules stop (an unverified number, a template not approved, advertising without consent) is
    recorded as not sent, with the reason; advertising at night waits for 08:00."""
    from .tasks import delivery_send_task

    kind = KINDS[key]
    if set(variables) != set(kind.variables):
        raise ValueError(f"{key} declares {sorted(kind.variables)}, got {sorted(variables)}")
    if channel_off_reason():
        return None
    profile = MessagingProfile.objects.filter(user=user).first()
    template = MessageTemplate.objects.filter(key=key).first()
    if profile is None or not profile.wants_kakao or template is None:
        return None
    now = now or timezone.now()
    values = {name: str(value) for name, value in variables.items()}
    delivery = Delivery(
        user=user, template=template, notification=notification, template_code=template.provider_code,
        phone=profile.verified_phone, variables=values, text=template_fill(template.text, values),
        sms_text=template_fill(template.sms_text, values) if profile.channel == Channel.KAKAO_SMS else "",
        advertising=template.advertising,
    )
    reason = _skip_reason(delivery=delivery, profile=profile, template=template)
    if reason:
        delivery.status, delivery.reason = DeliveryStatus.SKIPPED, reason
    elif template.advertising and quiet_until(now):
        delivery.status, delivery.send_after = DeliveryStatus.WAITING, quiet_until(now)
    delivery.save()
    if delivery.status == DeliveryStatus.QUEUED:
        enqueue_on_commit(delivery_send_task, delivery_id=delivery.pk)
    return delivery


def notices_deliver(*, notifications: list) -> None:
    """The hook of notifications (notifications/channels.py), with the notices created together: each notice
    declared in messaging/registry.py goes to its recipient's KakaoTalk when they chose it; the notices declared
    for text messages (a group message) go by LMS to the recipients who chose text messages."""
    texts = []
    for notification in notifications:
        if notification.template in TEXT_NOTICES:
            texts.append(notification)
        elif notification.template in NOTICES:
            notice_deliver(notification=notification)
    if texts:
        texts_deliver(notifications=texts)


def texts_deliver(*, notifications: list, now: dt.datetime | None = None) -> list[Delivery]:
    """Record a text message (LMS) beside each notice whose recipient chose text messages (KakaoTalk with the
    text-message fallback), in the caller's transaction and in one statement, and send each after commit: the
    rules of `message_send` (a verified number, advertising only with consent and never 21:00–08:00) apply.
    Returns the deliveries recorded."""
    from .tasks import delivery_send_task

    if channel_off_reason():
        return []
    recipients = {notification.recipient_id for notification in notifications if notification.recipient_id}
    profiles = {profile.user_id: profile for profile in MessagingProfile.objects.filter(
        user_id__in=recipients, channel=Channel.KAKAO_SMS)}
    now = now or timezone.now()
    built: dict[tuple, object] = {}  # the copies of one notice differ only in their reader's language
    deliveries = []
    for notification in notifications:
        profile = profiles.get(notification.recipient_id)
        if profile is None:
            continue
        key = (notification.template, notification.language, notification.link, id(notification.context))
        if key not in built:
            built[key] = TEXT_NOTICES[notification.template](
                notification.context, absolute(notification.link), notification.language)
        text = built[key]
        if text is None:
            continue
        delivery = Delivery(user_id=notification.recipient_id, kind=DeliveryKind.LMS, notification=notification,
                            phone=profile.verified_phone, subject=text.subject, text=text.text,
                            advertising=text.advertising)
        reason = _skip_reason(delivery=delivery, profile=profile, template=None)
        if reason:
            delivery.status, delivery.reason = DeliveryStatus.SKIPPED, reason
        elif text.advertising and quiet_until(now):
            delivery.status, delivery.send_after = DeliveryStatus.WAITING, quiet_until(now)
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    enqueue_each_on_commit(delivery_send_task, [{"delivery_id": delivery.pk} for delivery in deliveries
                                                if delivery.status == DeliveryStatus.QUEUED])
    return deliveries


def notice_deliver(*, notification) -> Delivery | None:
    """The hook of notifications (notifications/channels.py): a notice declared in messaging/registry.py
    also goes to its recipient's KakaoTalk when they chose it."""
    builder = NOTICES.get(notification.template)
    if builder is None or notification.recipient_id is None:
        return None
    built = builder(notification.context, absolute(notification.link))
    if built is None:
        return None
    key, variables = built
    return message_send(user=notification.recipient, key=key, variables=variables, notification=notification)


def delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Hand one queued message to the provider, once: the rules are checked again, advertising at night goes
    back to waiting, and a message that reached the provider on an earlier attempt is not sent again (the
    provider is asked for its request number first). Returns True when it was handed over."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):  # the "handed over" mark commits with the hand-over
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("template", "user")
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return False
        profile = MessagingProfile.objects.filter(user_id=delivery.user_id).first()
        reason = _skip_reason(delivery=delivery, profile=profile, template=delivery.template)
        if not reason and channel_off_reason():
            reason = SkipReason.OFF
        if reason:
            delivery.status, delivery.reason = DeliveryStatus.SKIPPED, reason
            delivery.save(update_fields=["status", "reason"])
            return False
        if delivery.advertising and quiet_until(now):
            delivery.status, delivery.send_after = DeliveryStatus.WAITING, quiet_until(now)
            delivery.save(update_fields=["status", "send_after"])
            return False
        messenger = messenger_get()
        delivery.attempts += 1
        try:
            earlier = _report(messenger, delivery) if delivery.attempts > 1 else None
            receipt = "" if earlier else _hand_over(messenger, delivery)
        except MessengerUnavailable as exc:
            Delivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts, error=str(exc)[:2000])
            raise
        except MessengerRefused as exc:
            delivery.status, delivery.result_at = DeliveryStatus.FAILED, now
            delivery.error = f"{exc.code}: {exc.message}"[:2000]
            delivery.save(update_fields=["status", "result_at", "attempts", "error"])
            return False
        delivery.status, delivery.submitted_at, delivery.receipt_number = DeliveryStatus.SUBMITTED, now, receipt
        delivery.error = ""
        delivery.save(update_fields=["status", "submitted_at", "receipt_number", "attempts", "error"])
        return True


def _hand_over(messenger, delivery: Delivery) -> str:
    if delivery.kind == DeliveryKind.LMS:
        return messenger.send_lms(TextMessage(
            request_number=delivery.request_number, receiver=delivery.phone, receiver_name=delivery.user.name,
            subject=delivery.subject, text=delivery.text, advertising=delivery.advertising))
    return messenger.send_alimtalk(Alimtalk(
        request_number=delivery.request_number, template_code=delivery.template_code, receiver=delivery.phone,
        receiver_name=delivery.user.name, text=delivery.text, fallback_text=delivery.sms_text))


def _report(messenger, delivery: Delivery):
    if delivery.kind == DeliveryKind.LMS:
        return messenger.text_report(delivery.request_number)
    return messenger.alimtalk_report(delivery.request_number)


def delivery_mark_failed(*, delivery_id: int, error: str) -> None:
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED, error=error[:2000], result_at=timezone.now())


REPORT_STATUS = {"sent": DeliveryStatus.SENT, "fell_back": DeliveryStatus.FELL_BACK, "failed": DeliveryStatus.FAILED}


@transaction.atomic
def delivery_result_check(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """Ask the provider what became of a message handed over: delivered by KakaoTalk, by SMS instead, or
    failed. One without an answer MESSAGING_RESULT_GIVE_UP_HOURS after it was handed over is failed.
    Returns the status."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.SUBMITTED:
        return delivery.status if delivery else ""
    report = _report(messenger_get(), delivery)
    give_up = delivery.submitted_at + dt.timedelta(hours=settings.MESSAGING_RESULT_GIVE_UP_HOURS)
    if report is not None and report.state in REPORT_STATUS:
        delivery.status = REPORT_STATUS[report.state]
        delivery.result_code, delivery.fallback_code = report.code, report.fallback_code
        delivery.error = report.message
    elif now >= give_up:
        delivery.status, delivery.error = DeliveryStatus.FAILED, "no result from the provider"
    else:
        return delivery.status
    delivery.result_at = now
    delivery.save(update_fields=["status", "result_code", "fallback_code", "error", "result_at"])
    return delivery.status


def delivery_results_check(*, now: dt.datetime | None = None) -> int:
    """The beat's pass over messages handed over at least MESSAGING_RESULT_AFTER_SECONDS ago; stops when the
    provider cannot be reached. Returns how many got their result."""
    now = now or timezone.now()
    if channel_off_reason():
        return 0
    due = list(Delivery.objects.filter(
        status=DeliveryStatus.SUBMITTED,
        submitted_at__lte=now - dt.timedelta(seconds=settings.MESSAGING_RESULT_AFTER_SECONDS),
    ).order_by("submitted_at", "pk").values_list("pk", flat=True)[:settings.MESSAGING_RESULT_BATCH])
    settled = 0
    for pk in due:
        try:
            settled += delivery_result_check(delivery_id=pk, now=now) != DeliveryStatus.SUBMITTED
        except MessengerUnavailable:
            break
    return settled


@transaction.atomic
def deliveries_release(*, now: dt.datetime | None = None) -> int:
    """Send the advertising messages that waited for the end of the quiet hours. Returns how many."""
    from .tasks import delivery_send_task

    now = now or timezone.now()
    if quiet_until(now):
        return 0
    due = list(Delivery.objects.select_for_update(skip_locked=True)
               .filter(status=DeliveryStatus.WAITING, send_after__lte=now).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=due).update(status=DeliveryStatus.QUEUED)
    enqueue_each_on_commit(delivery_send_task, [{"delivery_id": pk} for pk in due])
    return len(due)
