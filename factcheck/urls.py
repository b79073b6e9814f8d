"""Top-level routes: the API, the admin and the editor pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.web.urls")),
]

# JSON for /api/ paths, Django's pages elsewhere.
handler400 = "annotations.api.errors.json_bad_request"
handler404 = "annotations.api.errors.json_not_found"
handler500 = "annotations.api.errors.json_server_error"
