"""The pages' doors under bad input: charsets, oversized bodies, error pages, their headers."""

import io
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.client import ClientHandler
from django.urls import include, path

from annotations.api.middleware import CharsetGuard
from annotations.models import Article, Job, Revision
from annotations.services.articles import import_article
from annotations.services.verdicts import EvidenceInput, set_verdict
from factcheck import wsgi  # imported first: it configures logging again
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
BOUNDARY = "----hardening-boundary"


def boom(request):
    raise RuntimeError("a bug in a view")


# This module is also a URLconf (see the `urls` marks): the site plus a view that fails.
urlpatterns = [path("boom/", boom), path("", include("factcheck.urls"))]
handler400 = "annotations.web.errors.bad_request"
handler404 = "annotations.web.errors.page_not_found"
handler500 = "annotations.web.errors.server_error"


def _through_test_handler(environ, start_response):
    """Django's WSGI handler as the test client runs it: without the signal that closes the
    database connection, and with it the test's transaction, after each request."""
    response = ClientHandler()(environ)
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]


guarded = CharsetGuard(_through_test_handler)


class Collected(logging.Handler):
    """Every record as the console handler would write it, traceback included."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def size(self) -> int:
        return sum(len(line.encode()) + 1 for line in self.lines)


@pytest.fixture
def collected():
    handler = Collected()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


def multipart(fields: list[tuple[str, str]], *, tail: bytes = b"") -> bytes:
    out = b""
    for name, value in fields:
        out += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    return out + tail


def assert_app_page(response, status: int) -> str:
    assert response.status_code == status
    text = response.content.decode()
    assert "Fact-check workbench" in text  # the app's base template, not a bare server page
    assert "Traceback" not in text
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    return text


# --- charsets -----------------------------------------------------------------------------------
@pytest.mark.parametrize("charset", ["utf-7", "bz2_codec", "x-no-such-codec", "utf-16", "latin-1"])
def test_login_form_in_another_charset_is_a_400_page_with_one_log_line(
    client, editor, collected, charset
):
    response = client.generic(
        "POST", "/login/", b"username=editor&password=x", f"{FORM}; charset={charset}"
    )
    text = assert_app_page(response, 400)
    assert "only UTF-8 is accepted" in text or "not a text encoding" in text
    assert len(collected.lines) == 1, collected.lines
    assert "Traceback" not in collected.lines[0]


def test_login_form_in_utf8_logs_in(client, editor):
    response = client.post(
        "/login/",
        f"username=editor&password={PASSWORD}".encode(),
        content_type=f"{FORM}; charset=UTF-8",
    )
    assert response.status_code == 302


def test_import_form_declaring_bz2_codec_is_a_400_page(editor_client, newsroom, collected):
    body = multipart([("title", "T"), ("text", "Ein Satz."), ("newsroom", str(newsroom.pk))])
    response = editor_client.generic(
        "POST", "/import/", body, f"multipart/form-data; boundary={BOUNDARY}; charset=bz2_codec"
    )
    assert_app_page(response, 400)
    assert len(collected.lines) == 1
    assert not Article.objects.exists()


@pytest.mark.parametrize("charset", ["bz2_codec", "utf-7"])
def test_a_query_string_with_a_bad_charset_is_our_400_not_the_servers_500(
    editor, collected, charset
):
    """Django decodes the query string with the declared charset while it builds the request,
    before any middleware: only the WSGI wrapper of the deployed application can catch it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/login/",
        "QUERY_STRING": "next=/a+b&q=%E2%9C%93",
        "CONTENT_TYPE": f"text/plain; charset={charset}",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(guarded(environ, start_response)).decode()
    assert seen["status"].startswith("400")
    assert "Fact-check workbench" in body
    assert seen["headers"]["Content-Security-Policy"].startswith("default-src 'self'")
    assert len(collected.lines) == 1


def test_a_query_string_with_utf8_declared_passes_the_wsgi_wrapper(db):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/login/",
        "QUERY_STRING": "next=/",
        "CONTENT_TYPE": "text/plain; charset=utf-8",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    seen = {}
    guarded(environ, lambda status, headers, exc_info=None: seen.update(status=status))
    assert seen["status"].startswith("200")


def test_the_deployed_application_is_wrapped_in_the_charset_guard():
    assert isinstance(wsgi.application, CharsetGuard)


