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


def attributions(sentence: str) -> list[Span]:
    return [s for s in tag(sentence) if s.kind == "attribution"]


def in_article(text: str, sentence: str) -> list[Span]:
    """Attributions of ``sentence``, tagged in place in the article ``text``."""
    start = text.index(sentence)
    spans = detect_spans(text, start, start + len(sentence), "de")
    return [s for s in spans if s.kind == "attribution"]


@pytest.mark.parametrize(
    ("sentence", "cue", "message"),
    [
        ("Die Ministerin bekundete, man werde helfen.", "bekundete", "man werde helfen"),
        ("Der Verband plädierte dafür, die Steuer zu senken.", "plädierte",
         "die Steuer zu senken"),
        ("Die Richterin entschied, das Verfahren sei einzustellen.", "entschied",
         "das Verfahren sei einzustellen"),
        ("Der Trainer beteuert, er habe nichts gewusst.", "beteuert", "er habe nichts gewusst"),
    ],
)  # fmt: skip
def test_speech_verbs_are_covered_in_all_their_forms(sentence: str, cue: str, message: str):
    span = attribution(sentence, cue)
    assert part(sentence, span, "message") == message
    assert "source" in span.payload


def test_a_separable_verb_wins_over_its_simple_form():
    sentence = "Die Gewerkschaft forderte die Mitglieder auf, am Montag zu streiken."
    span = attribution(sentence, "forderte auf")
    assert part(sentence, span, "particle") == "auf"
    assert span.payload["source"] == "Gewerkschaft" or "source_start" in span.payload


@pytest.mark.parametrize(
    ("sentence", "cue", "second"),
    [
        ("Der Bürgermeister sprach von einem „schwarzen Tag für die Stadt“.", "sprach von",
         "von"),
        ("Die Ärztin bezeichnete die Lage als „sehr ernst“.", "bezeichnete als", "als"),
        ("Der Wetterdienst warnte vor einem „gefährlichen Sturm“.", "warnte vor", "vor"),
        ("Die Kanzlerin würdigte den Verstorbenen als „großen Europäer“.", "würdigte als",
         "als"),
        ("Die Ärztin hält es für möglich, dass die Welle abflaut.", "hält für", "für"),
        ("Der Kläger sieht in dem Urteil einen „schweren Fehler“ als erwiesen an.",
         "sieht als", "als"),
    ],
)  # fmt: skip
def test_a_verbs_preposition_is_part_of_the_cue(sentence: str, cue: str, second: str):
    assert part(sentence, attribution(sentence, cue), "particle") == second


def test_judging_verbs_without_als_are_no_cue():
    assert not attributions("Die Kanzlerin sieht die Stadt, die sie lange nicht besuchte.")


def test_warning_a_while_ago_keeps_the_bare_verb():
    sentence = "Der Wetterdienst warnte vor zwei Tagen, der Sturm werde stark."
    assert attribution(sentence, "warnte").payload["cue"] == "warnte"


@pytest.mark.parametrize(
    ("sentence", "cue", "lead"),
    [
        ("Die Stadt hat am Montag angekündigt, die Brücke zu sperren.", "angekündigt", "hat"),
        ("Es wird vermutet, dass der Brand gelegt wurde.", "vermutet", "Es wird"),
        ("Der Verein wies darauf hin, dass das Spiel ausfalle.", "wies hin", "darauf"),
        ("Wie die Feuerwehr mitteilte, brannte die Scheune ab.", "mitteilte", "Wie"),
    ],
)
def test_the_cue_takes_its_auxiliary_wie_or_pronominal_adverb(sentence: str, cue: str, lead: str):
    assert part(sentence, attribution(sentence, cue), "lead") == lead


def test_wie_reaches_over_an_apposition():
    sentence = "Wie Anna Weber, Sprecherin der Polizei, mitteilte, wurde niemand verletzt."
    span = attribution(sentence, "mitteilte")
    assert part(sentence, span, "lead") == "Wie"
    assert part(sentence, span, "message") == "wurde niemand verletzt"


