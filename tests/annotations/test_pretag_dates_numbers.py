"""Dates resolved by tense and cue, years as dates, tallies, scores, ranges, and bad input."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.pretag.spans import detect_spans_with_warnings
from annotations.pretag.spans.dates import find_dates
from annotations.pretag.spans.numbers import find_numbers

EN_ARTICLE = datetime.date(2025, 3, 10)  # a Monday
DE_ARTICLE = datetime.date(2025, 3, 12)  # a Wednesday, ISO week 11


def tag(sentence: str, language: str, article: datetime.date | None):
    """The sentence's spans; the date and number rules must not have failed on it."""
    spans, warnings = detect_spans_with_warnings(sentence, 0, len(sentence), language, article)
    assert not [w for w in warnings if w.startswith(("dates", "numbers"))], warnings
    return spans


def date_isos(sentence: str, language: str, article: datetime.date | None) -> list[str]:
    return [s.payload.get("iso") for s in tag(sentence, language, article) if s.kind == "date"]


# A check written by hand before the resolution rules were changed: (language, sentence, iso of
# one date span it must hold). Forward cues, backward cues and neutral sentences are mixed.
CHECK: list[tuple[str, str, str]] = [
    ("en", "The new rules are scheduled to begin on June 1.", "2025-06-01"),
    ("en", "The law took effect on June 1.", "2024-06-01"),
    ("en", "The company said on Friday that profits fell.", "2025-03-07"),
    ("en", "The minister will visit Kyiv on Thursday.", "2025-03-13"),
    ("en", "Parliament voted on Thursday to approve the budget.", "2025-03-06"),
    ("en", "Applications must be submitted by April 15.", "2025-04-15"),
    ("en", "The ban will take effect from July 1.", "2025-07-01"),
    ("en", "Sales rose sharply in December.", "2024-12"),
    ("en", "The summit is expected to take place in September.", "2025-09"),
    ("en", "Elections will be held in October.", "2025-10"),
    ("en", "The upcoming conference on May 20 will focus on climate.", "2025-05-20"),
    ("en", "Last November, the central bank raised rates.", "2024-11"),
    ("en", "The company reported on February 28 that revenue fell.", "2025-02-28"),
    ("en", "Prices rose between 2019 and 2023.", "2019/2023"),
    ("en", "The plan runs from 2025 to 2030.", "2025/2030"),
    ("en", "Talks are due to resume on March 24.", "2025-03-24"),
    ("en", "The agreement expired on March 24.", "2024-03-24"),
    ("en", "The strike began on Wednesday.", "2025-03-05"),
    ("en", "The strike is set to begin on Wednesday.", "2025-03-12"),
    ("en", "He will be sworn in on January 20.", "2026-01-20"),
    ("en", "The court ruled in January that the law was invalid.", "2025-01"),
    ("en", "The budget for 2026 includes deep cuts.", "2026"),
    ("en", "The team won the title in 2019.", "2019"),
    ("en", "The report dated March 3 shows a decline.", "2025-03-03"),
    ("en", "Next week the commission will present a proposal.", "2025-W12"),
    ("de", "Das Gesetz soll zum 1. Juli in Kraft treten.", "2025-07-01"),
    ("de", "Das Gesetz trat am 1. Juli in Kraft.", "2024-07-01"),
    ("de", "Bis zum 30. April müssen die Anträge eingereicht werden.", "2025-04-30"),
    ("de", "Ab dem 1. Juni gilt die neue Regelung.", "2025-06-01"),
    ("de", "Der Minister sagte am Montag, die Lage sei ernst.", "2025-03-10"),
    ("de", "Am kommenden Freitag wird der Bundestag abstimmen.", "2025-03-14"),
    ("de", "Am Freitag wird der Bundestag abstimmen.", "2025-03-14"),
    ("de", "Vergangene Woche hatte die Regierung das Paket beschlossen.", "2025-W10"),
    ("de", "Nächste Woche will die Kommission einen Vorschlag vorlegen.", "2025-W12"),
    ("de", "Die Inflation lag im Februar bei 2,3 Prozent.", "2025-02"),
    ("de", "Im September wird ein neuer Landtag gewählt.", "2025-09"),
    ("de", "Im Oktober hatte die Partei ihren Vorsitzenden gewählt.", "2024-10"),
    ("de", "Der Haushalt für 2026 sieht Kürzungen vor.", "2026"),
    ("de", "Zwischen 2019 und 2023 stiegen die Preise um 20 Prozent.", "2019/2023"),
    ("de", "Von 2020 bis 2022 war er Minister.", "2020/2022"),
    ("de", "Seit 2015 lebt sie in Berlin.", "2015"),
    ("de", "Die Frist endet am 31. März.", "2025-03-31"),
    ("de", "Die Wahl fand am 23. Februar statt.", "2025-02-23"),
    ("de", "Die nächste Sitzung findet am 5. Mai statt.", "2025-05-05"),
    ("de", "Der Vertrag lief am 15. Mai aus.", "2024-05-15"),
    ("de", "Die Preise sollen ab April steigen.", "2025-04"),
    ("de", "Am Dienstag hatte der Kanzler die Pläne vorgestellt.", "2025-03-11"),
    ("de", "Die Konferenz beginnt am kommenden Dienstag.", "2025-03-18"),
    ("de", "Letzten Donnerstag sprach der Präsident vor dem Parlament.", "2025-03-06"),
    ("de", "Er wird am 20. Januar vereidigt.", "2026-01-20"),
    ("de", "Im kommenden Jahr soll die Steuer sinken.", "2026"),
    ("de", "Der Bericht vom 3. März zeigt einen Rückgang.", "2025-03-03"),
]


