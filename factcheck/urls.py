"""Top-level routes: the API, the admin and the editor pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.web.urls")),
]

# JSON for /api/ paths, the app's own pages elsewhere.
handler400 = "annotations.web.errors.bad_request"
handler403 = "annotations.web.errors.permission_denied"
handler404 = "annotations.web.errors.page_not_found"
handler500 = "annotations.web.errors.server_error"
