"""Look-alike letters: refused in link host names, kept with a warning in the texts people type.

Plain words in one script (German with umlauts, Greek, Russian) never warn; a word that mixes
Latin with Cyrillic or Greek letters that pass for one another does.
"""

import re
from pathlib import Path

import pytest

from annotations.models import Annotation
from annotations.services import text
from annotations.services.errors import InvalidInput
from annotations.services.lookalike import find_lookalikes, lookalike_letters

from .test_hardening import VERDICT, annotation_url, put

PLAIN = [
    "Größere Übergänge für Bürger, straße und Maß.",
    "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
    "Москва — столица России, ещё раз.",
    "ΔT = 5 K, 20 μg/m³, α-Strahlung, x² + y²",
    "Le café à Zürich, naïve façade.",
]


# --- the rule --------------------------------------------------------------------------------
@pytest.mark.parametrize("plain", PLAIN)
def test_words_in_one_script_have_no_lookalikes(plain):
    assert find_lookalikes(plain) == []
    assert text.text_warnings(plain, field="rationale") == []


@pytest.mark.parametrize(
    ("typed", "position", "char"),
    [
        ("Laut p\u0430ypal falsch", 6, "\u0430"),  # Cyrillic а in a Latin word
        ("Die Z\u0435itung", 5, "\u0435"),  # Cyrillic е
        ("g\u03bfogle", 1, "\u03bf"),  # Greek ο
        ("In M\u043e\u0441\u043a\u0432\u0430", 3, "M"),  # a Latin M in a Russian word
    ],
)
def test_a_word_mixing_scripts_names_the_odd_letter(typed, position, char):
    [(found_at, found, _word), *_rest] = find_lookalikes(typed)
    assert (found_at, found) == (position, char)
    [warning] = text.text_warnings(typed, field="rationale")
    assert warning.code == "lookalike_character" and warning.positions[0] == position + 1
    assert text.describe_character(char) in warning.message


# --- links -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "named", "where"),
    [
        ("https://p\u0430ypal.com/", "U+0430 CYRILLIC SMALL LETTER A", "position 10 of the link"),
        ("https://g\u03bfogle.com/x", "U+03BF GREEK SMALL LETTER OMICRON", "position 10 of"),
        ("https://xn--pypal-4ve.com/", "U+0430 CYRILLIC SMALL LETTER A", "at position 2)"),
    ],
)
def test_a_host_mixing_scripts_is_a_400_naming_the_letter_and_where(
    as_editor, sentence, url, named, where
):
    response = put(as_editor, sentence, {**VERDICT, "evidence": [{"url": url}]})
    assert response.status_code == 400
    assert response.json()["code"] == "mixed_script_host"
    message = response.json()["fields"]["evidence[0].url"][0]
    assert named in message and where in message
    assert not Annotation.objects.exists()


def test_a_source_url_mixing_scripts_is_refused_too():
    with pytest.raises(InvalidInput, match="U\\+0430 CYRILLIC SMALL LETTER A"):
        text.clean_url("https://p\u0430ypal.com/", field="source_url")


@pytest.mark.parametrize(
    "url",
    [
        "https://пример.рф/",  # all Cyrillic: a legitimate internationalised name
        "https://αθήνα.gr/",  # all Greek
        "https://bücher.de/über",  # Latin with umlauts
        "https://xn--e1afmkfd.xn--p1ai/",  # пример.рф as the browser sends it
        "https://example.org/p\u0430th",  # a look-alike in the path is not the host
    ],
)
def test_a_host_in_one_script_is_accepted(as_editor, sentence, url):
    response = put(as_editor, sentence, {**VERDICT, "evidence": [{"url": url}]})
    assert response.status_code == 200, response.json()
    assert Annotation.objects.get().evidence.get().url == url