def test_a_particle_after_an_apposition_closes_the_cue():
    sentence = "Dies teilte der Sprecher der Stadt, Jonas Keller, mit."
    span = attribution(sentence, "teilte mit")
    assert part(sentence, span, "particle") == "mit"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Am Montag äußerte sich der Minister, die Gespräche seien gut verlaufen.",
         "äußerte sich"),
        ("Die Trainerin zeigte sich zuversichtlich, dass die Mannschaft gewinne.",
         "zeigte sich"),
    ],
)  # fmt: skip
def test_reflexive_verbs_of_saying(sentence: str, cue: str):
    span = attribution(sentence, cue)
    assert "message_start" in span.payload and "source_start" in span.payload


def test_other_reflexive_verbs_are_no_cue():
    assert not attributions("Der Verdacht bestätigte sich, die Probe war belastet.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Firma bestätigte den Termin am Montag, weil die Halle frei sei.",
        "Die Firma kündigte einen neuen Wagen an, der im Herbst vorgestellt werden soll.",
    ],
)
def test_a_reason_or_a_relative_clause_is_no_message(sentence: str):
    # An announcing verb may still report in its own verb phrase (form "reported", the whole
    # sentence as message); the clause behind the comma is never the message by itself.
    clause = sentence.index(",") + 2
    for span in attributions(sentence):
        assert span.payload.get("message_start", 0) != clause
        assert "message_start" not in span.payload or span.payload.get("form") == "reported"


def test_an_article_after_the_comma_still_opens_the_message():
    sentence = "Der Minister sagte, die schwierige Lage sei bald vorbei."
    span = attribution(sentence, "sagte")
    assert part(sentence, span, "message") == "die schwierige Lage sei bald vorbei"


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Das Spiel ging in die Pause, nach der die Gäste stärker wurden.", False),
        ("Er verwies auf eine Studie, nach der das Mittel wirke.", True),
        ("Die Untersuchung nach dem Unfall dauerte lange.", False),
    ],
)
def test_nach_is_according_to_only_after_a_source(sentence: str, found: bool):
    assert any(s.payload["cue"] == "nach" for s in attributions(sentence)) is found


def test_demnach_inside_a_clause_is_no_cue_but_opening_it_is_its_own_source():
    assert not attributions("Geplant ist demnach ein Treffen im Juli.")
    sentence = "Demnach sei das Treffen im Juli geplant."
    span = attribution(sentence, "demnach")
    assert part(sentence, span, "source") == "Demnach"


def test_an_adverb_between_an_inverted_verb_and_its_subject():
    sentence = (
        "Nach dem Treffen kündigte heute Finanzministerin Eva Lang an, die Steuern zu senken."
    )
    span = attribution(sentence, "kündigte an")
    assert span.payload["source"] == "Eva Lang"


def test_a_name_ending_in_n_after_the_verb_is_the_speaker():
    sentence = "Die Tür sei offen gewesen, sagte Larsson."
    assert attribution(sentence, "sagte").payload["source"] == "Larsson"


def test_a_verb_joined_by_und_shares_the_opening_subject():
    sentence = "Die Ministerin Eva Lang besuchte das Werk und sagte, die Jobs seien sicher."
    assert attribution(sentence, "sagte").payload["source"] == "Eva Lang"


@pytest.mark.parametrize(
    ("sentence", "source", "phrase"),
    [
        ("Einer Erklärung des Bundes Deutscher Imker (BDI) zufolge sterben viele Bienen.",
         "BDI", "Einer Erklärung des Bundes Deutscher Imker (BDI)"),
        ("Dem Portal wetter.example zufolge wird es kalt.", "wetter.example",
         "Dem Portal wetter.example"),
    ],
)  # fmt: skip
def test_zufolge_after_an_acronym_or_a_lowercase_name(sentence: str, source: str, phrase: str):
    span = attribution(sentence, "zufolge")
    assert span.payload["source"] == source
    assert part(sentence, span, "source") == phrase