@pytest.mark.parametrize(("language", "sentence", "iso"), CHECK)
def test_hand_made_check(language: str, sentence: str, iso: str):
    article = EN_ARTICLE if language == "en" else DE_ARTICLE
    assert iso in date_isos(sentence, language, article)


def date_span(sentence: str, language: str, article: datetime.date | None, surface: str):
    for span in tag(sentence, language, article):
        if span.kind == "date" and sentence[span.start : span.end] == surface:
            return span
    found = [(s.kind, sentence[s.start : s.end]) for s in tag(sentence, language, article)]
    raise AssertionError(f"no date {surface!r} in {found}")


def numbers(sentence: str, language: str) -> list[tuple[str, dict]]:
    spans = tag(sentence, language, EN_ARTICLE)
    return [(sentence[s.start : s.end], s.payload) for s in spans if s.kind == "number"]


def test_law_that_shall_take_effect_in_july_is_placed_after_a_march_article():
    sentence = "Das Gesetz soll zum 1. Juli in Kraft treten."
    span = date_span(sentence, "de", datetime.date(2025, 3, 20), "1. Juli")
    assert span.payload == {"iso": "2025-07-01", "surface": "1. Juli"}


def test_scheduled_start_is_placed_after_the_article_date():
    sentence = "The program is scheduled to begin on June 1."
    span = date_span(sentence, "en", EN_ARTICLE, "on June 1")
    assert span.payload == {"iso": "2025-06-01", "surface": "June 1"}


@pytest.mark.parametrize(
    ("language", "past", "future", "neutral", "surface", "isos"),
    [
        (
            "de",
            "Der Vertrag trat am 1. Juni in Kraft.",
            "Der Vertrag wird am 1. Juni in Kraft treten.",
            "Der Vertrag vom 1. Juni enthält drei Artikel.",
            "am 1. Juni",
            ("2024-06-01", "2025-06-01", "2024-06-01"),
        ),
        (
            "de",
            "Am Freitag hatte der Rat abgestimmt.",
            "Am Freitag wird der Rat abstimmen.",
            "Am Freitag stimmt der Rat ab.",
            "Am Freitag",
            ("2025-03-07", "2025-03-14", "2025-03-07"),
        ),
        (
            "de",
            "Im September wurde gewählt.",
            "Im September soll gewählt werden.",
            "Im September gibt es Wahlen.",
            "Im September",
            ("2024-09", "2025-09", "2024-09"),
        ),
        (
            "en",
            "The plant closed on April 2.",
            "The plant will close on April 2.",
            "The plant's April 2 closure is news.",
            "April 2",
            ("2024-04-02", "2025-04-02", "2025-04-02"),
        ),
        (
            "en",
            "The talks ended on Tuesday.",
            "The talks are set to end on Tuesday.",
            "The talks on Tuesday matter.",
            "on Tuesday",
            ("2025-03-04", "2025-03-11", "2025-03-04"),
        ),
        (
            "en",
            "Voters went to the polls in November.",
            "Voters will go to the polls in November.",
            "Polls in November matter.",
            "in November",
            ("2024-11", "2025-11", "2024-11"),
        ),
    ],
)
def test_tense_decides_the_direction(
    language: str, past: str, future: str, neutral: str, surface: str, isos: tuple[str, ...]
):
    article = datetime.date(2025, 3, 12) if language == "de" else EN_ARTICLE
    for sentence, iso in zip((past, future, neutral), isos, strict=True):
        found = [s for s in tag(sentence, language, article) if s.kind == "date"]
        assert [s.payload.get("iso") for s in found] == [iso], sentence