# --- texts kept as typed ---------------------------------------------------------------------
def test_a_lookalike_in_a_rationale_is_kept_with_a_warning(as_editor, sentence):
    rationale = "Laut p\u0430ypal falsch."
    response = put(as_editor, sentence, {**VERDICT, "rationale": rationale})
    assert response.status_code == 200
    assert Annotation.objects.get().rationale == rationale
    [warning] = response.json()["warnings"]
    assert warning["field"] == "rationale" and warning["code"] == "lookalike_character"
    assert warning["positions"] == [7]
    assert "U+0430 CYRILLIC SMALL LETTER A in 'pаypal'" in warning["message"]
    assert as_editor.get(annotation_url(sentence)).json()["warnings"] == [warning]


def test_invisible_and_lookalike_in_one_evidence_title_give_two_warnings(as_editor, sentence):
    evidence = [{"url": "https://example.org/a", "title": "Ber\u200bicht der p\u0430ypal"}]
    response = put(as_editor, sentence, {**VERDICT, "evidence": evidence})
    assert response.status_code == 200
    codes = [(w["field"], w["code"]) for w in response.json()["warnings"]]
    assert codes == [
        ("evidence[0].title", "invisible_character"),
        ("evidence[0].title", "lookalike_character"),
    ]


@pytest.mark.parametrize("plain", PLAIN)
def test_plain_words_in_any_script_give_no_warnings(as_editor, sentence, plain):
    evidence = [{"url": "https://example.org/a", "title": plain}]
    response = put(as_editor, sentence, {**VERDICT, "rationale": plain, "evidence": evidence})
    assert response.status_code == 200 and response.json()["warnings"] == []


def test_a_comment_with_a_lookalike_is_kept_and_names_it(as_editor, sentence):
    url = f"/api/sentences/{sentence.pk}/comments/"
    response = as_editor.post(url, {"body": "Siehe p\u0430ypal"}, format="json")
    assert response.status_code == 201
    assert response.json()["body"] == "Siehe p\u0430ypal"
    [warning] = response.json()["warnings"]
    assert warning["field"] == "body" and warning["positions"] == [8]
    plain = as_editor.post(url, {"body": PLAIN[0]}, format="json")
    assert plain.status_code == 201 and plain.json()["warnings"] == []


# --- the workspace script's copy of the letters ----------------------------------------------
def test_the_workspace_script_knows_the_same_lookalike_letters_as_the_server():
    script = (Path(__file__).parents[2] / "static/js/invisible.js").read_text(encoding="utf-8")
    written = re.search(r"const LOOKALIKE = new Set\(\n(.*?)\n  \);", script, re.S)
    assert written is not None
    joined = "".join(re.findall(r'"([^"]*)"', written.group(1)))
    letters = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), joined)
    assert set(letters) == lookalike_letters() and len(letters) == len(lookalike_letters())


# --- what the schemathesis run found ---------------------------------------------------------
def test_the_schema_says_a_comment_edit_needs_its_body(as_editor):
    schema = as_editor.get("/api/schema/", {"format": "json"}).json()
    patch = schema["paths"]["/api/comments/{id}/"]["patch"]
    assert patch["requestBody"]["required"] is True
    assert schema["components"]["schemas"]["PatchedCommentBodyIn"]["required"] == ["body"]


@pytest.mark.parametrize("path", ["/api/stats/", "/api/stats/pretag/"])
def test_stats_for_a_huge_newsroom_id_is_a_404_not_a_400(as_editor, path):
    response = as_editor.get(path, {"newsroom": 2**63 - 2})
    assert response.status_code == 404


def test_the_schema_says_an_attribution_source_is_one_line_and_its_link_a_link(as_editor):
    schema = as_editor.get("/api/schema/", {"format": "json"}).json()
    props = schema["components"]["schemas"]["AttributionIn"]["properties"]
    assert not re.search(props["source"]["pattern"], "Ab\tc")
    assert re.search(props["source"]["pattern"], "Olaf Scholz")
    assert not re.search(props["evidence_url"]["pattern"], "abc")
    assert re.search(props["evidence_url"]["pattern"], "https://example.org/a")
    assert re.search(props["evidence_url"]["pattern"], "")
