"""Template context for every page: the center's name, the admin's address, the district's identity and
the department in the footer (the unread notices are added by `notifications.context_processors.unread`)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

# KRDS's masthead ("이 누리집은 대한민국 공식 전자정부 누리집입니다.") belongs to official sites only: those
# served from a host under go.kr.
OFFICIAL_DOMAIN = "go.kr"


def is_official_host(host: str) -> bool:
    """The host (port and a final dot ignored) is go.kr or a name under it."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.rstrip(".").lower()
    return name == OFFICIAL_DOMAIN or name.endswith("." + OFFICIAL_DOMAIN)


def _official_site(request) -> bool:
    try:
        return is_official_host(request.get_host())
    except DisallowedHost:  # the 400 page answering a request for a host not served
        return False


def portal(request):
    language = "EN" if (get_language() or "ko").startswith("en") else "KO"
    return {
        "center_name": getattr(settings, f"PORTAL_CENTER_NAME_{language}"), "admin_url": "/" + settings.ADMIN_URL,
        "district_name": getattr(settings, f"PORTAL_DISTRICT_NAME_{language}"),
        "district_emblem": settings.PORTAL_DISTRICT_EMBLEM,
        "official_site": _official_site(request),
        "department_name": getattr(settings, f"PORTAL_SENDER_NAME_{language}"),
        "department_address": getattr(settings, f"PORTAL_DEPARTMENT_ADDRESS_{language}"),
        "department_phone": settings.PORTAL_SENDER_PHONE,
    }
