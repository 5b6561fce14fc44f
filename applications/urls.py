"""URLs of applications (namespace "applications")."""

from .urls_applicant import urlpatterns as applicant_urlpatterns
from .urls_public import urlpatterns as public_urlpatterns

app_name = "applications"

urlpatterns = [*public_urlpatterns, *applicant_urlpatterns]