def test_dies_at_the_start_points_the_message_to_the_sentence_before():
    text = "Die Brücke bleibt bis Mai gesperrt. Dies bestätigte ein Sprecher der Stadt am Abend."
    (span,) = in_article(text, "Dies bestätigte ein Sprecher der Stadt am Abend.")
    message = text[span.payload["message_start"] : span.payload["message_end"]]
    assert message == "Die Brücke bleibt bis Mai gesperrt"


def test_a_speaking_pronoun_is_resolved_to_the_last_person_named():
    text = (
        "Bürgermeisterin Anna Weber besuchte am Montag die Schule. Sie sagte, der Bau gehe weiter."
    )
    (span,) = in_article(text, "Sie sagte, der Bau gehe weiter.")
    assert text[span.payload["source_start"] : span.payload["source_end"]] == "Sie"
    assert span.payload["resolved"] == "Anna Weber"
    assert "source" not in span.payload


def test_a_plural_pronoun_is_not_resolved():
    text = "Bürgermeisterin Anna Weber traf die Eltern. Sie sagten, der Bau gehe zu langsam."
    (span,) = in_article(text, "Sie sagten, der Bau gehe zu langsam.")
    assert "resolved" not in span.payload


def test_subjunctive_without_a_cue_carries_the_speaker_of_the_sentence_before():
    text = (
        "Bürgermeisterin Anna Weber sagte, die Schule werde saniert. "
        "Die Arbeiten seien für den Sommer geplant. "
        "Die Kosten trage das Land."
    )
    (carried,) = in_article(text, "Die Kosten trage das Land.")
    assert carried.payload["cue"] == "" and carried.payload["carried"] is True
    assert carried.payload["source"] == "Anna Weber"
    message = text[carried.payload["message_start"] : carried.payload["message_end"]]
    assert message == "Die Kosten trage das Land"
    assert "source_start" not in carried.payload  # the phrase stays with its own attribution


def test_subjunctive_without_any_speaker_before_carries_nothing():
    text = "Das Wetter war gut. Die Kosten trage das Land."
    assert not in_article(text, "Die Kosten trage das Land.")


def test_a_reporting_verb_without_a_message_is_reported_speech():
    sentence = "Der Verband forderte am Montag höhere Löhne für Pflegekräfte."
    span = attribution(sentence, "forderte")
    assert span.payload["form"] == "reported"
    assert part(sentence, span, "verb") == "forderte"
    assert "cue_start" not in span.payload
    assert part(sentence, span, "message") == sentence.rstrip(".")


def test_a_reporting_verb_before_its_source_is_reported_speech_too():
    """Verb second after a fronted phrase: the source follows the verb."""
    sentence = "Am Montag forderte der Verband höhere Löhne für Pflegekräfte."
    span = attribution(sentence, "forderte")
    assert span.payload["form"] == "reported"
    assert part(sentence, span, "source") == "der Verband"
    assert part(sentence, span, "message") == sentence.rstrip(".")


def test_other_verbs_without_a_message_stay_plain_attributions():
    sentence = "Der Verband bestätigte am Montag den Termin."
    span = attribution(sentence, "bestätigte")
    assert "form" not in span.payload and "message_start" not in span.payload


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("In einer Mitteilung des Landesamts hieß es, die Werte seien normal.", "Landesamts"),
        ("Die Werte seien normal, hieß es dazu beim Landesamt.", "Landesamt"),
    ],
)
def test_heisst_es_takes_the_body_of_its_place_phrase(sentence: str, source: str):
    span = attribution(sentence, "hieß es")
    assert source in part(sentence, span, "source")


def test_heisst_es_without_a_place_has_no_source():
    sentence = "Die Werte seien normal, hieß es."
    assert "source_start" not in attribution(sentence, "hieß es").payload


