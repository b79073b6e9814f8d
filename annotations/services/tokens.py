"""API tokens: one per user, issued on demand."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from .errors import InvalidInput


def issue_token(*, user: User) -> str:
    """The user's API token, created on first use; idempotent."""
    if not user.is_active:
        raise InvalidInput(gettext_noop("This account is disabled."), field="username")
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