@pytest.mark.parametrize(
    ("language", "sentence", "surface", "iso"),
    [
        ("de", "Bis zum 1. Juli müssen alle Anträge vorliegen.", "1. Juli", "2025-07-01"),
        ("de", "Ab dem 1. Juli gilt die Pflicht.", "1. Juli", "2025-07-01"),
        ("de", "Er blieb bis zum 3. März im Amt.", "3. März", "2025-03-03"),
        ("de", "Seit dem 20. Mai gilt die Regel.", "20. Mai", "2024-05-20"),
        ("en", "Companies must report by June 1.", "June 1", "2025-06-01"),
        ("en", "From July 1 on, the fee doubles.", "July 1", "2025-07-01"),
        ("en", "The upcoming vote on April 30 is close.", "on April 30", "2025-04-30"),
        ("en", "The minister said on Friday that taxes will rise in May.", "on Friday",
         "2025-03-07"),
        ("en", "The minister said on Friday that taxes will rise in May.", "in May", "2025-05"),
        ("de", "Der Minister sagte am Montag, das Gesetz solle am 1. Juli gelten.", "am Montag",
         "2025-03-10"),
        ("de", "Der Minister sagte am Montag, das Gesetz solle am 1. Juli gelten.", "am 1. Juli",
         "2025-07-01"),
    ],
)  # fmt: skip
def test_deadlines_and_clauses(language: str, sentence: str, surface: str, iso: str):
    article = EN_ARTICLE if language == "en" else datetime.date(2025, 3, 12)
    assert date_span(sentence, language, article, surface).payload["iso"] == iso


@pytest.mark.parametrize(
    ("language", "sentence", "surface", "iso"),
    [
        ("en", "The vote is set for next Tuesday.", "next Tuesday", "2025-03-11"),
        ("en", "Prices fell last week.", "last week", "2025-W10"),
        ("en", "Talks resume this week.", "this week", "2025-W11"),
        ("de", "Am kommenden Freitag wird gewählt.", "Am kommenden Freitag", "2025-03-14"),
        ("de", "Vergangene Woche kam es zu Protesten.", "Vergangene Woche", "2025-W10"),
        ("de", "In der nächsten Woche tagt der Rat.", "nächsten Woche", "2025-W12"),
    ],
)
def test_relative_weekdays_and_weeks(language: str, sentence: str, surface: str, iso: str):
    assert date_span(sentence, language, EN_ARTICLE, surface).payload["iso"] == iso


def test_week_without_article_date_keeps_its_offset():
    span = date_span("Vergangene Woche kam es zu Protesten.", "de", None, "Vergangene Woche")
    assert span.payload == {"surface": "Vergangene Woche", "relative": -1, "period": "week"}


@pytest.mark.parametrize(
    ("language", "sentence", "surface", "payload"),
    [
        ("de", "Der Haushalt für 2026 steht.", "2026", {"iso": "2026", "surface": "2026"}),
        ("en", "The forecast for 2026 is weak.", "2026", {"iso": "2026", "surface": "2026"}),
        ("de", "Zwischen 2019 und 2023 stiegen die Preise.", "Zwischen 2019 und 2023",
         {"iso": "2019/2023", "surface": "2019 und 2023", "from": "2019", "to": "2023"}),
        ("en", "Prices rose between 2019 and 2023.", "between 2019 and 2023",
         {"iso": "2019/2023", "surface": "2019 and 2023", "from": "2019", "to": "2023"}),
        ("en", "The plan runs from 2025 to 2030.", "from 2025 to 2030",
         {"iso": "2025/2030", "surface": "2025 to 2030", "from": "2025", "to": "2030"}),
        ("de", "Von 2020 bis 2022 war er Minister.", "Von 2020 bis 2022",
         {"iso": "2020/2022", "surface": "2020 bis 2022", "from": "2020", "to": "2022"}),
        ("de", "Der Plan für 2023–2025 liegt vor.", "2023–2025",
         {"iso": "2023/2025", "surface": "2023–2025", "from": "2023", "to": "2025"}),
        ("en", "The 2023/24 season was long.", "2023/24",
         {"iso": "2023/2024", "surface": "2023/24", "from": "2023", "to": "2024"}),
        ("de", "Seit 2015 lebt sie hier.", "2015", {"iso": "2015", "surface": "2015"}),
        ("en", "The ban lasts until 2030.", "2030", {"iso": "2030", "surface": "2030"}),
        ("de", "Im Jahr 2022 wuchs die Wirtschaft.", "Im Jahr 2022",
         {"iso": "2022", "surface": "2022"}),
    ],
)  # fmt: skip
def test_years_after_prepositions_are_dates(
    language: str, sentence: str, surface: str, payload: dict
):
    assert date_span(sentence, language, EN_ARTICLE, surface).payload == payload
    assert not [s for s, _ in numbers(sentence, language) if s in surface]


