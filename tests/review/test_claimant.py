"""The claimant that ClaimReview and the exports name, read from the pre-tagger's spans."""

from annotations.exports.rows import attribution_of


def attribution(**payload):
    return {"kind": "attribution", "start": 0, "end": 5, "payload": payload}


def test_a_named_person_is_a_person():
    assert attribution_of([attribution(source="Olaf Scholz", source_kind="person")]) == {
        "name": "Olaf Scholz",
        "type": "Person",
    }


def test_the_pre_taggers_organization_kind_makes_an_organization_without_a_name_span():
    spans = [attribution(source="AFAD", source_kind="organization")]
    assert attribution_of(spans) == {"name": "AFAD", "type": "Organization"}


def test_an_organization_span_of_the_same_name_makes_an_organization():
    spans = [
        attribution(source="Eurostat"),
        {"kind": "organization", "start": 9, "end": 17, "payload": {"name": "Eurostat"}},
    ]
    assert attribution_of(spans)["type"] == "Organization"


def test_a_pronoun_names_the_person_it_was_resolved_to():
    assert attribution_of([attribution(cue="sagte", resolved="Olaf Scholz")]) == {
        "name": "Olaf Scholz",
        "type": "Person",
    }


def test_no_source_and_no_resolution_is_no_claimant():
    assert attribution_of([attribution(cue="sagte")]) is None
    assert attribution_of([]) is None
    assert attribution_of(None) is None
