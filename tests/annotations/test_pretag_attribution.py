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
    assert all("message_start" not in s.payload for s in attributions(sentence))


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