@pytest.mark.parametrize(
    ("language", "sentence", "number"),
    [
        ("de", "Er zahlte für 1800 Aktien.", "1800"),  # far from the article's year: a count
        ("de", "Für 2000 Euro gibt es das nicht.", "2000 Euro"),
        ("en", "Between 2000 and 3000 people came.", "Between 2000 and 3000 people"),
        ("en", "He counted 2019 votes.", "2019 votes"),
        ("de", "Es kamen 2024 Menschen.", "2024 Menschen"),
    ],
)
def test_plain_counts_stay_numbers(language: str, sentence: str, number: str):
    assert number in [s for s, _ in numbers(sentence, language)]
    assert not [s for s in tag(sentence, language, EN_ARTICLE) if s.kind == "date"]


@pytest.mark.parametrize(
    ("language", "sentence", "surface", "payload"),
    [
        ("en", "The court voted 7-2 to uphold the law.", "7-2",
         {"kind": "tally", "values": [7.0, 2.0], "low": 2.0, "high": 7.0}),
        ("en", "The Senate passed it by a 52–48 vote.", "52–48",
         {"kind": "tally", "values": [52.0, 48.0], "low": 48.0, "high": 52.0}),
        ("de", "Der Antrag wurde mit 5:4 Stimmen angenommen.", "5:4 Stimmen",
         {"kind": "tally", "values": [5.0, 4.0], "low": 4.0, "high": 5.0, "unit": "Stimmen"}),
        ("de", "Der Bundestag stimmte mit 400 zu 200 Stimmen zu.", "400 zu 200 Stimmen",
         {"kind": "tally", "values": [400.0, 200.0], "low": 200.0, "high": 400.0,
          "unit": "Stimmen"}),
        ("de", "Bayern gewann 3:1 gegen Dortmund.", "3:1",
         {"kind": "score", "values": [3.0, 1.0], "low": 1.0, "high": 3.0}),
        ("en", "It was a 2-1 win for Arsenal.", "2-1",
         {"kind": "score", "values": [2.0, 1.0], "low": 1.0, "high": 2.0}),
        ("de", "Die Preise stiegen um 10 bis 15 Prozent.", "10 bis 15 Prozent",
         {"kind": "range", "values": [10.0, 15.0], "low": 10.0, "high": 15.0, "unit": "Prozent"}),
        ("en", "Prices rose 10-15% last year.", "10-15%",
         {"kind": "range", "values": [10.0, 15.0], "low": 10.0, "high": 15.0, "unit": "%"}),
        ("en", "The project costs between 3 and 5 million dollars.",
         "between 3 and 5 million dollars",
         {"kind": "range", "values": [3e6, 5e6], "low": 3e6, "high": 5e6, "unit": "dollars"}),
        ("de", "Es kamen zwischen 10 und 20 Menschen.", "zwischen 10 und 20 Menschen",
         {"kind": "range", "values": [10.0, 20.0], "low": 10.0, "high": 20.0,
          "unit": "Menschen"}),
        ("en", "The repair costs $3-5 billion.", "$3-5 billion",
         {"kind": "range", "values": [3e9, 5e9], "low": 3e9, "high": 5e9, "unit": "$"}),
    ],
)  # fmt: skip
def test_tallies_scores_and_ranges_are_one_span(
    language: str, sentence: str, surface: str, payload: dict
):
    found = numbers(sentence, language)
    assert (surface, payload) in found, found
    inner = [s for s, _ in found if s != surface and s in surface]
    assert not inner


