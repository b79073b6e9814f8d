"""Logging in, with the shared limit on failed attempts."""

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from annotations.services.login_throttle import (
    TooManyAttempts,
    check_login_allowed,
    record_login_failure,
    record_login_success,
)

from .strings import JS_STRINGS


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, refusing early when the account or address failed too often.

    Every failure gets the same message, whether or not the account exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or the password is not right. Check both and try again."),
        "too_many_attempts": _("Too many failed log-ins. Wait 15 minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        try:
            check_login_allowed(username=username, address=address)
        except TooManyAttempts as exc:
            raise forms.ValidationError(
                self.error_messages["too_many_attempts"], code="too_many_attempts"
            ) from exc
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_login_failure(username=username, address=address)
            raise
        record_login_success(username=username, address=address)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
    extra_context = {"js_strings": JS_STRINGS}
