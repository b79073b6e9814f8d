"""Sentence segmenter: hard German and English cases, headings, paragraphs, offset invariants,
and the boundary F1 targets on the evaluation sets when they are present."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.pretag.segmenter import HEADING_MAX_WORDS, segment, split_paragraph
from annotations.pretag.types import Segment

SEED = Path(__file__).resolve().parents[2] / "seeds" / "nordkorea-russland-selbstverteidigung.txt"


def sentences(text: str, language: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text, language)]


GERMAN = [
    pytest.param(
        ["Am 29. November empfing er den Minister.", "Dann reiste er ab."], id="date-ordinal"
    ),
    pytest.param(["Im 3. Quartal stieg der Umsatz.", "Das freute alle."], id="quarter"),
    pytest.param(
        ["Die Frist läuft bis 31. März.", "Am 1. Januar 2025 tritt das Gesetz in Kraft."],
        id="dates",
    ),
    pytest.param(["Im 5. Jahrhundert v. Chr. entstand die Stadt.", "Sie wuchs."], id="century"),
    pytest.param(["Er wurde 3.", "Im Finale verlor er knapp."], id="ordinal-then-sentence"),
    pytest.param(["Das kostet z. B. Geld, u. a. für Miete.", "Mehr nicht."], id="z-b-u-a"),
    pytest.param(
        ["Dr. Müller und Prof. Meier kamen.", "Fr. Huber bzw. Hr. Keller fehlten."], id="titles"
    ),
    pytest.param(
        ["Der Umsatz stieg auf 3 Mio. Fr. im Jahr.", "Die Kosten lagen bei 2 Mrd. Euro."],
        id="mio-mrd-fr",
    ),
    pytest.param(["Das kostete 20 Fr.", "Die Kunden zahlten trotzdem."], id="franken-at-end"),
    pytest.param(
        ["Er wohnt in der Nr. 5 in St. Gallen, ca. 10 km entfernt.", "Sie auch."], id="nr-st-ca"
    ),
    pytest.param(["Äpfel, Birnen usw.", "Die Auswahl war groß."], id="usw-at-end"),
    pytest.param(["Er sagte: «Wir kommen.»", "Dann ging er."], id="guillemets"),
    pytest.param(["Er sagte: »Wir kommen.«", "Dann ging er."], id="reverse-guillemets"),
    pytest.param(["Er sagte: „Wir kommen.“", "Dann ging er."], id="german-quotes"),
    pytest.param(['Er sagte: "Wir kommen."', "Dann ging er."], id="straight-quotes"),
    pytest.param(
        ["Er ging.", "«Wir kommen», sagte sie.", "«Morgen.»", "Sie nickte."], id="opening-quote"
    ),
    pytest.param(["„Kommst du?“, fragte sie.", "Er schwieg."], id="question-in-quote"),
    pytest.param(["«Wir kommen.» sagte er leise."], id="quote-then-lowercase"),
    pytest.param(["Ich weiß nicht …", "Vielleicht morgen.", "Oder doch nicht..."], id="ellipsis"),
    pytest.param(["Er zögerte...", "Dann sprach er."], id="three-dots"),
    pytest.param(["Es war ... na ja, schwierig."], id="ellipsis-lowercase"),
    pytest.param(["Das Jahr endete gut.", "2024 war ein Rekordjahr."], id="year-start"),
    pytest.param(
        ["Der Zins lag bei 3.5 Prozent.", "1.000 Soldaten wurden entsandt."], id="decimals"
    ),
    pytest.param(
        ["Der Autor J. R. R. Tolkien schrieb viel.", "Seine Bücher sind bekannt."],
        id="initials",
    ),
    pytest.param(
        ["Mehr unter https://www.example.com/buch.", "Oder unter www.srf.ch.", "Danke."],
        id="urls",
    ),
    pytest.param(["Papst Johannes Paul II.", "Er reiste viel."], id="roman-numeral-end"),
    pytest.param(["Ludwig XIV. König von Frankreich regierte lange."], id="roman-numeral"),
    pytest.param(["1. Die Regierung tritt zurück.", "2. Es gibt Neuwahlen."], id="list-numbers"),
    pytest.param(["Der 1. FC Köln siegte am 3.10. gegen Bayern."], id="club-and-date"),
    pytest.param(["Wirklich?!", "Ja!", "Das ist toll."], id="bang-question"),
    pytest.param(["Sie wohnt in der Hauptstr. 12 in Bern."], id="strasse"),
    pytest.param(["Um 17.30 Uhr war es vorbei.", "18.00 Uhr kam der Bus."], id="times"),
    pytest.param(["Er kam (wie immer zu spät).", "(Niemand wunderte sich.)", "Gut."], id="parens"),
    pytest.param(["Die Einheit kam am 3. Oktober 1990.", "Sie hält."], id="am-3-oktober"),
    pytest.param(["Er kam ca. zehn Minuten zu spät, d. h. gegen acht."], id="abbrev-lowercase"),
    pytest.param(["Ludwig XIV. von Frankreich regierte lange."], id="roman-then-lowercase"),
    pytest.param(["Er rief «Nein!» und ging.", "Sie blieb."], id="quoted-bang-lowercase"),
    pytest.param(["Er kam max. zwei Mal, bzw. nur einmal."], id="short-forms"),
    pytest.param(
        ["Berlin (dpa) - Die Regierung hat das Gesetz beschlossen.", "Die Opposition ist dagegen"],
        id="dateline-and-open-end",
    ),
    pytest.param(["«Wir schaffen das», sagte Merkel.", "«Das ist so»"], id="quote-no-full-stop"),
    pytest.param(["Der Minister sagte dazu: Wir prüfen das."], id="colon-goes-on"),
    pytest.param(["Das Essen war super :)", "Wir kommen wieder."], id="emoticon-then-capital"),
    pytest.param(["Das Essen war super :) und billig."], id="emoticon-mid-sentence"),
    pytest.param(["Toller Service.", "Gerne wieder :-)"], id="emoticon-end"),
    pytest.param(["Mehr dazu hier.", "https://www.example.com/artikel"], id="url-end"),
    pytest.param(
        ["Infos unter www.example.de", "Die Anmeldung läuft."], id="url-then-sentence-opener"
    ),
    pytest.param(["Infos unter www.example.de Anmeldung erforderlich."], id="url-then-noun"),
    pytest.param(["Das war toll... dann kam der Regen."], id="ellipsis-then-lowercase"),
]

ENGLISH = [
    pytest.param(["Mr. Smith met Dr. Jones.", "They talked."], id="titles"),
    pytest.param(
        ["The U.S. economy grew.", "Growth was strong in the U.S.", "The Fed agreed."], id="us"
    ),
    pytest.param(["Some fruits, e.g. apples, are sweet, i.e. sugary.", "Fine."], id="eg-ie"),
    pytest.param(["No. 5 won the race.", "No.", "I will not go."], id="number-abbrev"),
    pytest.param(["The deal closed on Jan. 5 at 5 p.m.", "The Board agreed."], id="month-pm"),
    pytest.param(["The meeting starts at 5 p.m. Eastern time."], id="pm-mid-sentence"),
    pytest.param(['He said: "We are coming."', "Then he left."], id="straight-quotes"),
    pytest.param(["He said: “We are coming.”", "Then he left."], id="curly-quotes"),
    pytest.param(["“Are you sure?” she asked.", "He nodded."], id="question-lowercase"),
    pytest.param(
        ["Apple Inc. reported results.", "Sales rose 3.5 percent.", "2024 was a record year."],
        id="inc-decimal-year",
    ),
    pytest.param(["It dates from ca. 1600 B.C.", "The city fell later."], id="ca-bc"),
    pytest.param(["Is it true?", "Yes!", "Really?!", "OK."], id="short"),
    pytest.param(["Sales rose in 2019.", "In 2020 they fell by 3."], id="numbers-end"),
    pytest.param(["J. R. R. Tolkien wrote books.", "They sold well."], id="initials"),
    pytest.param(["He waited...", "Then he spoke."], id="dots-then-capital"),
    pytest.param(["Visit example.com.", "It is free."], id="domain"),
    pytest.param(["It is a gem.", "The vet said so."], id="german-abbreviations-are-words"),
    pytest.param(
        ["are you kidding?", "why would you want a chihuahua?", "those dogs aren't friendly."],
        id="lowercase-questions",
    ),
    pytest.param(["the food was great.", "i loved it.", "we will go back!"], id="lowercase-web"),
    pytest.param(["Apples, pears etc. are sweet."], id="etc-lowercase"),
    pytest.param(["Prices rose in the U.S. economy last year."], id="us-lowercase"),
    pytest.param(["I was thinking... maybe not."], id="ellipsis-lowercase"),
    pytest.param(["He asked “Why?” and left."], id="quoted-question-lowercase"),
    pytest.param(["The score was 3. then they left."], id="number-then-lowercase"),
    pytest.param(["Great! :)", "you should go there."], id="emoticon-after-bang"),
    pytest.param(["I love it :P", "The staff are nice."], id="emoticon-then-capital"),
    pytest.param(["Loved it:)", "Will come again."], id="emoticon-on-word"),
    pytest.param(
        ["See the photos.", "http://example.com/a.html", "http://example.com/b.html"],
        id="links-in-a-row",
    ),
    pytest.param(["Write to jane@example.com", "Thanks for reading."], id="email-then-capital"),
    pytest.param(["@USER Thanks for the tip."], id="mention-is-no-email"),
    pytest.param(["Visit www.example.com for more."], id="url-then-lowercase"),
    pytest.param(["He was replaced.", "***", "Bush also nominated him."], id="separator"),
    pytest.param(["Thanks again.", "P.S. I am moving back to Calgary."], id="postscript"),
    pytest.param(["He announced this in January: As of today I am gone."], id="colon-goes-on"),
    pytest.param(
        ["WASHINGTON (AP) - The Senate passed the bill.", "The House has not voted yet"],
        id="dateline-and-open-end",
    ),
]


@pytest.mark.parametrize("expected", GERMAN)
def test_german_sentences(expected: list[str]) -> None:
    assert sentences(" ".join(expected), "de") == expected


@pytest.mark.parametrize("expected", ENGLISH)
def test_english_sentences(expected: list[str]) -> None:
    assert sentences(" ".join(expected), "en") == expected


def test_other_languages_follow_english_rules() -> None:
    # German ordinals are a German rule: in "en" (and unknown languages) "3." ends a sentence.
    text = "Er wurde 3. Oktober kam dann."
    assert sentences(text, "de") == [text]
    assert sentences(text, "fr") == sentences(text, "en") == ["Er wurde 3.", "Oktober kam dann."]
    assert sentences(text, "de-CH") == [text]


@pytest.mark.parametrize(
    "line",
    [
        "Kritik aus dem Westen",
        "«Selbstverteidigung gegen Imperialisten»",
        "Nordkorea verspricht Russland Unterstützung bei «Selbstverteidigung»",
        "Stetige Annäherung zwischen Nordkorea und Russland",
        "2024: Ein Jahr der Rekorde",
        "»",
    ],
)
def test_short_line_without_boundary_or_final_punctuation_is_a_heading(line: str) -> None:
    text = f"  {line}  \nDer Text folgt. Er hat zwei Sätze.\n"
    segs = segment(text, "de")
    assert segs[0] == Segment(2, 2 + len(line), 0, heading=True)
    assert [s.heading for s in segs[1:]] == [False, False]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Trump: Wir kommen. Und dann", ["Trump: Wir kommen.", "Und dann"]),
        ("Er kam. Dann sagte er:", ["Er kam.", "Dann sagte er:"]),
        ("Super Service. Gerne wieder :)", ["Super Service.", "Gerne wieder :)"]),
        ("Alle Infos hier. https://example.com/a", ["Alle Infos hier.", "https://example.com/a"]),
        ("«Wir kommen», sagte er. «Bald»", ["«Wir kommen», sagte er.", "«Bald»"]),
        (
            "Die Frist endet. BERLIN (dpa) - Die Regierung",
            ["Die Frist endet.", "BERLIN (dpa) - Die Regierung"],
        ),
    ],
)
def test_paragraph_whose_last_sentence_lacks_final_punctuation_is_split(
    line: str, expected: list[str]
) -> None:
    segs = segment(line, "de")
    assert [line[s.start : s.end] for s in segs] == expected
    assert not any(s.heading for s in segs)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Hi Greg, I faxed you the figures.", "en", ["Hi Greg,", "I faxed you the figures."]),
        (
            "Dear Mr. Smith, Thank you for your letter.",
            "en",
            ["Dear Mr. Smith,", "Thank you for your letter."],
        ),
        ("Bye. Best regards, Anna Meier", "en", ["Bye.", "Best regards,", "Anna Meier"]),
        ("Hello all, Thanks, Tom", "en", ["Hello all,", "Thanks,", "Tom"]),
        (
            "Hallo zusammen, Die Sitzung fällt aus.",
            "de",
            ["Hallo zusammen,", "Die Sitzung fällt aus."],
        ),
        ("Bis morgen. Viele Grüße, Anna", "de", ["Bis morgen.", "Viele Grüße,", "Anna"]),
    ],
)
def test_greeting_or_sign_off_before_a_capital_is_a_segment_of_its_own(
    text: str, language: str, expected: list[str]
) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thanks, I will send it today.", "en"),  # a sign-off word, then a sentence opener
        ("Hi, how are you?", "en"),  # lowercase: the greeting belongs to the sentence
        ("History, I think, matters.", "en"),  # "hi" only as a word of its own
        ("He said hi, Tom nodded.", "en"),  # not at the start of the sentence
        ("Danke, Sie haben mir sehr geholfen.", "de"),
        ("Hallo Anna, wie geht es dir?", "de"),
        ("Hallo Anna, Berlin ist schön.", "de"),  # a German noun is no sentence start
    ],
)
def test_greeting_or_sign_off_that_starts_the_sentence_stays_in_it(
    text: str, language: str
) -> None:
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    "line",
    [
        "Er sagte:",  # a lead-in, the quote follows on the next line
        "Danke für den Tipp :)",
        "Mehr unter https://example.com/artikel",
        "BERLIN (dpa) -",
        "aber das war noch nicht alles",
        " ".join(["Wort"] * (HEADING_MAX_WORDS + 1)),
    ],
)
def test_sentence_parts_and_long_lines_are_no_headings(line: str) -> None:
    assert [s.heading for s in segment(line, "de")] == [False]


@pytest.mark.parametrize("line", ["Er kam.", "«Wir kommen.»", "Wirklich?“", "Und dann …", "(Gut.)"])
def test_line_with_final_punctuation_is_no_heading(line: str) -> None:
    assert [s.heading for s in segment(line, "de")] == [False]


def test_every_line_is_at_least_one_segment() -> None:
    text = "Hi Jane\nthanks for the file\nsee you tomorrow :)\nBob"
    assert sentences(text, "en") == text.split("\n")
    assert [s.paragraph for s in segment(text, "en")] == [0, 1, 2, 3]


def test_paragraphs_count_non_blank_lines_and_offsets_index_the_input() -> None:
    text = "Titel\n\n  Erster Satz. Zweiter Satz.\n \t\nDritter Satz!\n"
    segs = segment(text, "de")
    assert [(text[s.start : s.end], s.paragraph, s.heading) for s in segs] == [
        ("Titel", 0, True),
        ("Erster Satz.", 1, False),
        ("Zweiter Satz.", 1, False),
        ("Dritter Satz!", 2, False),
    ]


def test_split_paragraph_ignores_the_heading_rule() -> None:
    text = "Erster Satz. Zweiter ohne Punkt"
    assert [text[s:e] for s, e in split_paragraph(text, "de")] == [
        "Erster Satz.",
        "Zweiter ohne Punkt",
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n \u00a0\n", "\u2028"])
def test_blank_input_has_no_segments(text: str) -> None:
    assert segment(text, "de") == []


SEED_SENTENCES = [
    "Nordkorea verspricht Russland Unterstützung bei «Selbstverteidigung»",
    "Nordkorea sichert Moskau uneingeschränkte Unterstützung im Ukraine-Krieg zu.",
    "Dies bekräftigte Kim Jong Un bei einem Treffen mit Russlands Verteidigungsminister.",
    "Am 29. November empfing Nordkoreas Machthaber Kim Jong Un den russischen "
    "Verteidigungsminister Andrej Beloussow in Pjöngjang.",
    "Bei diesem Treffen versicherte Kim Russland seiner anhaltenden Unterstützung im Krieg "
    "gegen die Ukraine.",
    "«Selbstverteidigung gegen Imperialisten»",
    "Kim beschuldigte die USA einer «direkten militärischen Intervention» in den Konflikt, wie "
    "unter anderem die «Tagesschau» berichtet.",
    "Der nordkoreanische Staatschef betonte, dass der Westen die Ukraine zu Angriffen auf "
    "russisches Territorium gedrängt habe.",
    "Er erklärte weiter, Russland habe das «Recht auf Selbstverteidigung» und solle "
    "«entschlossen handeln».",
    "Nordkoreas Regierung, Armee und Volk würden die russische Politik zur Verteidigung ihrer "
    "Souveränität unterstützen würden.",
    "Laut Kim Jong Un seien es «Hegemoniebestrebungen der Imperialisten», gegen die sich "
    "Russland wehre.",
    "Militärische Zusammenarbeit soll ausgebaut werden",
    "Beloussow traf sich auch mit seinem nordkoreanischen Amtskollegen No Kwang Chol.",
    "Bei diesem Gespräch betonte der russische Minister, dass die militärische Kooperation "
    "zwischen Moskau und Pjöngjang ausgeweitet werde.",
    "No Kwang Chol erklärte seinerseits, die nordkoreanische Armee sei entschlossen, «die "
    "Zusammenarbeit mit der russischen Armee zu stärken und auszubauen».",
    "Dies berichtete laut «Euronews» das russische Verteidigungsministerium.",
    "Beloussow zeigte sich überzeugt, dass seine Gespräche in Pjöngjang die strategische "
    "Partnerschaft im Verteidigungsbereich weiter stärken würden.",
    "Er betonte die Bedeutung der freundschaftlichen Beziehungen zwischen Russland und Nordkorea.",
    "Kritik aus dem Westen",
    "Die USA und Südkorea werfen Nordkorea vor, Soldaten nach Russland entsandt zu haben.",
    "Diese sollen an der Seite der russischen Armee gegen die Ukraine kämpfen.",
    "Südkoreanische Regierungsvertreter erklärten kürzlich, Russland habe im Gegenzug "
    "Treibstoff und Flugabwehrraketen an Nordkorea geliefert.",
    "Zudem habe Moskau Wirtschaftshilfe geleistet.",
    "Kim Jong Un bezeichnete diese Vorwürfe als unbegründet.",
    "Er wies die Anschuldigungen der USA und ihrer Verbündeten zurück.",
    "Stetige Annäherung zwischen Nordkorea und Russland",
    "Die Beziehungen zwischen Russland und Nordkorea haben sich seit Beginn des Ukraine-Krieges "
    "intensiviert.",
    "Im Juni 2024 unterzeichneten beide Länder ein Abkommen über eine strategische Partnerschaft.",
    "Dieses Abkommen sieht gegenseitige Unterstützung im Falle eines Angriffs vor.",
    "Es umfasst auch eine Zusammenarbeit gegen westliche Sanktionen.",
    "Die Annäherung zwischen Moskau und Pjöngjang wird von westlichen Staaten mit Sorge "
    "betrachtet.",
    "Sie befürchten eine Stärkung des nordkoreanischen Regimes und eine Umgehung "
    "internationaler Sanktionen.",
]
SEED_HEADINGS = {0, 5, 11, 18, 25}
SEED_PARAGRAPHS = [0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 7, 8, 8, 9, 9, 10, 10, 11]
SEED_PARAGRAPHS += [12, 12, 13, 13, 14, 14, 15, 16, 16, 17, 17, 18, 18]


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    segs = segment(text, "de")
    assert [text[s.start : s.end] for s in segs] == SEED_SENTENCES
    assert {i for i, s in enumerate(segs) if s.heading} == SEED_HEADINGS
    assert [s.paragraph for s in segs] == SEED_PARAGRAPHS


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    covered = 0
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip(), (text, start, end)
        assert start >= covered, "spans overlap or are out of order"
        assert not text[covered:start].strip(), "a non-space character is not covered"
        covered = end
    assert not text[covered:].strip(), "trailing non-space characters are not covered"


ALPHABET = st.sampled_from(
    list(".!?«»„“”\"'‘’‚‹›`´()[]…\n \t\u00a0,;:-–/0123456789")
    + list("aAbBzZäÄßéDrMioUSJRN")
    + ["Dr.", "z. B.", "Mio.", "U.S.", "...", " 3. ", "Die ", "The ", "\u2028", "\x1c"]
    + [" :) ", ":-)", " ;P", "xD ", "<3", "https://a.de/x", " www.b.ch", "a@b.de", " @USER", "***"]
    + ["=== ", "___", " i ", "etc.", "XIV.", " ok. ", " why? "]
)
TEXTS = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=80)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, language=st.sampled_from(["de", "en", "xx"]))
def test_segments_cover_text_exactly(text: str, language: str) -> None:
    segs = segment(text, language)
    assert_valid_spans(text, [(s.start, s.end) for s in segs])
    for seg in segs:
        assert "\n" not in text[seg.start : seg.end]
    paragraphs = [s.paragraph for s in segs]
    assert paragraphs == sorted(paragraphs)
    non_blank = [line for line in text.split("\n") if line.strip()]
    assert len(set(paragraphs)) == len(non_blank)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, language=st.sampled_from(["de", "en"]))
def test_split_paragraph_covers_text_exactly(text: str, language: str) -> None:
    assert_valid_spans(text, split_paragraph(text, language))


@pytest.mark.parametrize(
    "text",
    [
        "«" * 200_000 + ". ",
        "." * 200_000 + " A",
        "x.» " * 50_000,
        "a" + "…" * 200_000 + " B",
        "http://" * 30_000 + ". A",
        " www." * 40_000 + "x",
        "*" * 200_000 + "x A",
        "-" * 200_000 + " A",
        ":" + ")" * 200_000 + "x A",
        "a@b" + ".c" * 100_000 + ". A",
        ":) " * 60_000 + "A",
        "x.\t" * 60_000 + "A",
        "y" * 200_000 + ". i",
    ],
)
def test_pathological_input_stays_fast(text: str) -> None:
    began = time.process_time()  # CPU time: other processes do not add to it
    assert_valid_spans(text, [(s.start, s.end) for s in segment(text, "de")])
    assert time.process_time() - began < 5


# Boundary F1 targets on the Universal Dependencies sets (README of the evaluation data). The
# sets are read from outside the repository and never copied into it.
F1_TARGETS = {
    "de_pud-ud-test": 0.99,
    "en_pud-ud-test": 0.99,
    "de_gsd-ud-dev": 0.94,
    "en_ewt-ud-dev": 0.90,
}


def _gold_dir() -> Path:
    from bench.segmentation_quality import default_data_dir

    return default_data_dir()


@pytest.mark.skipif(
    not any((_gold_dir() / f"{name}.conllu").is_file() for name in F1_TARGETS),
    reason="segmentation gold data not present (../shared/data or FACTCHECK_EVAL_DATA)",
)
def test_gold_sets_meet_the_f1_targets_and_beat_sentencex() -> None:
    from bench.segmentation_quality import evaluate

    results = evaluate(_gold_dir(), runs=0)
    assert results, os.fspath(_gold_dir())
    for result in results:
        target = F1_TARGETS.get(result.name, 0.0)  # the extra news set has no target
        assert result.get("all", "paragraph").f1 >= target, result.name
        for mode in ("paragraph", "document"):
            ours, theirs = result.get("all", mode), result.get("all", mode, "sentencex")
            assert ours.f1 >= theirs.f1, (result.name, mode, ours.f1, theirs.f1)
            assert ours.errors == 0, (result.name, mode)