@pytest.mark.parametrize(
    ("language", "sentence", "surface", "time"),
    [
        ("de", "Das Treffen begann um 14:30 Uhr.", "14:30 Uhr", "14:30"),
        ("de", "Anpfiff ist um 20:45 Uhr, das Spiel endete 3:1.", "20:45 Uhr", "20:45"),
        ("en", "The match starts at 19:30.", "19:30", "19:30"),
        ("de", "Das Treffen begann um 14.30 Uhr.", "14.30 Uhr", "14:30"),
    ],
)
def test_times_are_no_scores(language: str, sentence: str, surface: str, time: str):
    assert (surface, {"time": time}) in numbers(sentence, language)


def test_a_ratio_or_a_falling_pair_is_no_range():
    found = numbers("Das Verhältnis lag bei 3:1.", "de")
    assert all(p.get("kind") != "score" for _, p in found)
    assert all(p.get("kind") != "range" for _, p in numbers("The index fell 15-10.", "en"))


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "2024", "1" * 400, str(10**400), f"Am {10**400}. Juli", "31. Februar",
        "Am 31. Februar wird gewählt.", "Am 0. Januar wurde gewählt.", "am 29. Februar",
        "zwischen 2019 und", "between 9999 and 0000", "7-2-1-0", "3:1:2", "10 bis", "-",
        "Am 29. Februar soll gewählt werden.", "from 2199 to 2200", "nächste Woche",
        f"voted {10**400}-{10**400}", "zwischen 1 und " + "9" * 30 + " Euro",
    ],
)  # fmt: skip
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "article", [None, datetime.date.min, datetime.date.max, datetime.date(2024, 2, 29)]
)
def test_bad_input_never_raises(text: str, language: str, article: datetime.date | None):
    for span in tag(text, language, article):
        assert 0 <= span.start < span.end <= len(text)


def test_impossible_days_are_no_dates():
    for sentence in ("Am 31. Februar wird gewählt.", "Am 0. Januar wurde gewählt."):
        assert date_isos(sentence, "de", DE_ARTICLE) == []


def test_29_february_in_the_future_finds_the_next_leap_year():
    sentence = "Am 29. Februar soll gewählt werden."
    assert date_isos(sentence, "de", DE_ARTICLE) == ["2028-02-29"]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Der Absturz soll sich am Samstag ereignet haben.", "2025-03-08"),
        ("Der Absturz soll am Samstag untersucht werden.", "2025-03-15"),
        ("Das Minus hat sich bis Ende Februar abgeschwächt.", "2025-02"),
        ("Antonius, der die Position bis Dezember innehatte, trat ab.", "2024-12"),
        ("Die Grabung dauert vom 2. Juli bis 13. August.", "2024-08-13"),
    ],
)
def test_german_reported_past_and_ranges(sentence: str, iso: str):
    assert iso in date_isos(sentence, "de", DE_ARTICLE)


_FRAGMENTS = st.sampled_from(
    [
        "am", "Am", "on", "by", "bis", "zum", "ab", "dem", "seit", "from", "to", "until", "für",
        "for", "zwischen", "between", "und", "and", "von", "soll", "wird", "will", "was",
        "sagte", "hatte", "ist", "getreten", "haben", "next", "last", "kommenden", "vergangene",
        "Woche", "week", "Jahr", "1.", "31.", "0.", "Juli", "Februar", "June", "Jan.", "Montag",
        "Friday", "2024", "2023–2025", "2023/24", "1999-", "7-2", "5:4", "3:1", "14:30", "Uhr",
        "10-15%", "3", "5", "million", "Millionen", "Prozent", "Stimmen", "votes", "win", ",",
        ".", "-", "–", ":", "/", " ", str(10**30), "9999", "0000", "29.02.", "2024-02-30",
    ]
)  # fmt: skip
_ARTICLES = st.one_of(
    st.none(), st.dates(), st.sampled_from([datetime.date.min, datetime.date.max])
)


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=25),
    separator=st.sampled_from([" ", "", " \u00a0"]),
    language=st.sampled_from(["de", "en"]),
    article=_ARTICLES,
)
def test_detectors_never_raise_on_date_and_number_fragments(
    words: list[str], separator: str, language: str, article: datetime.date | None
):
    text = separator.join(words)
    for spans in (find_dates(text, language, article), find_numbers(text, language)):
        assert all(0 <= s.start < s.end <= len(text) for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
        json.dumps([s.payload for s in spans])
