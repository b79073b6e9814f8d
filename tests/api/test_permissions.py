"""Who may call what: role x endpoint x method, and another newsroom's objects are 404."""

import pytest

from annotations.models import Role
from annotations.services.verdicts import set_verdict
from tests.factories import member

from .conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "reviewer", "admin", "outsider"]
# The lowest role each call needs; outsiders get 404, anonymous callers 401.
ENDPOINTS = [
    ("get", "/api/articles/", None, Role.VIEWER),
    ("get", "/api/articles/{article}/", None, Role.VIEWER),
    ("get", "/api/articles/{article}/sentences/", None, Role.VIEWER),
    ("get", "/api/articles/{article}/status/", None, Role.VIEWER),
    ("post", "/api/articles/{article}/retag/", None, Role.EDITOR),
    ("put", "/api/articles/{article}/assignee/", {"assignee": None}, Role.EDITOR),
    ("get", "/api/sentences/{sentence}/annotation/", None, Role.VIEWER),
    ("put", "/api/sentences/{sentence}/annotation/", {"verdict": "disputed"}, Role.EDITOR),
    ("post", "/api/sentences/{sentence}/annotation/submit/", None, Role.EDITOR),
    ("post", "/api/sentences/{sentence}/annotation/approve/", None, Role.REVIEWER),
    (
        "post",
        "/api/sentences/{sentence}/annotation/request-changes/",
        {"comment": "Source?"},
        Role.REVIEWER,
    ),
    ("put", "/api/sentences/{sentence}/assignee/", {"assignee": None}, Role.EDITOR),
    ("get", "/api/jobs/{job}/", None, Role.VIEWER),
    ("get", "/api/status/", None, Role.VIEWER),
    ("get", "/api/me/", None, Role.VIEWER),
    ("get", "/api/members/?newsroom={newsroom}", None, Role.VIEWER),
]
# Endpoints whose object lives in a newsroom: outsiders must get 404 there.
SCOPED = {"article", "sentence", "job", "newsroom"}


@pytest.fixture
def users(newsroom, outsider):
    return {
        "anonymous": None,
        "viewer": member(newsroom, Role.VIEWER, "m-viewer"),
        "editor": member(newsroom, Role.EDITOR, "m-editor"),
        "reviewer": member(newsroom, Role.REVIEWER, "m-reviewer"),
        "admin": member(newsroom, Role.ADMIN, "m-admin"),
        "outsider": outsider,
    }


@pytest.fixture
def ids(article, newsroom, editor):
    sentence = article.sentences.filter(heading=False).first()
    # A submitted verdict by someone else, so approve/request-changes can succeed.
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    from annotations.services.review import submit

    submit(sentence=sentence, editor=editor)
    return {
        "article": article.pk,
        "sentence": sentence.pk,
        "job": article.jobs.first().pk,
        "newsroom": newsroom.pk,
    }


def expected_status(role_name: str, needed: Role, url: str) -> set[int]:
    if role_name == "anonymous":
        return {401}
    if role_name == "outsider":
        scoped = any("{" + key + "}" in url for key in SCOPED)
        return {404} if scoped else {200}
    if Role(role_name).at_least(needed):
        return {200, 201, 202, 409, 412, 428}  # allowed; 409/412/428: state, If-Match
    return {403}


@pytest.mark.parametrize("role_name", ROLES)
@pytest.mark.parametrize(("method", "url", "body", "needed"), ENDPOINTS)
def test_role_matrix(users, ids, role_name, method, url, body, needed):
    client = client_for(users[role_name])
    response = getattr(client, method)(url.format(**ids), body, format="json")
    assert response.status_code in expected_status(role_name, needed, url), response.content
    assert "code" in response.json() or response.status_code < 400


def test_viewer_is_denied_writing_a_verdict_with_a_clear_message(users, ids):
    response = client_for(users["viewer"]).put(
        f"/api/sentences/{ids['sentence']}/annotation/",
        {"verdict": "disputed"},
        format="json",
        HTTP_IF_MATCH=f'"{ids["sentence"]}-2"',
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "editor" in response.json()["message"].lower()


def test_editor_is_denied_approving(users, ids):
    response = client_for(users["editor"]).post(
        f"/api/sentences/{ids['sentence']}/annotation/approve/"
    )
    assert response.status_code == 403


def test_outsider_is_denied_with_404_like_a_missing_object(users, ids):
    client = client_for(users["outsider"])
    foreign = client.get(f"/api/articles/{ids['article']}/").json()
    missing = client.get("/api/articles/999999999/").json()
    assert foreign == missing == {"code": "not_found", "message": "Not found."}


def test_outsider_sees_no_foreign_article_in_lists_or_counts(users, ids):
    client = client_for(users["outsider"])
    assert client.get("/api/articles/").json()["count"] == 0
    assert client.get("/api/status/").json()["total"]["sentences"] == 0
    assert client.get(f"/api/articles/?newsroom={ids['newsroom']}").json()["count"] == 0


def test_anonymous_is_denied_with_401_json(ids):
    response = client_for(None).get("/api/articles/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_is_denied_the_schema_and_docs(db):
    assert client_for(None).get("/api/schema/").status_code == 401
    assert client_for(None).get("/api/docs/").status_code == 401


def test_schema_and_docs_are_served_to_members(viewer):
    client = client_for(viewer)
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/sentences/{id}/annotation/" in paths
    put = paths["/api/sentences/{id}/annotation/"]["put"]
    assert any(p["name"] == "If-Match" and p["required"] for p in put["parameters"])
    assert {"412", "428"} <= set(put["responses"])
    assert client.get("/api/docs/").status_code == 200
