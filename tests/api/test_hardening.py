"""The API's doors under bad input: OPTIONS, chunked bodies, If-Match: *, limits, look-alikes."""

import io
import json
import re
import unicodedata

import pytest
from django.test.client import ClientHandler

from annotations.models import Annotation, Article
from annotations.services import text
from annotations.services.errors import InvalidInput
from annotations.services.tokens import issue_token

pytestmark = pytest.mark.django_db

VERDICT = {"verdict": "disputed", "rationale": "Laut Ministerium falsch.", "evidence": []}


def annotation_url(sentence, suffix: str = "") -> str:
    return f"/api/sentences/{sentence.pk}/annotation/{suffix}"


def put(client, sentence, body, if_match='"{pk}-0"'):
    return client.put(
        annotation_url(sentence), body, format="json", HTTP_IF_MATCH=if_match.format(pk=sentence.pk)
    )


# --- OPTIONS ------------------------------------------------------------------------------------
def test_options_answers_on_every_endpoint(as_editor, article, sentence):
    paths = [
        "/api/auth/token/",
        "/api/me/",
        "/api/members/",
        "/api/articles/",
        f"/api/articles/{article.pk}/",
        f"/api/articles/{article.pk}/sentences/",
        f"/api/articles/{article.pk}/versions/",
        f"/api/articles/{article.pk}/orphans/",
        f"/api/articles/{article.pk}/status/",
        f"/api/articles/{article.pk}/retag/",
        f"/api/articles/{article.pk}/assignee/",
        annotation_url(sentence),
        annotation_url(sentence, "submit/"),
        annotation_url(sentence, "approve/"),
        annotation_url(sentence, "request-changes/"),
        f"/api/sentences/{sentence.pk}/assignee/",
        "/api/status/",
        "/api/review-queue/",
        "/api/schema/",
    ]
    for path in paths:
        response = as_editor.options(path)
        assert response.status_code == 200, (path, response.content[:300])
        assert "Allow" in response, path


