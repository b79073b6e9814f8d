"""Span detectors: German and English fixtures, date resolution, offsets, and robustness."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.pretag.spans import detect_spans
from annotations.pretag.types import SPAN_KINDS, Span

ARTICLE_DATE = datetime.date(2024, 11, 30)
SEED = Path(__file__).resolve().parents[2] / "seeds" / "nordkorea-russland-selbstverteidigung.txt"


def tag(sentence: str, language: str = "de", article_date: datetime.date | None = ARTICLE_DATE):
    return detect_spans(sentence, 0, len(sentence), language, article_date)


def surfaces(text: str, spans: list[Span], kind: str) -> list[str]:
    return [text[s.start : s.end] for s in spans if s.kind == kind]


def find(text: str, spans: list[Span], kind: str, surface: str) -> Span:
    for span in spans:
        if span.kind == kind and text[span.start : span.end] == surface:
            return span
    found = [(s.kind, text[s.start : s.end]) for s in spans]
    raise AssertionError(f"no {kind} span {surface!r} in {found}")


# Offsets of cue, source and message, a source's kind and a quote's cue are checked in
# test_pretag_attribution.
_DETAIL_KEYS = frozenset(
    f"{part}_{edge}"
    for part in ("cue", "particle", "lead", "source", "message")
    for edge in ("start", "end")
)


def described(span: Span) -> dict[str, Any]:
    """The payload without the offsets and a quote's cue: what the fixtures below state."""
    drop = _DETAIL_KEYS | ({"cue"} if span.kind == "quote" else {"source_kind"})
    return {key: value for key, value in span.payload.items() if key not in drop}


