"""Attributions and quotes: speaker or source as a name, role and party apart, cue and message
offsets into the article, and detector stages that fail without costing the sentence."""

from __future__ import annotations

import pytest

from annotations.pretag import spans as spans_module
from annotations.pretag.spans import detect_spans, detect_spans_with_warnings
from annotations.pretag.types import Span
from bench import attribution_quality
from bench.attribution_quality import HAND_CASES


def tag(sentence: str, language: str = "de") -> list[Span]:
    return detect_spans(sentence, 0, len(sentence), language)


def attribution(sentence: str, cue: str, language: str = "de") -> Span:
    for span in tag(sentence, language):
        if span.kind == "attribution" and span.payload["cue"] == cue:
            return span
    raise AssertionError(f"no attribution with cue {cue!r} in {tag(sentence, language)}")


def part(sentence: str, span: Span, name: str) -> str:
    return sentence[span.payload[f"{name}_start"] : span.payload[f"{name}_end"]]


@pytest.mark.parametrize(
    ("language", "sentence", "cue", "source", "source_phrase", "extra"),
    [
        ("de", "Die Lage ist ernst, sagte Bundeskanzler Olaf Scholz am Montag.", "sagte",
         "Olaf Scholz", "Bundeskanzler Olaf Scholz", {"role": "Bundeskanzler"}),
        ("de", "Gesundheitsministerin Nina Warken (CDU) kündigte an, die Reform komme bald.",
         "kündigte an", "Nina Warken", "Gesundheitsministerin Nina Warken (CDU)",
         {"party": "CDU", "role": "Gesundheitsministerin"}),
        ("de", "Nina Warken (CDU) kündigte an, die Reform komme bald.", "kündigte an",
         "Nina Warken", "Nina Warken (CDU)", {"party": "CDU"}),
        ("de", "Die Inflation sank, teilte die Statistikbehörde Eurostat am Dienstag mit.",
         "teilte mit", "Eurostat", "die Statistikbehörde Eurostat", {}),
        ("en", "The threat is growing, Jen Easterly, the agency's director, told CNN.", "told",
         "Jen Easterly", "Jen Easterly, the agency's director", {}),
        ("en", "At least 120 people died, the Disaster and Emergency Management Authority "
         "(AFAD) said.", "said", "AFAD",
         "the Disaster and Emergency Management Authority (AFAD)", {}),
        ("en", "Prices rose 2 percent, Eurostat said on Tuesday.", "said", "Eurostat", "Eurostat",
         {}),
        ("en", "Smith said on Tuesday that the plan would fail.", "said", "Smith", "Smith", {}),
    ],
)  # fmt: skip
def test_source_is_the_name_with_role_and_party_apart(
    language: str, sentence: str, cue: str, source: str, source_phrase: str, extra: dict
):
    span = attribution(sentence, cue, language)
    assert span.payload["source"] == source
    assert part(sentence, span, "source") == source_phrase
    for key, value in extra.items():
        assert span.payload[key] == value


@pytest.mark.parametrize(
    ("language", "sentence", "cue", "kind"),
    [
        ("de", "Die Lage ist ernst, sagte Bundeskanzler Olaf Scholz.", "sagte", "person"),
        ("en", "At least 12 died, the agency (AFAD) said.", "said", "organization"),
        ("de", "Der Minister sagte, die Lage sei stabil.", "sagte", "role"),
    ],
)
def test_source_kind_tells_a_person_from_an_organisation(
    language: str, sentence: str, cue: str, kind: str
):
    assert attribution(sentence, cue, language).payload["source_kind"] == kind


def test_told_never_takes_the_addressee():
    sentence = "The agency's director told CNN the threat was growing."
    assert attribution(sentence, "told", "en").payload["source"] == "director"


