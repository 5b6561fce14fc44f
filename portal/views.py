"""Small views of the portal itself."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the portal's icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
