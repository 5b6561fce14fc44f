"""Celery tasks of messaging: send one KakaoTalk message, send one verification code, and the beat's passes
over results and advertising held for the morning (a lost task is sent again by portal.queue's sweep)."""

from celery import shared_task

from portal.providers.messaging import MessengerUnavailable

from . import services

RETRY = {"autoretry_for": (MessengerUnavailable,), "retry_backoff": 5, "retry_backoff_max": 600,
         "retry_jitter": True, "max_retries": 8, "acks_late": True}


@shared_task(bind=True, **RETRY)
def delivery_send_task(self, delivery_id: int) -> bool:
    try:
        return services.delivery_send(delivery_id=delivery_id)
    except MessengerUnavailable as exc:
        if self.request.retries >= self.max_retries:
            services.delivery_mark_failed(delivery_id=delivery_id, error=str(exc))
        raise


@shared_task(bind=True, **{**RETRY, "max_retries": 3, "retry_backoff_max": 30})
def phone_code_send_task(self, verification_id: int) -> bool:
    return services.phone_code_send(verification_id=verification_id)


@shared_task
def delivery_results_check_task() -> int:
    return services.delivery_results_check()


@shared_task
def deliveries_release_task() -> int:
    return services.deliveries_release()