def test_options_of_a_missing_endpoint_is_still_a_json_404(as_editor):
    response = as_editor.options("/api/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- chunked bodies -----------------------------------------------------------------------------
def wsgi_put(path: str, body: bytes, *, token: str, terminated: bool, length: bool = False):
    """A request as gunicorn hands it over: de-chunked, ``wsgi.input_terminated`` set, no
    Content-Length."""
    environ = {
        "REQUEST_METHOD": "PUT",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": f"Token {token}",
        "HTTP_IF_MATCH": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.input_terminated": terminated,
    }
    if length:
        environ["CONTENT_LENGTH"] = str(len(body))
    # The test client's handler: Django's WSGI handler without the signal that closes the
    # database connection (and with it the test's transaction) after each request.
    response = ClientHandler()(environ)
    return response.status_code, json.loads(response.content)


def test_chunked_body_is_read_when_the_server_dechunked_it(editor, sentence):
    token = issue_token(user=editor)
    path = annotation_url(sentence)
    body = json.dumps(VERDICT).encode()
    status, out = wsgi_put(path, body, token=token, terminated=True)
    # The body was read: the answer is about the missing If-Match, not a missing verdict.
    assert status == 428, out
    assert out["code"] == "precondition_required"


def test_chunked_body_on_a_server_that_does_not_dechunk_is_a_411(editor, sentence):
    token = issue_token(user=editor)
    status, out = wsgi_put(annotation_url(sentence), b"{}", token=token, terminated=False)
    assert status == 411 and out["code"] == "length_required"


def test_chunked_body_over_the_limit_is_a_413(editor, sentence, settings):
    settings.FACTCHECK_MAX_BODY_BYTES = 1000
    token = issue_token(user=editor)
    body = json.dumps({**VERDICT, "rationale": "x" * 5000}).encode()
    status, out = wsgi_put(annotation_url(sentence), body, token=token, terminated=True)
    assert status == 413 and out["code"] == "too_large"


def test_chunked_article_import_is_read_whole(editor, newsroom):
    token = issue_token(user=editor)
    body = json.dumps({"title": "Chunked", "text": "Ein Satz. Noch ein Satz."}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/articles/",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": f"Token {token}",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.input_terminated": True,
    }
    response = ClientHandler()(environ)
    assert response.status_code == 201, response.content
    assert Article.objects.get().title == "Chunked"


# --- If-Match: * --------------------------------------------------------------------------------
def test_if_match_star_on_an_existing_verdict_is_a_428(as_editor, sentence):
    assert put(as_editor, sentence, VERDICT).status_code == 200
    response = put(as_editor, sentence, {**VERDICT, "verdict": "verified"}, "*")
    assert response.status_code == 428
    assert "If-Match: *" in response.json()["message"]
    assert Annotation.objects.get().verdict == "disputed"


def test_if_match_star_creates_a_first_verdict(as_editor, sentence):
    assert put(as_editor, sentence, VERDICT, "*").status_code == 200


# --- limits with numbers ------------------------------------------------------------------------
def test_too_many_evidence_links_names_both_numbers(as_editor, sentence, settings):
    settings.FACTCHECK_MAX_EVIDENCE = 2
    evidence = [{"url": f"https://example.org/{i}"} for i in range(3)]
    response = put(as_editor, sentence, {**VERDICT, "evidence": evidence})
    assert response.status_code == 400
    assert response.json()["fields"]["evidence"] == [
        "The evidence has 3 evidence links; the limit is 2 (an admin can raise "
        "FACTCHECK_MAX_EVIDENCE)."
    ]
    evidence.pop()
    assert put(as_editor, sentence, {**VERDICT, "evidence": evidence}).status_code == 200


def test_rationale_over_the_limit_names_both_numbers(as_editor, sentence, settings):
    settings.FACTCHECK_MAX_RATIONALE_CHARS = 100
    response = put(as_editor, sentence, {**VERDICT, "rationale": "x" * 101})
    assert response.status_code == 400
    assert "has 101 characters; the limit is 100" in response.json()["fields"]["rationale"][0]
    assert put(as_editor, sentence, {**VERDICT, "rationale": "x" * 100}).status_code == 200


def test_review_comment_over_the_limit_is_refused_not_cut(
    as_editor, as_reviewer, sentence, settings
):
    settings.FACTCHECK_MAX_COMMENT_CHARS = 50
    assert put(as_editor, sentence, VERDICT).status_code == 200
    assert as_editor.post(annotation_url(sentence, "submit/")).status_code == 200
    path = annotation_url(sentence, "request-changes/")
    response = as_reviewer.post(path, {"comment": "y" * 51}, format="json")
    assert response.status_code == 400
    assert "has 51 characters; the limit is 50" in response.json()["fields"]["comment"][0]
    response = as_reviewer.post(path, {"comment": "y" * 50}, format="json")
    assert response.status_code == 200 and response.json()["review_comment"] == "y" * 50


def test_article_with_too_many_sentences_is_a_413_naming_the_limit(as_editor, settings):
    settings.FACTCHECK_MAX_SENTENCES = 5
    body = {"title": "Lang", "text": "Ein Satz. " * 6, "language": "de"}
    response = as_editor.post("/api/articles/", body, format="json")
    assert response.status_code == 413
    assert response.json()["fields"]["text"] == [
        "The text has 6 sentences; the limit is 5. Split the article into parts, or ask an "
        "admin to raise FACTCHECK_MAX_SENTENCES."
    ]
    assert not Article.objects.exists()
    body["text"] = "Ein Satz. " * 5
    assert as_editor.post("/api/articles/", body, format="json").status_code == 201


def test_sentence_over_the_length_limit_is_a_413_saying_where(as_editor, settings):
    settings.FACTCHECK_MAX_SENTENCE_CHARS = 100
    text_ = "Kurz.\n\n" + "wort " * 40 + "ende."
    response = as_editor.post(
        "/api/articles/", {"title": "T", "text": text_, "language": "de"}, format="json"
    )
    assert response.status_code == 413
    message = response.json()["fields"]["text"][0]
    assert message.startswith("Sentence 2 (line 3) is 205 characters long; the limit is 100.")


# --- invisible and look-alike characters --------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "named", "position"),
    [
        ("https://paypal.com\u200b.evil.example/", "U+200B ZERO WIDTH SPACE", 19),
        ("https://example.org/a\u2060b", "U+2060 WORD JOINER", 22),
        ("https://example.org/\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE", 21),
        ("https://example.org/\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A", 21),
        ("https://exam\u00adple.org/", "U+00AD SOFT HYPHEN", 13),
    ],
)
def test_invisible_character_in_an_evidence_url_is_a_400_naming_it_and_where(
    as_editor, sentence, url, named, position
):
    response = put(as_editor, sentence, {**VERDICT, "evidence": [{"url": url}]})
    assert response.status_code == 400
    message = response.json()["fields"]["evidence[0].url"][0]
    assert f"{named}, at position {position}" in message
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("host", ["p\u0430ypal.com", "xn--pypal-4ve.com"])
def test_mixed_script_host_is_refused(as_editor, sentence, host):
    response = put(as_editor, sentence, {**VERDICT, "evidence": [{"url": f"https://{host}/"}]})
    assert response.status_code == 400
    message = response.json()["fields"]["evidence[0].url"][0]
    assert "mixes Latin and Cyrillic letters (U+0430 CYRILLIC SMALL LETTER A" in message


@pytest.mark.parametrize(
    "url",
    ["https://münchen.de/", "https://пример.рф/", "https://例え.jp/", "https://a-1.org/x?q=1"],
)
def test_single_script_and_plain_hosts_are_accepted(url):
    assert text.clean_url(url) == url


