"""Token authentication with DRF's rules and one hand-written query.

Every API call authenticates, so the token → user lookup is written out (see
``annotations.selectors.handwritten``); what it accepts and refuses is DRF's own. Like DRF's,
this module imports no models: DRF loads it while the app registry may still be filling.
"""

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from annotations.selectors.handwritten import columns, fetch_one, instance, partial


@cache
def _user_by_token() -> str:
    return f"""
        SELECT {columns(get_user_model(), "auth_user")} FROM auth_user
        JOIN authtoken_token token ON token.user_id = auth_user.id
        WHERE token.key = %s
    """


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        row = fetch_one(_user_by_token(), [key])
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = instance(get_user_model(), row)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, partial(self.get_model(), key=key, user_id=user.pk)