@pytest.mark.parametrize(
    ("sentence", "cue_words"),
    [
        ("Am Abend wurde bekannt, dass der Trainer geht.", {"wurde", "bekannt"}),
        ("Er trat zurück, nachdem bekannt geworden war, dass er gelogen hatte.",
         {"bekannt", "geworden", "war"}),
    ],
)  # fmt: skip
def test_becoming_known_is_a_cue_without_a_source(sentence: str, cue_words: set[str]):
    span = attribution(sentence, "wurde bekannt")
    words = {part(sentence, span, name) for name in ("cue", "particle", "lead")
             if f"{name}_start" in span.payload}  # fmt: skip
    assert words == cue_words
    assert "message_start" in span.payload


def test_a_known_fact_is_no_news():
    assert not attributions("Es ist nicht bekannt, ob jemand verletzt wurde.")


def test_a_relative_word_opening_a_zu_infinitive_is_still_the_message():
    sentence = "Der Anwalt empfahl dem Gericht, der Klage stattzugeben."
    span = attribution(sentence, "empfahl")
    assert part(sentence, span, "message") == "der Klage stattzugeben"


def test_gemaess_a_rule_is_no_attribution():
    assert not attributions("Die Geräte werden gemäß dem neuen Standard gebaut.")
    sentence = "Gemäß der Polizei wurde niemand verletzt."
    assert attribution(sentence, "gemäß").payload["source"] == "Polizei"


def test_meaning_well_is_no_cue():
    assert not attributions("Das Wetter meinte es gut mit den Läufern.")


def test_a_modal_far_before_a_plural_verb_makes_it_no_cue():
    sentence = "Die Behörden konnten die Berichte am Montag nicht bestätigen, wonach es brannte."
    assert all(s.payload["cue"] != "bestätigen" for s in attributions(sentence))


def test_a_noun_of_saying_with_its_source_and_message():
    sentence = "Die Regierung lehnte die Forderung des Verbands, die Steuer zu senken, ab."
    span = attribution(sentence, "Forderung")
    assert part(sentence, span, "cue") == "die Forderung"
    assert part(sentence, span, "source") == "des Verbands"
    assert part(sentence, span, "message").startswith("die Steuer zu senken")


def test_a_noun_of_saying_before_a_plain_relative_clause_is_no_cue():
    sentence = "Die Forderung des Verbands, die gestern kam, wurde abgelehnt."
    assert all(s.payload["cue"] != "Forderung" for s in attributions(sentence))


@pytest.mark.parametrize(
    ("sentence", "cue", "phrase"),
    [
        ("Der Leiter der Feuerwehr, Jonas Keller, sagte, das Feuer sei gelöscht.", "sagte",
         "Der Leiter der Feuerwehr, Jonas Keller"),
        ("Jonas Keller, Leiter der örtlichen Feuerwehr, erklärte, das Feuer sei gelöscht.",
         "erklärte", "Jonas Keller, Leiter der örtlichen Feuerwehr"),
    ],
)  # fmt: skip
def test_an_opening_subject_with_its_apposition(sentence: str, cue: str, phrase: str):
    span = attribution(sentence, cue)
    assert part(sentence, span, "source") == phrase


def test_an_opening_clause_with_a_verb_is_no_subject():
    sentence = "Nachdem das Feuer gelöscht war, sagte Jonas Keller, alle seien sicher."
    assert attribution(sentence, "sagte").payload.get("source") == "Jonas Keller"


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker"),
    [
        ("Von Seiten der Eltern wurde gefordert, die Schule zu öffnen.", "gefordert",
         "Seiten der Eltern"),
        ("Der Plan wurde von der Opposition kritisiert, er sei zu teuer.", "kritisiert",
         "der Opposition"),
    ],
)  # fmt: skip
def test_the_von_phrase_of_a_passive_is_the_source(sentence: str, cue: str, speaker: str):
    assert part(sentence, attribution(sentence, cue), "source") == speaker


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


# --- Source positions in German syntax (tagger 2026.12-4) ---


def sources(sentence: str) -> list[str]:
    """The source phrases of the sentence's attributions, as written."""
    return [
        part(sentence, s, "source") for s in attributions(sentence) if "source_start" in s.payload
    ]


