"""Who am I, who else is here, and API tokens."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.selectors.members import list_members, list_memberships
from annotations.services.errors import InvalidInput, NotFound
from annotations.services.login_throttle import (
    check_login_allowed,
    record_login_failure,
    record_login_success,
)
from annotations.services.tokens import issue_token

from .base import READ_ERRORS, ApiView, errors
from .serializers import MemberOut, MembersQuery, MeOut, TokenIn, TokenOut

WRONG_CREDENTIALS = gettext_noop("Wrong user name or password.")


def client_address(request: Request) -> str:
    # REMOTE_ADDR only: a forwarded header is whatever the client wants it to be.
    return request.META.get("REMOTE_ADDR", "") or "-"


class TokenView(ApiView):
    """Exchange a user name and password for an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token",
        request=TokenIn,
        responses={200: TokenOut, **errors(400, 405, 406, 413, 415, 429, 503)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        """The same answer for an unknown user and a wrong password; failures are rate-limited
        per account and per address (429)."""
        address = client_address(request)
        data = request.data if isinstance(request.data, dict) else {}
        username = data.get("username")
        claimed = username if isinstance(username, str) else ""
        check_login_allowed(username=claimed, address=address)
        form = TokenIn(data=data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        user = authenticate(
            request._request, username=username, password=form.validated_data["password"]
        )
        if user is None:
            record_login_failure(username=username, address=address)
            raise InvalidInput(WRONG_CREDENTIALS, code="invalid_credentials")
        record_login_success(username=username, address=address)
        return Response({"token": issue_token(user=user)})


class MeView(ApiView):
    @extend_schema(operation_id="me", responses={200: MeOut, **errors(*READ_ERRORS)})
    def get(self, request: Request) -> Response:
        """The caller and their role in each of their newsrooms."""
        user = request.user
        newsrooms = [
            {"id": m.newsroom_id, "name": m.newsroom.name, "role": m.role}
            for m in list_memberships(user=user)
        ]
        return Response({"id": user.pk, "username": user.get_username(), "newsrooms": newsrooms})


class MembersView(ApiView):
    @extend_schema(
        operation_id="members_list",
        parameters=[
            OpenApiParameter(
                "newsroom",
                int,
                description="Newsroom id; may be left out by members of exactly one newsroom.",
            )
        ],
        responses={200: MemberOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        """Members of one of the caller's newsrooms (for assigning work)."""
        query = MembersQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        newsroom_id = query.validated_data.get("newsroom")
        if newsroom_id is None:
            own = [m.newsroom_id for m in list_memberships(user=request.user)]
            if len(own) != 1:
                raise InvalidInput(
                    gettext_noop("Say which newsroom: ?newsroom=ID."), field="newsroom"
                )
            newsroom_id = own[0]
        members = [
            {"id": m.user_id, "username": m.user.get_username(), "role": m.role}
            for m in list_members(user=request.user, newsroom_id=newsroom_id)
        ]
        if not members:  # not the caller's newsroom: they would be in it themselves
            raise NotFound(gettext_noop("Not found."))
        return Response(members, status=status.HTTP_200_OK)
