"""Public URLs of applications: calls for applications."""

urlpatterns: list = []