def test_a_participle_closing_the_verb_bracket_has_the_subject_of_its_auxiliary():
    sentence = (
        "Die Stadtverwaltung hat am Dienstag in einem Schreiben den Anwohnern mitgeteilt, "
        "dass die Brücke gesperrt werde."
    )
    span = attribution(sentence, "mitgeteilt")
    assert part(sentence, span, "source") == "Die Stadtverwaltung"  # not "den Anwohnern"


def test_a_passive_participle_takes_no_subject_from_its_auxiliary():
    assert (
        sources("Den Anwohnern wurde am Dienstag mitgeteilt, dass die Brücke gesperrt werde.") == []
    )


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Wie Dr. Lehmann erklärte, sei die Probe sauber.", "Dr. Lehmann"),
        ("Wie die Zeitung aus Köln am späten Montag in Düsseldorf berichtete, stieg die Zahl.",
         "die Zeitung"),
    ],
)  # fmt: skip
def test_a_wie_clause_runs_over_titles_and_long_adverbials(sentence: str, source: str):
    assert source in sources(sentence)


def test_a_wie_clause_takes_the_auxiliary_that_closes_it():
    sentence = "Wie das Landesamt am Morgen bekanntgegeben hat, bleibt die Straße gesperrt."
    span = next(s for s in attributions(sentence) if s.payload["cue"] == "bekanntgegeben")
    assert part(sentence, span, "particle") == "hat"
    assert part(sentence, span, "source") == "das Landesamt"
    assert part(sentence, span, "message") == "bleibt die Straße gesperrt"


@pytest.mark.parametrize(
    "sentence",
    ["Wie viele Menschen kamen, ist unklar.", "Wie das Landesamt gebaut hat, bleibt unklar."],
)
def test_a_wie_clause_without_a_verb_of_saying_is_no_attribution(sentence: str):
    assert sources(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        ("Die Schulen bleiben zu, während Bürgermeisterin Anna Weber erklärte, man prüfe alles.",
         "erklärte", "Bürgermeisterin Anna Weber"),
        ("Die Schulen bleiben zu, während Weber erklärte, man prüfe alles.", "erklärte",
         "Weber"),
        ("Die Eltern sind empört, zumal Anwalt Peter Brandt immer wieder betont hatte, alles "
         "sei sicher.", "betont", "Anwalt Peter Brandt"),
    ],
)  # fmt: skip
def test_a_verb_closing_a_subordinate_clause_has_the_subject_after_the_conjunction(
    sentence: str, cue: str, source: str
):
    assert part(sentence, attribution(sentence, cue), "source") == source


def test_a_subordinate_clause_without_a_subject_gives_no_source():
    sentence = "Weil am Montag erklärt wurde, die Schulen blieben zu, protestierten Eltern."
    assert "source_start" not in attribution(sentence, "erklärt").payload


def test_a_main_clause_after_a_comma_opens_with_its_speaker():
    sentence = "Der Markt wird geöffnet, die Polizei befürchtet aber, dass es Staus gibt."
    span = attribution(sentence, "befürchtet")
    assert part(sentence, span, "source") == "die Polizei"
    assert part(sentence, span, "message") == "dass es Staus gibt"  # not the clause before


def test_a_main_clause_after_a_comma_without_a_verb_of_saying_is_no_attribution():
    assert attributions("Der Markt wird geöffnet, der Eintritt kostet nichts.") == []


def test_an_apposition_with_a_role_runs_to_its_closing_comma():
    sentence = (
        "Nach Ansicht von Jana Berg, Vorsitzende des Mieterbunds im Kreis, sind die Mieten hoch."
    )
    assert sources(sentence) == ["Ansicht von Jana Berg, Vorsitzende des Mieterbunds im Kreis"]


def test_a_relative_clause_is_no_apposition_of_the_source():
    sentence = "Nach Ansicht von Jana Berg, die lange geschwiegen hat, sind die Mieten hoch."
    assert sources(sentence) == ["Ansicht von Jana Berg"]


def test_laut_opens_the_clause_and_the_verb_s_subject_follows_it():
    sentence = "Laut Informationen der Zeitung hat der Verband angekündigt, die Beiträge zu senken."
    assert part(sentence, attribution(sentence, "angekündigt"), "source") == "der Verband"