def test_invisible_character_in_a_source_url_is_refused_too():
    with pytest.raises(InvalidInput, match="U\\+200B ZERO WIDTH SPACE"):
        text.clean_url("https://example.org/\u200b", field="source_url")


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
        ("\u2060", "U+2060 WORD JOINER"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
    ],
)
def test_invisible_character_in_a_rationale_is_kept_with_a_warning(
    as_editor, sentence, char, named
):
    rationale = f"Laut{char} Ministerium falsch."
    response = put(as_editor, sentence, {**VERDICT, "rationale": rationale})
    assert response.status_code == 200
    assert Annotation.objects.get().rationale == rationale
    [warning] = response.json()["warnings"]
    assert warning["field"] == "rationale" and warning["code"] == "invisible_character"
    assert warning["positions"] == [5]
    assert f"({named}) at position 5" in warning["message"]
    again = as_editor.get(annotation_url(sentence))
    assert again.json()["warnings"] == [warning]


def test_invisible_characters_in_an_evidence_title_are_named_with_their_positions(
    as_editor, sentence
):
    evidence = [
        {"url": "https://example.org/a", "title": "Bericht"},
        {"url": "https://example.org/b", "title": "Zwei\u200b\u200bfach\u2060"},
    ]
    response = put(as_editor, sentence, {**VERDICT, "evidence": evidence})
    assert response.status_code == 200
    [warning] = response.json()["warnings"]
    assert warning["field"] == "evidence[1].title" and warning["positions"] == [5, 6, 11]
    assert (
        "3 invisible characters (U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER)"
        in (warning["message"])
    )


def test_a_verdict_without_invisible_characters_has_no_warnings(as_editor, sentence):
    response = put(as_editor, sentence, VERDICT)
    assert response.status_code == 200 and response.json()["warnings"] == []


def test_a_bidi_override_in_a_rationale_is_still_refused(as_editor, sentence):
    response = put(as_editor, sentence, {**VERDICT, "rationale": "falsch \u202eurt"})
    assert response.status_code == 400
    assert "U+202E" in response.json()["fields"]["rationale"][0]
    assert not Annotation.objects.exists()


def test_warn_invisible_is_none_for_plain_text_and_names_each_character_once():
    assert text.warn_invisible("Ganz normaler Text, auch mit Umlaut: ä.", field="comment") is None
    warning = text.warn_invisible("a\u200bb\u200bc\u200bd\u200be", field="comment")
    assert warning is not None and warning.positions == (2, 4, 6, 8)
    assert warning.message.startswith(
        "The comment contains 4 invisible characters (U+200B ZERO WIDTH SPACE) at positions "
        "2, 4, 6 and 1 more."
    )


def test_the_workspace_script_flags_the_same_characters_as_the_server():
    from pathlib import Path

    script = (Path(__file__).parents[2] / "static/js/invisible.js").read_text(encoding="utf-8")
    written = re.search(r"const INVISIBLE = /(\[.*?\])/gu;", script)
    assert written is not None
    as_js = re.sub(
        r"[^\x21-\x7e]",
        lambda m: f"\\u{{{ord(m.group()):x}}}",
        text.INVISIBLE_PATTERN,
    )
    assert written.group(1) == as_js


def test_the_written_out_invisible_ranges_match_unicodedata():
    pattern = re.compile(text.INVISIBLE_PATTERN)
    for code in range(0x80, 0x110000):
        char = chr(code)
        expected = unicodedata.category(char) in ("Cf", "Zs", "Zl") or code in (
            0x115F,
            0x1160,
            0x3164,
            0xFFA0,
        )
        assert bool(pattern.fullmatch(char)) == expected, f"U+{code:04X}"


def test_review_queue_filtered_by_an_assignee_id_is_not_a_500(as_editor, editor, article):
    """The fuzzer found it: the id became an int before max_length measured it."""
    response = as_editor.get(f"/api/review-queue/?assignee={editor.pk}")
    assert response.status_code == 200
    assert as_editor.get("/api/review-queue/?assignee=me").status_code == 200
    assert as_editor.get("/api/review-queue/?assignee=0").status_code == 400


def test_schema_states_what_the_services_accept(as_editor):
    schema = as_editor.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    title = components["ArticleIn"]["properties"]["title"]
    assert title["maxLength"] == 500 and title["minLength"] == 1
    assert not re.search(title["pattern"], "   ") and re.search(title["pattern"], "Ein Titel")
    assert not re.search(title["pattern"], "Ein\x07Titel")
    url = components["EvidenceIn"]["properties"]["url"]
    assert re.search(url["pattern"], "https://example.org/a?b=1")
    assert not re.search(url["pattern"], "javascript:alert(1)")
    articles = schema["paths"]["/api/articles/"]["get"]["parameters"]
    newsroom = next(p for p in articles if p["name"] == "newsroom")
    assert newsroom["schema"]["minimum"] == 1
    put = schema["paths"]["/api/sentences/{id}/annotation/"]["put"]["parameters"]
    if_match = next(p for p in put if p["name"] == "If-Match")
    assert re.fullmatch(if_match["schema"]["pattern"], '"12-3"')
    assert not re.fullmatch(if_match["schema"]["pattern"], "*")