# (language, sentence, kind, surface, payload)
CASES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    # German: dates
    ("de", "Am 29. November empfing Kim den Minister.", "date", "Am 29. November",
     {"iso": "2024-11-29", "surface": "29. November"}),
    ("de", "Die Wahl fand am 29.11.2024 statt.", "date", "am 29.11.2024",
     {"iso": "2024-11-29", "surface": "29.11.2024"}),
    ("de", "Im Juni 2024 unterzeichneten beide Länder ein Abkommen.", "date", "Im Juni 2024",
     {"iso": "2024-06", "surface": "Juni 2024"}),
    ("de", "Der Angriff geschah im November.", "date", "im November",
     {"iso": "2024-11", "surface": "November"}),
    ("de", "Im Jahr 2022 wuchs die Wirtschaft.", "date", "Im Jahr 2022",
     {"iso": "2022", "surface": "2022"}),
    ("de", "Das Ergebnis kam gestern.", "date", "gestern",
     {"iso": "2024-11-29", "surface": "gestern"}),
    ("de", "Das Ministerium teilte am Montag mit, die Lage sei stabil.", "date", "am Montag",
     {"iso": "2024-11-25", "surface": "Montag"}),
    ("de", "Im vergangenen Jahr sank die Zahl.", "date", "Im vergangenen Jahr",
     {"iso": "2023", "surface": "vergangenen Jahr"}),
    # German: numbers
    ("de", "Der Regierung zufolge sind 10.000 Soldaten im Einsatz.", "number", "10.000 Soldaten",
     {"value": 10000.0, "unit": "Soldaten"}),
    ("de", "Die Inflation lag bei 3,5 Prozent.", "number", "3,5 Prozent",
     {"value": 3.5, "unit": "Prozent"}),
    ("de", "Der Preis stieg um 3 % im Jahresvergleich.", "number", "3 %",
     {"value": 3.0, "unit": "%"}),
    ("de", "Das Projekt kostet 2 Mio. Euro.", "number", "2 Mio. Euro",
     {"value": 2000000.0, "unit": "Euro"}),
    ("de", "Drei Menschen wurden verletzt.", "number", "Drei Menschen",
     {"value": 3.0, "unit": "Menschen"}),
    ("de", "Man habe fünfundzwanzig Raketen gezählt.", "number", "fünfundzwanzig Raketen",
     {"value": 25.0, "unit": "Raketen"}),
    ("de", "Die Strecke ist 12 km lang.", "number", "12 km", {"value": 12.0, "unit": "km"}),
    ("de", "Es geht um drei Millionen Euro.", "number", "drei Millionen Euro",
     {"value": 3000000.0, "unit": "Euro"}),
    ("de", "Das Treffen begann um 14.30 Uhr.", "number", "14.30 Uhr", {"time": "14:30"}),
    # German: names
    ("de", "Verteidigungsminister Andrej Beloussow reiste an.", "person", "Andrej Beloussow",
     {"name": "Andrej Beloussow"}),
    ("de", "Nordkoreas Machthaber Kim Jong Un empfing ihn.", "person", "Kim Jong Un",
     {"name": "Kim Jong Un"}),
    ("de", "Er traf seinen Amtskollegen No Kwang Chol.", "person", "No Kwang Chol",
     {"name": "No Kwang Chol"}),
    ("de", "Bundeskanzler Olaf Scholz widersprach.", "person", "Olaf Scholz",
     {"name": "Olaf Scholz"}),
    ("de", "Die Gespräche fanden in Pjöngjang statt.", "place", "Pjöngjang",
     {"name": "Pjöngjang"}),
    ("de", "Russlands Verteidigungsminister reiste ab.", "place", "Russlands",
     {"name": "Russland"}),
    ("de", "Nordkoreas Regierung schweigt.", "organization", "Nordkoreas Regierung",
     {"name": "Nordkoreas Regierung"}),
    ("de", "Das berichtete das russische Verteidigungsministerium.", "organization",
     "russische Verteidigungsministerium", {"name": "russische Verteidigungsministerium"}),
    ("de", "Die Siemens AG investiert.", "organization", "Siemens AG", {"name": "Siemens AG"}),
    # German: quotes, attribution, reported speech
    ("de", "Dies berichtete laut «Euronews» das Ministerium.", "attribution", "laut «Euronews»",
     {"cue": "laut", "source": "Euronews"}),
    ("de", "Dies berichtete laut «Euronews» das Ministerium.", "quote", "«Euronews»",
     {"scare": True}),
    ("de", "Laut Kim Jong Un seien es «Hegemoniebestrebungen der Imperialisten».", "attribution",
     "Laut Kim Jong Un", {"cue": "laut", "source": "Kim Jong Un"}),
    ("de", "Laut Kim Jong Un seien es «Hegemoniebestrebungen der Imperialisten».", "quote",
     "«Hegemoniebestrebungen der Imperialisten»", {"speaker": "Kim Jong Un"}),
    ("de", "Laut Kim Jong Un seien es «Hegemoniebestrebungen der Imperialisten».",
     "reported_speech", "seien", {"verb": "seien"}),
    ("de", "Der Regierung zufolge ist die Lage ruhig.", "attribution", "Der Regierung zufolge",
     {"cue": "zufolge", "source": "Regierung"}),
    ("de", "Gemäß Angaben der Polizei stieg die Zahl.", "attribution",
     "Gemäß Angaben der Polizei", {"cue": "gemäß", "source": "Polizei"}),
    ("de", "Kim beschuldigte die USA, wie die «Tagesschau» berichtet.", "attribution",
     "wie die «Tagesschau» berichtet", {"cue": "berichtet", "source": "Tagesschau"}),
    ("de", "Kim beschuldigte die USA, wie die «Tagesschau» berichtet.", "attribution",
     "beschuldigte", {"cue": "beschuldigte", "source": "Kim"}),
    ("de", "No Kwang Chol erklärte, die Armee sei bereit.", "attribution", "erklärte",
     {"cue": "erklärte", "source": "No Kwang Chol"}),
    ("de", "Er erklärte weiter, Russland habe das Recht dazu.", "attribution", "erklärte",
     {"cue": "erklärte"}),
    ("de", "Er erklärte weiter, Russland habe das Recht dazu.", "reported_speech", "habe",
     {"verb": "habe"}),
    ("de", "Das Ministerium teilte am Montag mit, die Lage sei stabil.", "attribution", "teilte",
     {"cue": "teilte mit", "source": "Ministerium"}),
    ("de", "Der nordkoreanische Staatschef betonte, dass der Westen gedrängt habe.",
     "attribution", "betonte", {"cue": "betonte", "source": "nordkoreanische Staatschef"}),
    ("de", "Er sagte, sie würden kommen.", "reported_speech", "würden", {"verb": "würden"}),
    ("de", "„Das ist falsch“, sagte Merz.", "quote", "„Das ist falsch“", {"speaker": "Merz"}),
    ("de", "«Wir werden siegen», so Selenskyj.", "attribution", "so Selenskyj",
     {"cue": "so", "source": "Selenskyj"}),
    ("de", "«Wir kämpfen weiter.", "quote", "«Wir kämpfen weiter.", {"partial": True}),
    # English
    ("en", "President Joe Biden said the U.S. would help.", "person", "Joe Biden",
     {"name": "Joe Biden"}),
    ("en", "President Joe Biden said the U.S. would help.", "attribution", "said",
     {"cue": "said", "source": "Joe Biden", "role": "President"}),
    ("en", "President Joe Biden said the U.S. would help.", "place", "U.S.", {"name": "U.S."}),
    ("en", "According to Reuters, 1,000 people died.", "attribution", "According to Reuters",
     {"cue": "according to", "source": "Reuters"}),
    ("en", "According to Reuters, 1,000 people died.", "number", "1,000 people",
     {"value": 1000.0, "unit": "people"}),
    ("en", "Mr. Smith told reporters the rate was 3.5 percent.", "person", "Smith",
     {"name": "Smith"}),
    ("en", "Mr. Smith told reporters the rate was 3.5 percent.", "number", "3.5 percent",
     {"value": 3.5, "unit": "percent"}),
    ("en", "The company lost $5 billion last year.", "number", "$5 billion",
     {"value": 5e9, "unit": "$"}),
    ("en", "Three million people live in the city.", "number", "Three million people",
     {"value": 3e6, "unit": "people"}),
    ("en", "The company was founded in 2022.", "date", "in 2022",
     {"iso": "2022", "surface": "2022"}),
    ("en", "The talks began on 29 November 2024.", "date", "on 29 November 2024",
     {"iso": "2024-11-29", "surface": "29 November 2024"}),
    ("en", "The deal was signed on November 29, 2024.", "date", "on November 29, 2024",
     {"iso": "2024-11-29", "surface": "November 29, 2024"}),
    ("en", "The report was published 2024-11-29.", "date", "2024-11-29",
     {"iso": "2024-11-29", "surface": "2024-11-29"}),
    ("en", "Yesterday two soldiers were killed.", "date", "Yesterday",
     {"iso": "2024-11-29", "surface": "Yesterday"}),
    ("en", "Yesterday two soldiers were killed.", "number", "two soldiers",
     {"value": 2.0, "unit": "soldiers"}),
    ("en", "The Ministry of Foreign Affairs disagreed.", "organization",
     "Ministry of Foreign Affairs", {"name": "Ministry of Foreign Affairs"}),
    ("en", "The area is safe, the Defense Department said.", "attribution", "said",
     {"cue": "said", "source": "Defense Department"}),
    ("en", "North Korean leader Kim Jong Un met him.", "person", "Kim Jong Un",
     {"name": "Kim Jong Un"}),
    ("en", 'He called it "fake news" again.', "quote", '"fake news"', {"scare": True}),
    ("en", "“We will win,” Zelensky said.", "quote", "“We will win,”", {"speaker": "Zelensky"}),
]  # fmt: skip