def test_a_focus_particle_stands_before_a_lone_name():
    sentence = "Auch Berger erklärte, die Frist sei zu kurz."
    assert part(sentence, attribution(sentence, "erklärte"), "source") == "Berger"
    assert sources("Auch Gestern erklärte, die Frist sei zu kurz.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Gestern bat den Bürgermeister ein Anwohner um Hilfe.",
        "Später warf dem Minister ein Abgeordneter Versagen vor.",
    ],
)
def test_an_accusative_or_dative_after_the_verb_is_no_subject(sentence: str):
    assert not any(s.startswith(("den ", "dem ")) for s in sources(sentence))


def test_a_comma_joins_a_second_verb_to_the_subject_of_the_first():
    sentence = "Der Bürgermeister prüft den Antrag, teilte aber mit, dass es dauern werde."
    assert part(sentence, attribution(sentence, "teilte mit"), "source") == "Der Bürgermeister"


def test_an_inverted_subject_after_a_comma_is_not_replaced_by_the_first_clause():
    assert sources("Der Minister sei gescheitert, sagten Anwohner.") == ["Anwohner"]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("62 Prozent der Befragten sagten, sie seien zufrieden.", "62 Prozent der Befragten"),
        ("Im Mai sagten 40 Prozent der jungen Wähler, sie wählten nicht.",
         "40 Prozent der jungen Wähler"),
        ("Dabei sprachen sich 75 Prozent für den Neubau aus.", "75 Prozent"),
    ],
)  # fmt: skip
def test_a_share_of_respondents_speaks(sentence: str, source: str):
    assert sources(sentence) == [source]


def test_a_share_that_is_no_subject_speaks_not():
    assert attributions("Die Preise stiegen um 62 Prozent.") == []


# --- Source phrases of bodies and titled people ---


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Laut dem Chefankläger des Internationalen Strafgerichts hat die Zahl zugenommen.",
         "dem Chefankläger des Internationalen Strafgerichts"),
        ("Laut Klinikdirektor Prof. Dr. Anna Seidl sind die Betten voll.",
         "Klinikdirektor Prof. Dr. Anna Seidl"),
        ("Die Schulen schließen, teilte die Bangkok Post mit.", "die Bangkok Post"),
        ("Die Lage sei ernst, sagte Jonas gegenüber der Zeitung.", "Jonas"),
    ],
)  # fmt: skip
def test_source_phrases_of_bodies_and_titled_people(sentence: str, source: str):
    assert sources(sentence) == [source]


def test_a_dash_before_so_names_the_speaker():
    sentence = "Die Lage sei ernst – so Müller –, die Regierung müsse handeln."
    assert sources(sentence) == ["Müller"]
    assert sources("Die Lage sei ernst – so weit, so gut.") == []


# --- Speakers without a verb, quoted speakers, opinions, documents ---


def test_a_speaker_before_a_colon_is_the_source_of_the_quotation():
    sentence = "Kommissarin Lena Roth: „Wir prüfen jeden Hinweis.“"
    span = attribution(sentence, "")
    assert part(sentence, span, "source") == "Kommissarin Lena Roth"
    assert part(sentence, span, "message") == "„Wir prüfen jeden Hinweis.“"


def test_a_speaker_before_a_colon_announces_the_quotation_of_the_next_sentence():
    text = "Kommissarin Lena Roth: „Wir prüfen jeden Hinweis.“"
    first = "Kommissarin Lena Roth:"
    span = next(s for s in detect_spans(text, 0, len(first), "de") if s.kind == "attribution")
    assert text[span.payload["message_start"] : span.payload["message_end"]].startswith("„Wir")


def test_a_topic_before_a_colon_is_no_speaker():
    assert attributions("Die Gründe: Regen, Wind und Kälte.") == []


