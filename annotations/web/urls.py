"""The editor pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .health import healthz

app_name = "web"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