@pytest.mark.parametrize(("language", "sentence", "kind", "surface", "payload"), CASES)
def test_detects_span(language: str, sentence: str, kind: str, surface: str, payload: dict):
    span = find(sentence, tag(sentence, language), kind, surface)
    assert described(span) == payload


@pytest.mark.parametrize(
    ("language", "sentence", "kind"),
    [
        ("de", "Sie würden die Politik unterstützen.", "reported_speech"),  # no cue before
        ("de", "Ich habe das nicht gewusst.", "reported_speech"),  # first person indicative
        ("de", "Die Macht der Nacht dauerte lange.", "number"),  # "acht" inside words
        ("de", "Das Jahrhundert war lang.", "number"),
        ("de", "Die Regierung schweigt.", "organization"),  # a generic head needs a qualifier
        ("de", "Militärische Zusammenarbeit soll ausgebaut werden", "person"),
        ("de", "Kritik aus dem Westen", "person"),
        ("en", "No one knows why.", "number"),  # a lone "one" is no number
        ("en", "He said it was fine.", "person"),
    ],
)
def test_does_not_detect(language: str, sentence: str, kind: str):
    assert surfaces(sentence, tag(sentence, language), kind) == []


def test_english_subject_after_the_verb_only_in_inverted_order():
    sentence = "Mr. Johnson, the Speaker, said Congress would vote."
    span = find(sentence, tag(sentence, "en"), "attribution", "said")
    assert described(span) == {"cue": "said", "source": "Johnson", "role": "the Speaker"}
    sentence = "The economy is strong, said Biden in a statement."
    span = find(sentence, tag(sentence, "en"), "attribution", "said")
    assert described(span) == {"cue": "said", "source": "Biden"}


def test_quote_closed_in_this_sentence_but_opened_earlier():
    sentence = "Wir geben nicht auf», sagte sie."
    span = find(sentence, tag(sentence), "quote", "Wir geben nicht auf»")
    assert span.payload == {"partial": True}


