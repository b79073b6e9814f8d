"""The attribution check beside the verdict: saved through the service and the API, counted by
readiness, carried by the CSV/JSON exports and published as its own ClaimReview."""

import csv
import io
import json

import pytest

from annotations.models import AttributionCheck, Revision
from annotations.selectors.readiness import get_article_readiness
from annotations.services.articles import import_article
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.errors import Forbidden, InvalidInput, InvalidTransition
from tests.review.conftest import annotate, approve, client_for, tag

pytestmark = pytest.mark.django_db

TEXT = (
    "Laut Eurostat stieg der Anteil erneuerbarer Energien auf 57 Prozent. "
    "Die Regierung legte am Montag einen Bericht vor."
)
MESSAGE = "stieg der Anteil erneuerbarer Energien auf 57 Prozent"


@pytest.fixture
def quoted(newsroom, editor):
    """A sentence attributed to Eurostat (pre-tagged as the tagger tags it) with a verdict."""
    article, _job = import_article(
        newsroom=newsroom, title="Bericht", text=TEXT, language="de", imported_by=editor
    )
    first, second = article.sentences.filter(heading=False).order_by("ordinal")
    start = first.start + TEXT.index(MESSAGE)
    tag(first, spans=[{
        "start": first.start, "end": first.start + 13, "kind": "attribution",
        "payload": {"cue": "laut", "source": "Eurostat", "source_kind": "organization",
                    "message_start": start, "message_end": start + len(MESSAGE)},
    }])  # fmt: skip
    tag(second, claim=False)
    annotate(first, editor, "verified")
    return article, first


def check(sentence, editor, **fields):
    values = {"result": "confirmed", "source": "Eurostat", "source_type": "Organization"}
    return set_attribution_check(sentence=sentence, editor=editor, **{**values, **fields})


def test_an_editor_records_the_attribution_beside_the_verdict(quoted, editor):
    _article, sentence = quoted
    saved = check(sentence, editor, rationale="Pressemitteilung vom 3. Mai.",
                  evidence_url="https://ec.europa.example/eurostat/news")  # fmt: skip
    assert saved.annotation.sentence_id == sentence.pk
    assert (saved.result, saved.source, saved.source_type) == (
        "confirmed", "Eurostat", "Organization")  # fmt: skip
    assert sentence.annotation.verdict == "verified"  # the verdict is its own judgement
    revision = Revision.objects.filter(sentence=sentence).latest("id")
    assert revision.before == {"attribution_check": None}
    assert revision.after["attribution_check"]["result"] == "confirmed"


def test_the_same_check_again_writes_nothing(quoted, editor):
    _article, sentence = quoted
    check(sentence, editor)
    revisions = Revision.objects.count()
    check(sentence, editor)
    assert Revision.objects.count() == revisions


def test_the_editor_corrects_the_source_and_the_result(quoted, editor):
    _article, sentence = quoted
    check(sentence, editor)
    check(sentence, editor, result="misattributed", source="Destatis")
    saved = AttributionCheck.objects.get()
    assert (saved.result, saved.source) == ("misattributed", "Destatis")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"result": "probably"}, "result"),
        ({"source": "   "}, "source"),
        ({"source_type": "Robot"}, "source_type"),
        ({"source": "x" * 201}, "source"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"source": "Euro\u202estat"}, "source"),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(quoted, editor, fields, field):
    _article, sentence = quoted
    with pytest.raises(InvalidInput) as caught:
        check(sentence, editor, **fields)
    assert caught.value.field == field
    assert not AttributionCheck.objects.exists()


def test_a_sentence_without_a_verdict_gets_none(quoted, editor):
    article, _sentence = quoted
    second = article.sentences.filter(heading=False).order_by("ordinal")[1]
    with pytest.raises(InvalidTransition, match="verdict"):
        check(second, editor)


def test_the_api_answers_409_for_a_sentence_without_a_verdict(quoted, editor):
    """A request the schema allows, refused for the sentence's state: a conflict, not a 400."""
    article, _sentence = quoted
    second = article.sentences.filter(heading=False).order_by("ordinal")[1]
    response = client_for(editor).put(
        f"/api/sentences/{second.pk}/attribution/", {"result": "confirmed", "source": "X"},
        format="json")  # fmt: skip
    assert response.status_code == 409
    assert response.json()["code"] == "verdict_required"
    assert not AttributionCheck.objects.exists()


def test_a_viewer_may_not_check_an_attribution(quoted, viewer):
    _article, sentence = quoted
    with pytest.raises(Forbidden):
        check(sentence, viewer)
    assert not AttributionCheck.objects.exists()


