"""Top-level routes: the API, the admin and the editor pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.web.urls")),
]