def _cpu_seconds_for(repeats: int) -> float:
    text = " ".join(
        ["«Wir» sagte Kim, laut «X» am 1.2.2020 Morgen von 1 Präsident Andrej Beloussow"] * repeats
    )
    began = time.process_time()  # CPU time: other processes on the machine do not add to it
    for language in ("de", "en"):
        detect_spans(text, 0, len(text), language, ARTICLE_DATE)
    return time.process_time() - began


def test_long_inputs_grow_linearly():
    # Every rule looks at a bounded neighbourhood, so four times the text takes about four times
    # as long; a rule that rescans the sentence for each span (as the quote closer once did)
    # makes it sixteen.
    small, large = _cpu_seconds_for(400), _cpu_seconds_for(1600)
    assert large < 9 * small + 0.5, f"{small:.2f} s for 400 repeats, {large:.2f} s for 1,600"
    assert large < 20


def test_year_inside_date_is_not_a_number():
    sentence = "Am 29. November 2024 kamen 300 Soldaten."
    spans = tag(sentence)
    assert surfaces(sentence, spans, "date") == ["Am 29. November 2024"]
    assert surfaces(sentence, spans, "number") == ["300 Soldaten"]


def test_pronoun_subject_is_no_source_and_object_is_not_taken():
    sentence = "Er beschuldigte die USA einer Intervention."
    span = find(sentence, tag(sentence), "attribution", "beschuldigte")
    assert described(span) == {"cue": "beschuldigte"}
    # The pronoun is the source phrase, with no name to report.
    assert (span.payload["source_start"], span.payload["source_end"]) == (0, 2)


@pytest.mark.parametrize(
    ("sentence", "surface", "iso"),
    [
        ("Am 30. Dezember fiel die Entscheidung.", "Am 30. Dezember", "2024-12-30"),
        ("Bereits im Dezember gab es Gespräche.", "im Dezember", "2024-12"),
        ("Am 2. Januar trat das Gesetz in Kraft.", "Am 2. Januar", "2025-01-02"),
        ("Gestern wurde gewählt.", "Gestern", "2025-01-02"),
        ("Am Montag wurde gewählt.", "Am Montag", "2024-12-30"),
        ("Das war im vergangenen Jahr.", "im vergangenen Jahr", "2024"),
    ],
)
def test_resolves_dates_across_the_year_boundary(sentence: str, surface: str, iso: str):
    span = find(sentence, tag(sentence, "de", datetime.date(2025, 1, 3)), "date", surface)
    assert span.payload["iso"] == iso


def test_future_date_close_after_the_article_date_stays_in_its_year():
    sentence = "Am 5. Dezember soll abgestimmt werden."
    span = find(sentence, tag(sentence), "date", "Am 5. Dezember")
    assert span.payload["iso"] == "2024-12-05"


def test_date_without_article_date_keeps_its_parts():
    sentence = "Am 29. November empfing Kim den Minister."
    span = find(sentence, tag(sentence, article_date=None), "date", "Am 29. November")
    assert span.payload == {"surface": "29. November", "month": 11, "day": 29}


def test_offsets_index_the_whole_article():
    first = "Nordkorea sichert Moskau Unterstützung zu. "
    middle = "Am 29. November empfing Kim Jong Un in Pjöngjang 3 Gäste, laut «Euronews»."
    last = " Danach reiste Beloussow ab."
    text = first + middle + last
    start, end = len(first), len(first) + len(middle)
    spans = detect_spans(text, start, end, "de", ARTICLE_DATE)
    alone = detect_spans(middle, 0, len(middle), "de", ARTICLE_DATE)
    assert [(s.kind, text[s.start : s.end], described(s)) for s in spans] == [
        (s.kind, middle[s.start : s.end], described(s)) for s in alone
    ]
    # Payload offsets index the article like the spans.
    for in_text, by_itself in zip(spans, alone, strict=True):
        for key in _DETAIL_KEYS & in_text.payload.keys():
            assert in_text.payload[key] == by_itself.payload[key] + start
    assert all(start <= s.start < s.end <= end for s in spans)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    assert find(text, spans, "place", "Pjöngjang").start == text.index("Pjöngjang")
    assert find(text, spans, "attribution", "laut «Euronews»").payload["source"] == "Euronews"


def test_names_learned_elsewhere_in_the_article():
    text = "Machthaber Kim Jong Un empfing Gäste. Danach sprach Kim lange."
    start = text.index("Danach")
    spans = detect_spans(text, start, len(text), "de", ARTICLE_DATE)
    span = find(text, spans, "person", "Kim")
    assert span.payload == {"name": "Kim", "full_name": "Kim Jong Un"}


