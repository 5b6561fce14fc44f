"""Popbill (팝빌, Linkhub): the e-tax-invoice, bank-account inquiry and KakaoTalk/SMS provider.

The apps call Popbill only through their own interfaces, which get the provider's SDK services from
`popbill_service`. Settings (all from the environment; the portal runs without them and says what is
off, see `popbill_configured`):

- ``POPBILL_LINK_ID``, ``POPBILL_SECRET_KEY``: the partner credentials Linkhub issues;
- ``POPBILL_CORP_NUM``: the lessor's business registration number, the Popbill member that acts;
- ``POPBILL_IS_TEST``: use Popbill's test bed (default on: nothing reaches the NTS until turned off);
- ``POPBILL_SERVICE_URL``, ``POPBILL_AUTH_URL``: where the API and Linkhub's token service are, when not
  Popbill's own hosts (a forward proxy of the district's network; the local fake in tests). The SDK
  has a setting for the token service (`linkhub.authURL`) but none for the API host, so the service
  instances here get their connection factory, `_getConn`, replaced; every request is still built,
  signed, sent and parsed by the SDK.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from django.conf import settings


def popbill_configured() -> bool:
    return bool(settings.POPBILL_LINK_ID and settings.POPBILL_SECRET_KEY and settings.POPBILL_CORP_NUM)


def _connection(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return cls(parts.hostname, parts.port, timeout=timeout)


_services: dict[tuple, object] = {}


def popbill_service(service_cls: type):
    """An instance of the SDK's `service_cls` (e.g. ``popbill.TaxinvoiceService``) set up from the
    settings, kept (with its session token) while the settings stay the same. The SDK keeps one
    instance per class for the process, created with the first caller's credentials; this replaces it
    when the settings change (a test's fake, a rotated key)."""
    import linkhub

    key = (service_cls, settings.POPBILL_LINK_ID, settings.POPBILL_SECRET_KEY, settings.POPBILL_IS_TEST,
           settings.POPBILL_SERVICE_URL, settings.POPBILL_AUTH_URL)
    linkhub.authURL(settings.POPBILL_AUTH_URL or "")
    if key not in _services:
        type(service_cls)._instances.pop(service_cls, None)
        service = service_cls(settings.POPBILL_LINK_ID, settings.POPBILL_SECRET_KEY)
        if settings.POPBILL_SERVICE_URL:
            # A fresh connection per request to the configured URL (the SDK's own keeps one open for
            # minutes, which a restarted server or proxy breaks). The SDK's classes cannot be
            # subclassed (their __init__ calls super(self.__class__, self)), so the instance's
            # connection factory is set instead.
            url, timeout = settings.POPBILL_SERVICE_URL, settings.POPBILL_TIMEOUT
            service._getConn = lambda: _connection(url, timeout)
        service.IsTest = settings.POPBILL_IS_TEST
        service.IPRestrictOnOff = True
        service.UseStaticIP = False
        service.UseLocalTimeYN = True
        _services[key] = service
    return _services[key]
