"""Correcting a pre-tag's speaker, source or date over HTTP
(``/api/sentences/{id}/pretag-corrections/``), and an attribution check counting as one."""

import pytest

from annotations.models import PretagCorrection, Revision, SentenceTag
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.verdicts import set_verdict

pytestmark = pytest.mark.django_db


def pretag(sentence, version: str = "t-1"):
    """Pre-tags naming a quote's speaker, an attribution's source and a date."""
    at = sentence.start
    spans = [
        {"start": at, "end": at + 5, "kind": "quote", "payload": {"speaker": "Kim"}},
        {"start": at + 6, "end": at + 9, "kind": "attribution",
         "payload": {"cue": "sagte", "source": "Kim", "source_kind": "person"}},
        {"start": at + 10, "end": at + 14, "kind": "date", "payload": {"iso": "2024-11-29"}},
        {"start": at + 15, "end": at + 18, "kind": "person", "payload": {"name": "Kim"}},
    ]  # fmt: skip
    tag = SentenceTag.objects.create(
        sentence=sentence, tagger_version=version, checkworthiness=0.9, claim=True, spans=spans
    )
    sentence.pretag = tag
    sentence.save(update_fields=["pretag"])
    return tag


def url(sentence) -> str:
    return f"/api/sentences/{sentence.pk}/pretag-corrections/"


def put(client, sentence, **body):
    return client.put(url(sentence), body, format="json")


def speaker(sentence, value="Kim Jong Un", **extra):
    return {"kind": "quote", "start": sentence.start, "field": "speaker", "value": value, **extra}


def test_get_lists_the_correctable_tags_with_the_pretaggers_values(as_viewer, sentence):
    pretag(sentence)
    body = as_viewer.get(url(sentence)).json()
    assert body["tagger_version"] == "t-1"
    assert [(t["kind"], t["field"], t["pretag_value"], t["value"]) for t in body["tags"]] == [
        ("quote", "speaker", "Kim", "Kim"),
        ("attribution", "source", "Kim", "Kim"),
        ("date", "date", "2024-11-29", "2024-11-29"),
    ]
    assert body["tags"][0]["text"] == sentence.text[:5]
    assert all(t["correction"] is None for t in body["tags"])


def test_editor_corrects_a_speaker_and_the_record_keeps_who_what_and_the_version(
    as_editor, editor, sentence
):
    tag = pretag(sentence)
    response = put(as_editor, sentence, **speaker(sentence))
    assert response.status_code == 200, response.json()
    quote = response.json()["tags"][0]
    assert (quote["pretag_value"], quote["value"]) == ("Kim", "Kim Jong Un")
    assert quote["correction"]["by"]["username"] == "editor"
    assert quote["correction"]["origin"] == "panel"
    [row] = PretagCorrection.objects.all()
    assert (row.sentence_id, row.tag_id, row.tagger_version) == (sentence.pk, tag.pk, "t-1")
    assert (row.kind, row.field, row.pretag_value, row.value) == (
        "quote", "speaker", "Kim", "Kim Jong Un",
    )  # fmt: skip
    assert row.by == editor and row.at is not None
    [revision] = Revision.objects.filter(sentence=sentence, action="correct_pretag")
    assert revision.after["pretag_correction"]["value"] == "Kim Jong Un"


def test_the_same_value_again_writes_nothing_and_the_pretaggers_value_withdraws(
    as_editor, sentence
):
    pretag(sentence)
    put(as_editor, sentence, **speaker(sentence))
    put(as_editor, sentence, **speaker(sentence))
    assert Revision.objects.filter(action="correct_pretag").count() == 1
    back = put(as_editor, sentence, **speaker(sentence, value="Kim"))
    assert back.status_code == 200 and back.json()["tags"][0]["correction"] is None
    assert not PretagCorrection.objects.exists()
    assert Revision.objects.filter(action="correct_pretag").count() == 2