def test_the_subject_of_a_passive_zitiert_is_who_is_quoted():
    sentence = "Der Schauspieler wird in der Zeitung mit den Worten zitiert: „Ich höre auf.“"
    assert part(sentence, attribution(sentence, "zitiert"), "source") == "Der Schauspieler"
    assert attributions("Der Bericht wurde in der Zeitung zitiert.") == []


@pytest.mark.parametrize(
    ("sentence", "cue", "message"),
    [
        ("Der Verband ist der Ansicht, dass die Preise steigen.", "ist der Ansicht",
         "dass die Preise steigen"),
        ("Viele Ökonomen sind der gegenteiligen Auffassung, die Preise würden fallen.",
         "sind der gegenteiligen Auffassung", "die Preise würden fallen"),
        ("Die Ärztin teilt die Einschätzung, die Welle sei vorbei.", "teilt die Einschätzung",
         "die Welle sei vorbei"),
    ],
)  # fmt: skip
def test_a_verb_and_a_noun_of_opinion_cue_a_message(sentence: str, cue: str, message: str):
    [span] = attributions(sentence)
    assert span.payload["cue"] == cue
    assert part(sentence, span, "message") == message
    assert "source_start" in span.payload


def test_a_noun_of_opinion_without_a_message_is_no_cue():
    assert attributions("Der Verband ist der Ansicht seines Vorstands gefolgt.") == []


def test_a_page_before_heisst_es_is_its_source():
    sentence = "Auf der Homepage des Vereins heißt es, man sei zufrieden."
    assert sources(sentence) == ["der Homepage des Vereins"]


def test_a_document_in_the_clause_of_a_passive_is_its_source():
    sentence = "In einer Mitteilung des Ministeriums wurde bestätigt, dass die Schule schließt."
    assert sources(sentence) == ["einer Mitteilung des Ministeriums"]
    assert sources("Am Morgen wurde bestätigt, dass die Schule schließt.") == []


# --- Reported speech in the verb phrase ---


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Behörde gab die Schließung der Schule bekannt.",
        "Die Polizei geht von Brandstiftung aus.",
        "Die Bürgermeisterin sprach sich für den Neubau aus.",
        "Anwohner berichteten von einem lauten Knall.",
        "Der Gutachter schätzt den Schaden auf zwei Millionen Euro.",
        "Die Opposition hält den Plan für verfassungswidrig.",
        "Experten warnen vor einer neuen Welle.",
        "Die Händler rechnen mit einem ruhigen Winter.",
    ],
)
def test_a_verb_whose_object_is_what_was_said_reports_in_its_sentence(sentence: str):
    [span] = attributions(sentence)
    assert span.payload.get("form") == "reported"
    assert "source_start" in span.payload
    assert part(sentence, span, "message") == sentence.rstrip(".")


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Konzern bot den Kunden einen Rabatt an.",
        "Die größte Gefahr geht von den Rebellen aus.",
        "Der Minister sprach sich mit dem Kollegen ab.",
        "Über den Unfall berichtete die Zeitung.",
        "Der Verein hält an dem Plan fest.",
    ],
)
def test_a_verb_that_names_a_deed_reports_nothing(sentence: str):
    assert all(s.payload.get("form") != "reported" for s in attributions(sentence))
    assert all("message_start" not in s.payload for s in attributions(sentence))


def test_a_separable_infinitive_with_zu_reads_as_reported_content():
    sentence = "Die Stadt lehnte die Forderung des Verbands, die Regeln schneller umzusetzen, ab."
    [span] = attributions(sentence)
    assert part(sentence, span, "source") == "des Verbands"
    assert part(sentence, span, "message") == "die Regeln schneller umzusetzen"  # not ", ab"
    assert sources("Die Stadt lehnte die Forderung des Verbands, die am Montag kam, ab.") == []


def test_the_reported_clause_of_a_noun_goes_on_after_a_comma_with_a_conjunction():
    sentence = "Die Forderung der Eltern, dass die Stadt, wenn nötig, hilft, blieb ungehört."
    span = attribution(sentence, "Forderung")
    assert part(sentence, span, "message").startswith("dass die Stadt, wenn nötig")