def test_according_to_gives_cue_source_and_message():
    sentence = "According to Eurostat, inflation fell to 2.1 percent."
    span = attribution(sentence, "according to", "en")
    assert span.payload["source"] == "Eurostat"
    assert part(sentence, span, "cue") == "According to"
    assert part(sentence, span, "message") == "inflation fell to 2.1 percent"


def test_separable_verb_gives_verb_and_particle():
    sentence = "Das Ministerium teilte am Montag mit, die Lage sei stabil."
    span = attribution(sentence, "teilte mit")
    assert part(sentence, span, "cue") == "teilte"
    assert part(sentence, span, "particle") == "mit"
    assert part(sentence, span, "message") == "die Lage sei stabil"


@pytest.mark.parametrize(
    ("sentence", "cue", "message"),
    [
        ("Die Lage sei stabil, sagte er.", "sagte", "Die Lage sei stabil"),
        ("Er sagte, die Lage sei stabil.", "sagte", "die Lage sei stabil"),
        ("„Das ist falsch“, sagte Merz.", "sagte", "„Das ist falsch“"),
        ("Laut Polizei kamen 1.000 Menschen.", "laut", "kamen 1.000 Menschen"),
        ("Der Regierung zufolge ist die Lage ruhig.", "zufolge", "ist die Lage ruhig"),
    ],
)
def test_message_span(sentence: str, cue: str, message: str):
    assert part(sentence, attribution(sentence, cue), "message") == message


def test_pronoun_is_a_source_phrase_without_a_name():
    sentence = "Die Lage sei stabil, sagte er."
    span = attribution(sentence, "sagte")
    assert "source" not in span.payload
    assert part(sentence, span, "source") == "er"


def test_quote_carries_speaker_role_and_cue():
    sentence = "„Wir stehen an der Seite der Ukraine“, sagte Außenministerin Annalena Baerbock."
    quote = next(s for s in tag(sentence) if s.kind == "quote")
    assert quote.payload["speaker"] == "Annalena Baerbock"
    assert quote.payload["role"] == "Außenministerin"
    assert quote.payload["cue"] == "sagte"
    assert part(sentence, quote, "source") == "Außenministerin Annalena Baerbock"


def test_message_of_a_quotation_runs_into_the_next_sentences():
    text = "Overath sagte: „Ja, wir haben uns geeinigt. Wir wünschen ihm alles Gute.“ Dann ging er."
    end = text.index("geeinigt.") + len("geeinigt.")
    span = next(s for s in detect_spans(text, 0, end, "de") if s.kind == "attribution")
    assert text[span.payload["message_start"] : span.payload["message_end"]] == (
        "„Ja, wir haben uns geeinigt. Wir wünschen ihm alles Gute.“"
    )
    assert span.end <= end  # the span itself stays in its sentence


def test_payload_offsets_index_the_article():
    first = "Erster Satz. "
    sentence = "Die Lage sei stabil, sagte Bundeskanzler Olaf Scholz."
    text = first + sentence
    span = next(
        s for s in detect_spans(text, len(first), len(text), "de") if s.kind == "attribution"
    )
    assert text[span.payload["source_start"] : span.payload["source_end"]] == (
        "Bundeskanzler Olaf Scholz"
    )
    assert text[span.payload["cue_start"] : span.payload["cue_end"]] == "sagte"


def test_a_verb_with_nobody_and_nothing_said_is_no_attribution():
    assert not [s for s in tag("Die Zahl wurde noch nicht bestätigt.") if s.kind == "attribution"]


@pytest.mark.parametrize(("language", "sentence", "kind", "expected"), HAND_CASES)
def test_hand_written_news_sentences(language: str, sentence: str, kind: str, expected: dict):
    payloads = [s.payload for s in tag(sentence, language) if s.kind == kind]
    assert any(all(p.get(k) == v for k, v in expected.items()) for p in payloads), payloads


def test_detect_spans_with_warnings_reports_no_warning_on_a_good_sentence():
    sentence = "Am 29. November sagte Scholz, 300 Soldaten seien bereit."
    found, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), "de", None)
    assert warnings == []
    assert found == tag(sentence)