def test_the_api_shows_the_suggested_source_the_words_and_the_check(quoted, editor, viewer):
    _article, sentence = quoted
    url = f"/api/sentences/{sentence.pk}/attribution/"
    before = client_for(viewer).get(url).json()
    assert before["suggested"] == {"name": "Eurostat", "type": "Organization"}
    assert before["words"] == MESSAGE and before["check"] is None and before["found_on"] == []
    response = client_for(editor).put(
        url, {"result": "not_found", "source": "Eurostat", "source_type": "Organization",
              "rationale": "Keine Meldung gefunden."}, format="json")  # fmt: skip
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["check"]["result"] == "not_found"
    assert body["check"]["updated_by"]["username"] == "editor"
    assert client_for(viewer).get(url).json()["check"] == body["check"]


def test_the_api_refuses_a_bad_result_with_its_field(quoted, editor):
    _article, sentence = quoted
    response = client_for(editor).put(
        f"/api/sentences/{sentence.pk}/attribution/", {"result": "yes", "source": "X"},
        format="json")  # fmt: skip
    assert response.status_code == 400
    assert "result" in json.dumps(response.json())
    assert not AttributionCheck.objects.exists()


def test_a_viewer_is_refused_over_the_api(quoted, viewer):
    _article, sentence = quoted
    response = client_for(viewer).put(
        f"/api/sentences/{sentence.pk}/attribution/", {"result": "confirmed", "source": "X"},
        format="json")  # fmt: skip
    assert response.status_code == 403


def test_another_newsrooms_attribution_is_404(quoted, editor, outsider):
    _article, sentence = quoted
    check(sentence, editor)
    url = f"/api/sentences/{sentence.pk}/attribution/"
    assert client_for(outsider).get(url).status_code == 404
    response = client_for(outsider).put(url, {"result": "misattributed", "source": "X"},
                                        format="json")  # fmt: skip
    assert response.status_code == 404
    assert AttributionCheck.objects.get().result == "confirmed"


def test_readiness_counts_the_attribution_check(quoted, editor, reviewer):
    article, sentence = quoted
    approve(sentence, editor, reviewer, "verified")
    codes = {b["code"]: b["sentences"] for b in get_article_readiness(article=article)["blockers"]}
    assert codes == {"no_attribution_check": [sentence.pk]}
    check(sentence, editor)
    assert get_article_readiness(article=article) == {"ready": True, "blockers": []}


def export(user, **params):
    response = client_for(user).get("/api/review-queue/export/", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_and_json_carry_the_attribution_check(quoted, editor):
    _article, sentence = quoted
    check(sentence, editor, rationale="Meldung vom 3. Mai.")
    rows = list(csv.DictReader(io.StringIO(export(editor, format="csv"), newline="")))
    row = next(r for r in rows if int(r["sentence_id"]) == sentence.pk)
    assert (row["verdict"], row["attribution_result"], row["attribution_source"]) == (
        "verified", "confirmed", "Eurostat")  # fmt: skip
    assert row["attribution_rationale"] == "Meldung vom 3. Mai."
    other = next(r for r in rows if int(r["sentence_id"]) != sentence.pk)
    assert other["attribution_result"] == ""
    items = json.loads(export(editor, format="json"))
    item = next(i for i in items if i["sentence_id"] == sentence.pk)
    assert item["verdict"] == "verified"
    assert item["attribution_check"] == {
        "result": "confirmed", "source": "Eurostat", "source_type": "Organization",
        "rationale": "Meldung vom 3. Mai.", "evidence_url": "",
    }  # fmt: skip
    assert next(i for i in items if i["sentence_id"] != sentence.pk)["attribution_check"] is None


def test_the_api_lists_the_evidence_pages_that_hold_the_attributed_words(
    quoted, editor, viewer, settings
):
    from annotations.models import Evidence
    from annotations.services.link_checks import check_evidence
    from annotations.services.verdicts import EvidenceInput
    from tests.fetch_servers import page, serving

    _article, sentence = quoted
    held = f"<html><body><article><p>Eurostat meldete: Im Jahr 2025 {MESSAGE}, ein Rekord in " \
        "der Union.</p></article></body></html>"  # fmt: skip
    other = "<html><body><article><p>Ein Bericht ueber das Wetter am Wochenende.</p></article>"
    routes = {"/held": page(held.encode()), "/other": page(other.encode())}
    with serving(routes) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        settings.FACTCHECK_LINKCHECK_HOST_INTERVAL = 0
        items = [EvidenceInput(url=server.url("/other")), EvidenceInput(url=server.url("/held"))]
        annotate(sentence, editor, "verified", evidence=items)
        for evidence in Evidence.objects.filter(annotation__sentence=sentence):
            check_evidence(evidence)
    body = client_for(viewer).get(f"/api/sentences/{sentence.pk}/attribution/").json()
    assert [f["match"] for f in body["found_on"]] == ["verbatim", "not_found"]
    assert body["found_on"][0]["url"].endswith("/held")
    assert MESSAGE in body["found_on"][0]["passage"]