def test_editor_corrects_a_date(as_editor, sentence):
    pretag(sentence)
    body = {"kind": "date", "start": sentence.start + 10, "field": "date", "value": "2024-11-28"}
    response = put(as_editor, sentence, **body)
    assert response.status_code == 200 and response.json()["tags"][2]["value"] == "2024-11-28"


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"field": "colour"}, "field", "Unknown field 'colour'"),
        ({"value": "   "}, "value", "cannot be blank"),
        ({"start": 0}, "start", "no quote tag starting at 0"),
        ({"kind": "date"}, "kind", "has no 'speaker'"),
        ({"kind": "person", "field": "source"}, "kind", "Unknown kind 'person'"),
        ({"kind": "date", "field": "date", "value": "29.11.2024"}, "value", "no date"),
    ],
)
def test_bad_input_gets_400_naming_the_field_and_writes_nothing(
    as_editor, sentence, change, field, says
):
    pretag(sentence)
    body = speaker(sentence, **change)
    if change.get("kind") == "date" and "start" not in change:
        body["start"] = sentence.start + 10 if change.get("field") == "date" else sentence.start
    response = put(as_editor, sentence, **body)
    assert response.status_code == 400, response.json()
    answer = response.json()
    assert field in answer["fields"] and says in answer["message"], answer
    assert not PretagCorrection.objects.exists()
    assert not Revision.objects.filter(action="correct_pretag").exists()


def test_a_sentence_without_pretags_gets_400(as_editor, sentence):
    sentence.pretag = None
    sentence.save(update_fields=["pretag"])
    response = put(as_editor, sentence, **speaker(sentence))
    assert response.status_code == 400 and response.json()["code"] == "no_tag"


def test_viewer_is_denied_correcting_with_403(as_viewer, sentence):
    pretag(sentence)
    assert put(as_viewer, sentence, **speaker(sentence)).status_code == 403
    assert not PretagCorrection.objects.exists()


def test_outsider_gets_404_for_another_newsrooms_sentence(as_outsider, outsider, sentence):
    pretag(sentence)
    assert as_outsider.get(url(sentence)).status_code == 404
    assert put(as_outsider, sentence, **speaker(sentence)).status_code == 404
    assert not PretagCorrection.objects.exists()


def test_an_attribution_check_naming_another_source_is_a_correction_recorded_once(
    as_editor, editor, sentence
):
    pretag(sentence)
    set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
    set_attribution_check(sentence=sentence, editor=editor, result="confirmed", source="Kim")
    assert not PretagCorrection.objects.exists()  # the pre-tagger's source: nothing corrected
    set_attribution_check(
        sentence=sentence, editor=editor, result="misattributed", source="Choe Son Hui"
    )
    [row] = PretagCorrection.objects.all()
    assert (row.kind, row.field, row.value, row.origin) == (
        "attribution", "source", "Choe Son Hui", "attribution_check",
    )  # fmt: skip
    source = {"kind": "attribution", "start": sentence.start + 6, "field": "source"}
    put(as_editor, sentence, **source, value="Choe Son-hui")
    assert PretagCorrection.objects.get().value == "Choe Son-hui"  # the same row, updated
    body = as_editor.get(url(sentence)).json()
    assert body["tags"][1]["correction"]["origin"] == "panel"


def test_the_schema_documents_the_endpoint(as_viewer):
    schema = as_viewer.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    path = schema["paths"]["/api/sentences/{id}/pretag-corrections/"]
    assert {"get", "put"} <= set(path)
    assert "PretagCorrectionIn" in schema["components"]["schemas"]


def test_pretag_stats_show_the_acceptance_of_speakers_and_dates(as_editor, editor, sentence):
    pretag(sentence)
    set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
    put(as_editor, sentence, **speaker(sentence))
    [row] = as_editor.get("/api/stats/pretag/").json()["versions"]
    assert (row["speakers"]["tags"], row["speakers"]["accepted"]) == (2, 1)
    assert row["speakers"]["rate"]["value"] == 0.5
    assert (row["dates"]["tags"], row["dates"]["accepted"], row["dates"]["rate"]["value"]) == (
        1, 1, 1.0,
    )  # fmt: skip