@pytest.mark.parametrize("language", ["de-CH", "de_DE", "DE", "", "fr"])
def test_language_codes_fall_back_to_german_rules(language: str):
    sentence = "Laut Angaben der Polizei kamen 1.000 Menschen."
    span = find(sentence, tag(sentence, language), "number", "1.000 Menschen")
    assert span.payload["value"] == 1000.0


def test_english_regional_code_uses_english_rules():
    sentence = "About 1,000 people came."
    span = find(sentence, tag(sentence, "en-GB"), "number", "1,000 people")
    assert span.payload["value"] == 1000.0


def test_seed_article_yields_the_obvious_spans():
    if not SEED.is_file():
        pytest.skip("seed article not present")
    text = SEED.read_text(encoding="utf-8")
    found: dict[str, set[str]] = {kind: set() for kind in SPAN_KINDS}
    payloads: dict[tuple[str, str], list[dict[str, Any]]] = {}
    position = 0
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip())
        position += len(line)
        for span in detect_spans(text, start, end, "de", ARTICLE_DATE):
            surface = text[span.start : span.end]
            found[span.kind].add(surface)
            payloads.setdefault((span.kind, surface), []).append(described(span))
    assert {"Kim Jong Un", "Andrej Beloussow", "No Kwang Chol"} <= found["person"]
    assert {"Pjöngjang", "Russland", "Nordkorea", "Ukraine", "Moskau"} <= found["place"]
    assert {"cue": "laut", "source": "Euronews"} in payloads[("attribution", "laut «Euronews»")]
    assert payloads[("date", "Am 29. November")] == [
        {"iso": "2024-11-29", "surface": "29. November"}
    ]
    assert any(p["cue"] == "erklärte" for p in payloads[("attribution", "erklärte")])
    assert "habe" in found["reported_speech"]
    assert "«Euronews»" in found["quote"]
    # Every payload can be stored as JSON.
    json.dumps([p for values in payloads.values() for p in values])


# Building blocks that reach every detector, mixed with arbitrary text.
_FRAGMENTS = st.sampled_from(
    [
        "Am 29. November", "29.11.2024", "2024-11-29", "im Jahr 2022", "gestern", "Montag",
        "laut «Euronews»", "«", "»", "„", "“", "”", '"', "‚", "‘", "’", "‹", "›", "zufolge",
        "wie die", "berichtet", "erklärte", "teilte", "mit", "habe", "würden", "sei", "so",
        "Kim Jong Un", "Verteidigungsminister", "Andrej", "No", "Mr.", "Dr.", "von der",
        "Russlands", "Russia's", "AG", "Inc.", "Ministry of", "Department", "10.000", "3,5",
        "1,000", "3.5", "$", "€", "%", "Prozent", "Mio.", "billion", "fünfundzwanzig",
        "hundert", "two hundred", "Millionen", "14:30", "Uhr", "according to", "said", ",",
        ".", ":", "-", "'", " ", "\n", "\t", "9999", "0000", "31.02.", "99.99.9999",
        "99999999999999999999999", "in 2000", "last", "nächsten", "Jahr",
        "7-2", "5:4", "3:1", "10-15%", "zwischen", "und", "between", "and", "bis", "bis zum",
        "soll", "will", "was", "Woche", "week", "für 2026", "2023–2025", "2023/24", "31. Februar",
    ]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=30).map(" ".join)
_DATES = st.one_of(st.none(), st.dates(), st.sampled_from([datetime.date.min, datetime.date.max]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXTS,
    bounds=st.tuples(st.integers(-5, 400), st.integers(-5, 400)),
    language=st.sampled_from(["de", "en", "en-GB", "de-CH", "", "xx"]),
    article_date=_DATES,
)
def test_never_raises_and_stays_inside_the_sentence(
    text: str, bounds: tuple[int, int], language: str, article_date: datetime.date | None
):
    start, end = bounds
    spans = detect_spans(text, start, end, language, article_date)
    low = min(max(start, 0), len(text))
    high = min(max(end, low), len(text))
    for span in spans:
        assert span.kind in SPAN_KINDS
        assert low <= span.start < span.end <= high
        assert text[span.start : span.end].strip()
        json.dumps(span.payload)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.kind))
    # Within these groups spans never overlap (other kinds may, e.g. a name inside a quote).
    for group in ({"quote"}, {"date"}, {"number"}, {"person", "organization", "place"}):
        same = [s for s in spans if s.kind in group]
        assert all(a.end <= b.start for a, b in zip(same, same[1:], strict=False))