def test_a_failing_stage_costs_only_its_own_tags(monkeypatch: pytest.MonkeyPatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(spans_module, "find_entities", broken)
    sentence = "Am 29. November sagte Bundeskanzler Olaf Scholz, 300 Soldaten seien bereit."
    found, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), "de", None)
    assert warnings == ["entities: KeyError"]
    kinds = {s.kind for s in found}
    assert "person" not in kinds
    assert {"date", "number", "attribution", "reported_speech"} <= kinds
    assert detect_spans(sentence, 0, len(sentence), "de") == found


def test_a_failing_quote_stage_leaves_speakers_and_attributions_working(
    monkeypatch: pytest.MonkeyPatch,
):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(spans_module, "find_quotes", broken)
    sentence = "„Das ist falsch“, sagte Merz."
    found, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), "de", None)
    assert warnings == ["quotes: ValueError"]
    assert not [s for s in found if s.kind == "quote"]
    assert [s.payload["source"] for s in found if s.kind == "attribution"] == ["Merz"]


def test_a_failing_speaker_stage_keeps_the_quotes(monkeypatch: pytest.MonkeyPatch):
    def broken(*args, **kwargs):
        raise IndexError("boom")

    monkeypatch.setattr(spans_module, "_quote_spans", broken)
    sentence = "„Das ist falsch“, sagte Merz."
    found, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), "de", None)
    assert warnings == ["speakers: IndexError"]
    assert [s.payload for s in found if s.kind == "quote"] == [{}]


def test_a_failing_message_stage_keeps_the_attributions(monkeypatch: pytest.MonkeyPatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(spans_module, "_announced", broken)
    sentence = "Die Lage sei stabil, sagte Bundeskanzler Olaf Scholz."
    found, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), "de", None)
    assert warnings == ["messages: RuntimeError"]
    said = [s for s in found if s.kind == "attribution"]
    assert [s.payload["source"] for s in said] == ["Olaf Scholz"]
    assert part(sentence, said[0], "message") == "Die Lage sei stabil"


def _spkatt_doc() -> dict:
    tokens = ["„", "Das", "ist", "falsch", "“", ",", "sagte", "Merz", "."]
    return {
        "Sentences": [{"SentenceId": 0, "Tokens": tokens}],
        "Annotations": [
            {
                "Cue": ["0:6"],
                "Source": ["0:7"],
                "Message": ["0:0", "0:1", "0:2", "0:3", "0:4"],
                "Form": "Direct",
            }
        ],
    }


def test_bench_rebuilds_text_with_token_offsets():
    article = attribution_quality.rebuild(_spkatt_doc())
    assert article.text == "„Das ist falsch“, sagte Merz."
    assert {article.text[a:b] for a, b in article.tokens.values()} == {
        "Das",
        "ist",
        "falsch",
        "sagte",
        "Merz",
    }


def test_bench_scores_a_right_attribution_as_one_and_a_missed_one_as_zero():
    article = attribution_quality.rebuild(_spkatt_doc())
    tallies = attribution_quality.score([article])
    for role in ("cue", "source", "message"):
        assert tallies[(role, "direct")].f1() == (1.0, 1.0, 1.0)
    doc = _spkatt_doc()
    doc["Sentences"][0]["Tokens"] = ["Das", "ist", "falsch", "."]
    doc["Annotations"][0].update(Cue=["0:0"], Source=["0:1"], Message=["0:2"])
    tallies = attribution_quality.score([attribution_quality.rebuild(doc)])
    assert tallies[("cue", "direct")].f1() == (0.0, 0.0, 0.0)


def test_bench_without_data_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys):
    monkeypatch.setenv("FACTCHECK_EVAL_DATA", str(tmp_path))
    assert attribution_quality.main([]) == 0
    assert "skipped: no SpkAtt data" in capsys.readouterr().out