def test_anonymous_flood_of_bad_charsets_writes_under_5_kb_of_log(collected):
    client = Client()
    client.get("/login/")  # the CSRF cookie, as an attacker would fetch it
    for _ in range(20):
        response = client.generic(
            "POST",
            "/login/",
            b"username=a&password=b&csrfmiddlewaretoken=x",
            f"{FORM}; charset=utf-7",
        )
        assert response.status_code == 400
    assert len(collected.lines) == 20
    assert collected.size < 5 * 1024, collected.size


# --- oversized bodies ---------------------------------------------------------------------------
def test_three_megabyte_paste_gets_our_413_naming_the_limit_and_keeps_the_title(
    editor_client, newsroom
):
    body = (
        multipart(
            [
                ("title", "Mein Titel"),
                ("newsroom", str(newsroom.pk)),
                ("text", "Ein Satz. " * (3 * 1024 * 1024 // 10)),
            ]
        )
        + f"--{BOUNDARY}--\r\n".encode()
    )
    response = editor_client.post(
        "/import/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    text = assert_app_page(response, 413)
    assert "the limit is 2.0 MB" in text
    assert 'value="Mein Titel"' in text
    assert 'id="id_text_error"' in text
    assert not Article.objects.exists()


def test_import_body_over_the_limit_is_refused_reading_only_its_first_part(
    editor, newsroom, settings
):
    """A 200 MB upload is declared; the test body holds 100 KB, and the test client fails the
    request if anything reads more than that."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = client.get("/import/").cookies["csrftoken"].value
    head = multipart(
        [("csrfmiddlewaretoken", token), ("title", "Großer Bericht"), ("language", "de")]
    )
    upload = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    body = head + upload + b"x" * (100 * 1024)
    response = client.post(
        "/import/",
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    text = assert_app_page(response, 413)
    assert "The request is 200.0 MB; the limit is 4.5 MB." in text
    assert 'id="id_upload_error"' in text  # next to the file that made it too large
    assert 'value="Großer Bericht"' in text
    assert '<option value="de" selected>' in text
    assert not Article.objects.exists()


def test_oversized_import_without_its_csrf_token_is_still_refused_by_csrf(editor, newsroom):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/import/")
    body = multipart([("title", "T")], tail=b"x" * (100 * 1024))
    response = client.post(
        "/import/",
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    text = assert_app_page(response, 403)
    assert "Reload the page" in text


def test_login_body_over_the_limit_is_a_413_page_before_reading(client, settings):
    settings.FACTCHECK_MAX_DRAIN_BYTES = 0  # the test body is shorter than it claims
    response = client.post(
        "/login/",
        b"username=a&password=b",
        content_type=FORM,
        CONTENT_LENGTH=str(settings.FACTCHECK_MAX_BODY_BYTES + 1),
    )
    text = assert_app_page(response, 413)
    limit = settings.FACTCHECK_MAX_BODY_BYTES
    assert f"The request is {limit + 1:,} bytes; the limit is {limit:,} bytes." in text


def test_a_refused_body_is_read_to_its_end_so_the_browser_sees_the_page(client, settings):
    """A browser still sending when the server closes gets a reset instead of the page: the
    refused 3 MB are read to their end (and dropped), never past it."""
    body = b"username=a&password=" + b"b" * (3 * 1024 * 1024)
    response = client.post("/login/", body, content_type=FORM)
    text = assert_app_page(response, 413)
    assert "The request is 3.0 MB; the limit is 2.5 MB." in text
    stream = response.wsgi_request._stream
    assert stream._pos == stream.limit == len(body)


def test_import_under_the_limits_still_works(editor_client, newsroom):
    body = (
        multipart(
            [("title", "Klein"), ("newsroom", str(newsroom.pk)), ("text", "Ein Satz. Noch einer.")]
        )
        + f"--{BOUNDARY}--\r\n".encode()
    )
    response = editor_client.post(
        "/import/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 302
    assert Article.objects.get().title == "Klein"


# --- error pages --------------------------------------------------------------------------------
def test_unknown_page_is_the_apps_404_with_security_headers(editor_client):
    text = assert_app_page(editor_client.get("/no-such-page/"), 404)
    assert "There is nothing here" in text


def test_forbidden_page_is_the_apps_403_saying_why(viewer_client, newsroom):
    text = assert_app_page(viewer_client.get("/import/"), 403)
    assert "editor role" in text


def test_csrf_failure_is_the_apps_403_saying_what_to_do(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "editor", "password": PASSWORD})
    text = assert_app_page(response, 403)
    assert "Reload the page and send the form again." in text


@pytest.mark.urls("tests.web.test_hardening")
def test_a_failing_view_is_the_apps_500_with_security_headers(editor, collected):
    client = Client(raise_request_exception=False)
    text = assert_app_page(client.get("/boom/"), 500)
    assert "Something went wrong on our side" in text


@pytest.mark.urls("tests.web.test_hardening")
def test_api_paths_keep_the_json_shape(editor_client):
    response = editor_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- log-in throttling --------------------------------------------------------------------------
def log_in(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def failure_message(response) -> str:
    return re.search(r'<div class="form-error"[^>]*>(.*?)</div>', response.text, re.S).group(1)


def test_wrong_passwords_by_name_do_not_lock_a_colleague_out_of_their_own_address(editor, settings):
    for _ in range(settings.FACTCHECK_LOGIN_MAX_FAILURES):
        assert log_in("editor", "wrong", "10.9.9.9").status_code == 200
    locked = log_in("editor", PASSWORD, "10.9.9.9")
    assert "Too many failed log-ins" in locked.text
    assert log_in("editor", PASSWORD, "10.1.1.1").status_code == 302


def test_locked_message_is_the_same_for_known_and_unknown_accounts(editor, settings):
    for name in ("editor", "nobody-here"):
        for _ in range(settings.FACTCHECK_LOGIN_MAX_FAILURES):
            log_in(name, "wrong", "10.9.9.9")
    known = failure_message(log_in("editor", "wrong", "10.9.9.9"))
    unknown = failure_message(log_in("nobody-here", "wrong", "10.9.9.9"))
    assert known == unknown and "Too many failed log-ins" in known


def test_one_address_trying_many_accounts_hits_the_address_ceiling(editor, settings):
    settings.FACTCHECK_LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    for number in range(5):
        log_in(f"guess{number}", "wrong", "10.9.9.9")
    assert "Too many failed log-ins" in log_in("editor", PASSWORD, "10.9.9.9").text
    assert log_in("editor", PASSWORD, "10.1.1.1").status_code == 302


# --- the admin ----------------------------------------------------------------------------------
@pytest.fixture
def superuser_client(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def verdict(article, editor):
    sentence = article.sentences.filter(heading=False).order_by("ordinal")[2]
    return set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        rationale="Laut Ministerium falsch.",
        evidence=[EvidenceInput(url="https://example.org/figures")],
        expected_version=0,
    )


@pytest.mark.parametrize("model", ["annotation", "evidence", "revision", "job"])
def test_the_desks_work_is_read_only_in_the_admin(superuser_client, verdict, model):
    objects = {
        "annotation": verdict,
        "evidence": verdict.evidence.get(),
        "revision": Revision.objects.filter(sentence=verdict.sentence).first(),
        "job": Job.objects.first(),
    }
    obj = objects[model]
    base = f"/admin/annotations/{model}/"
    listing = superuser_client.get(base)
    assert listing.status_code == 200  # readable
    assert superuser_client.get(f"{base}add/").status_code == 403
    assert superuser_client.get(f"{base}{obj.pk}/delete/").status_code == 403
    page = superuser_client.get(f"{base}{obj.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert superuser_client.post(f"{base}{obj.pk}/change/", {}).status_code == 403


def test_a_verdict_cannot_be_flipped_in_the_admin(superuser_client, verdict):
    url = f"/admin/annotations/annotation/{verdict.pk}/change/"
    superuser_client.post(url, {"verdict": "verified", "review_state": "approved"})
    verdict.refresh_from_db()
    assert (verdict.verdict, verdict.review_state, verdict.version) == ("disputed", "draft", 1)


def test_newsrooms_stay_editable_in_the_admin(superuser_client, newsroom):
    assert (
        superuser_client.get(f"/admin/annotations/newsroom/{newsroom.pk}/change/").status_code
        == 200
    )
    assert superuser_client.get("/admin/annotations/newsroom/add/").status_code == 200


# --- invisible characters in titles -------------------------------------------------------------
def test_invisible_characters_in_a_title_are_kept_but_shown_with_a_warning(
    editor_client, newsroom, editor
):
    article, _job = import_article(
        newsroom=newsroom, title="Pay\u200bPal <b>x</b>", text="Ein Satz.", language="de"
    )
    assert article.title == "Pay\u200bPal <b>x</b>"  # accepted as typed
    page = editor_client.get(f"/articles/{article.pk}/").text
    assert 'title="U+200B ZERO WIDTH SPACE">⟨U+200B⟩</span>Pal &lt;b&gt;x&lt;/b&gt;' in page
    assert "Contains invisible characters" in page


def test_a_plain_title_gets_no_warning(editor_client, article):
    page = editor_client.get(f"/articles/{article.pk}/").text
    assert "invisible-warning" not in page and "⟨U+" not in page
