"""Authentication: tokens, the command that makes them, sessions with CSRF, rate limits."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations.services.tokens import issue_token
from tests.factories import PASSWORD

MAX_FAILURES_PER_ACCOUNT = settings.FACTCHECK_LOGIN_MAX_FAILURES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def ask_token(username: str, password: str, address: str = "10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_right_password_gets_a_token_that_authenticates(editor):
    response = ask_token("editor", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=editor).key == token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").json()["username"] == "editor"


def test_asking_twice_gives_the_same_token(editor):
    assert ask_token("editor", PASSWORD).json() == ask_token("editor", PASSWORD).json()


def test_wrong_password_and_unknown_user_get_the_same_answer(editor):
    wrong = ask_token("editor", "nope")
    unknown = ask_token("nobody-here", "nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"


def test_missing_fields_are_a_400_naming_them(editor):
    response = APIClient().post("/api/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"username", "password"}


def test_nul_in_username_is_a_400_not_a_crash(editor):
    assert ask_token("edi\x00tor", PASSWORD).status_code == 400


def test_account_is_locked_from_the_address_that_failed_too_often(editor):
    for _attempt in range(MAX_FAILURES_PER_ACCOUNT):
        assert ask_token("editor", "wrong", address="10.0.1.1").status_code == 400
    response = ask_token("editor", PASSWORD, address="10.0.1.1")
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"
    # From the colleague's own address the right password still works.
    assert ask_token("editor", PASSWORD, address="10.0.2.1").status_code == 200


def test_locked_answer_is_the_same_for_unknown_accounts(editor):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        ask_token("ghost", "wrong")
    assert ask_token("ghost", "wrong").json()["code"] == "too_many_attempts"


def test_success_resets_the_account_counter(editor):
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        ask_token("editor", "wrong")
    assert ask_token("editor", PASSWORD).status_code == 200
    assert ask_token("editor", "wrong").status_code == 400


def test_create_token_command_prints_the_users_token(editor, capsys):
    call_command("create_token", "editor")
    assert capsys.readouterr().out.strip() == Token.objects.get(user=editor).key


def test_create_token_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_token", "nobody")


def test_bad_token_is_denied_with_401(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_of_a_deactivated_user_is_denied_with_401(editor):
    token = issue_token(user=editor)
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_deleted_token_stops_working_at_once(editor):
    token = issue_token(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").status_code == 200
    Token.objects.filter(key=token).delete()
    assert client.get("/api/me/").status_code == 401


def test_session_write_without_csrf_token_is_denied(editor, sentence):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get("/api/me/").status_code == 200  # reads need no CSRF token
    response = client.put(
        f"/api/sentences/{sentence.pk}/annotation/",
        {"verdict": "verified"},
        format="json",
        HTTP_IF_MATCH=f'"{sentence.pk}-0"',
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_session_write_with_csrf_token_is_accepted(editor, sentence):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    csrf = "k" * 32  # what the CSRF cookie holds; the header must repeat it
    client.cookies["csrftoken"] = csrf
    response = client.put(
        f"/api/sentences/{sentence.pk}/annotation/",
        {"verdict": "verified"},
        format="json",
        HTTP_IF_MATCH=f'"{sentence.pk}-0"',
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200, response.json()


def test_me_lists_newsrooms_with_roles(as_editor, newsroom):
    body = as_editor.get("/api/me/").json()
    assert body["newsrooms"] == [{"id": newsroom.pk, "name": "Desk", "role": "editor"}]


def test_members_of_own_newsroom(as_viewer, newsroom, editor, reviewer):
    body = as_viewer.get(f"/api/members/?newsroom={newsroom.pk}").json()
    assert {m["username"]: m["role"] for m in body} == {
        "viewer": "viewer",
        "editor": "editor",
        "reviewer": "reviewer",
    }


def test_outsider_is_denied_members_of_another_newsroom_with_404(as_outsider, newsroom):
    assert as_outsider.get(f"/api/members/?newsroom={newsroom.pk}").status_code == 404


def test_members_with_bad_newsroom_id_is_a_400(as_viewer):
    assert as_viewer.get("/api/members/?newsroom=abc").status_code == 400
