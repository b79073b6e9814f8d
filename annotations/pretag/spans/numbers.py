"""Number spans: digits, number words, scale words, and the unit or currency next to them.

German and English write numbers differently ("1.000,5" vs "1,000.5"), so the digit pattern
is chosen by language; a German text with an English decimal ("3.5") still reads as 3.5 since
a German thousands group always has exactly three digits. Number words are parsed by small
grammars instead of a list ("fünfundzwanzig", "two hundred"). The payload carries ``value``
(a float, scale words applied: "2 Mio. Euro" -> 2000000.0) where it can be computed and
``unit`` when a unit, currency or counted noun is adjacent. Times ("14:30", "14.30 Uhr") are
numbers with a ``time`` payload, so their parts are not read as decimals.

Two numbers joined by a dash, a colon, "bis", "to", "zu" or "zwischen … und" are one span with
``kind`` "tally" (a vote: "voted 7-2", "mit 5:4 Stimmen"), "score" ("3:1", "a 2-1 win") or
"range" ("10 bis 15 Prozent", "10-15%", "between 3 and 5 million"), their ``values`` as
written, ``low`` and ``high``, and the ``unit``. A time ("14:30 Uhr") stays a time, a ratio
("im Verhältnis 3:1") and a falling pair without a cue ("15-10") stay apart.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..types import Span
from ._text import longest_first
from .lexicon import word_set

__all__ = ["UNIT_WORDS", "find_numbers"]

# Units, currencies and counted nouns that may follow a number; longest first in the pattern.
_UNITS = """
% Prozent Prozentpunkte Prozentpunkten Promille percent per cent percentage points
km² km2 km/h km m² qm kg t mm cm m Tonnen Meter Metern Kilometer Kilometern Quadratkilometer
Quadratkilometern Kilogramm Gramm Liter Grad °C ° Hektar tons tonnes metres meters miles
kilometres kilometers kilograms litres liters degrees acres
Euro EUR € Dollar US-Dollar USD $ Franken CHF Fr. Rubel Pfund GBP £ Yen Yuan Won Hrywnja
dollars euros pounds francs roubles rubles yuan
Jahre Jahren Jahr Monate Monaten Monat Wochen Woche Tage Tagen Tag Stunden Stunde Minuten
Sekunden Uhr years year months month weeks week days day hours hour minutes seconds
Soldaten Menschen Personen Tote Toten Todesopfer Opfer Verletzte Verletzten Einwohner
Einwohnern Flüchtlinge Flüchtlingen Zivilisten Kinder Kindern Raketen Drohnen Panzer
Gefangene Gefangenen Häftlinge Geiseln Stimmen Sitze Mitglieder Mitarbeiter Mitarbeitende
Fälle Fällen Infektionen Dosen
soldiers troops people persons deaths dead casualties civilians children refugees missiles
drones tanks prisoners hostages votes seats members employees workers cases residents
"""
UNIT_WORDS: frozenset[str] = frozenset(_UNITS.split()) | {"per cent", "percentage points"}

_SCALES_DE = {
    "tausend": 1e3, "tsd.": 1e3, "mio.": 1e6, "mio": 1e6, "million": 1e6, "millionen": 1e6,
    "mrd.": 1e9, "mrd": 1e9, "milliarde": 1e9, "milliarden": 1e9, "billion": 1e12,
    "billionen": 1e12, "bn": 1e9, "thousand": 1e3, "trillion": 1e12,
}  # fmt: skip
_SCALES_EN = {
    "thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "trillion": 1e12, "tn": 1e12, "k": 1e3,
}  # fmt: skip
_SCALE_SURFACES = {
    "de": r"Tausend|Tsd\.|Mio\.|Millionen|Million|Mrd\.|Milliarden|Milliarde|Billionen|Billion|bn",
    # "m"/"k" only right after the digits ("$5m"), where they cannot be a unit of length.
    "en": r"thousand|million|billion|trillion|bn|mn|tn|(?<=\d)m|(?<=\d)k",
}
_CURRENCY_PREFIX = r"(?P<cur>US\$|\$|€|£|¥|(?:USD|EUR|CHF|GBP|Fr\.|SFr\.)[ \u00a0])"
_DIGITS = {
    # German: 1.000 / 1'000 groups, 3,5 decimals; "3.5" (dot, not three digits) still decimal.
    "de": r"\d{1,3}(?:[.'’\u00a0\u202f]\d{3}){1,5}(?:,\d{1,6})?|\d{1,15},\d{1,6}"
    r"|\d{1,15}\.\d{1,6}|\d{1,15}",
    "en": r"\d{1,3}(?:[,\u00a0\u202f]\d{3}){1,5}(?:\.\d{1,6})?|\d{1,15}\.\d{1,6}|\d{1,15}",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_ALT = _alternation(sorted(UNIT_WORDS))


def _digit_pattern(lang: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.,/\-−+:'’])"
        + rf"(?:{_CURRENCY_PREFIX}[ \u00a0]?)?"
        + r"(?P<sign>[-−+](?=\d))?"
        + rf"(?P<num>{_DIGITS[lang]})(?!\d)(?![.,:]\d)"
        + rf"(?:[ \u00a0]?(?P<scale>{_SCALE_SURFACES[lang]})(?!\w))?"
        + rf"(?:[ \u00a0]?(?P<unit>{_UNIT_ALT})(?!\w))?"
    )


_DIGIT_RE = {lang: _digit_pattern(lang) for lang in ("de", "en")}


def _pair_pattern(lang: str) -> re.Pattern[str]:
    """Two numbers and what joins them; the kind of pair is decided from the words around."""
    return re.compile(
        r"(?:(?P<open>(?<!\w)(?:[Zz]wischen|[Bb]etween|[Vv]on|[Ff]rom))[ \u00a0]+)?"
        r"(?<![\w.,/\-−+:'’])"
        + rf"(?:{_CURRENCY_PREFIX}[ \u00a0]?)?"
        + rf"(?P<a>{_DIGITS[lang]})(?!\d)"
        + rf"(?:[ \u00a0]?(?P<ascale>{_SCALE_SURFACES[lang]})(?!\w))?(?:[ \u00a0]?(?P<aunit>%))?"
        + r"(?P<sep>[ \u00a0]?[-–—][ \u00a0]?|:|[ \u00a0]+(?:bis|to|zu|und|and)[ \u00a0]+)"
        + r"(?:(?:US\$|\$|€|£|¥)[ \u00a0]?)?"
        + rf"(?P<b>{_DIGITS[lang]})(?!\d)(?![.,:]\d)"
        + rf"(?:[ \u00a0]?(?P<scale>{_SCALE_SURFACES[lang]})(?!\w))?"
        + rf"(?:[ \u00a0]?(?P<unit>{_UNIT_ALT})(?!\w))?"
        + r"(?![\-–:/]\d)"
    )


_PAIR_RE = {lang: _pair_pattern(lang) for lang in ("de", "en")}
_VOTE_UNITS = frozenset(("Stimmen", "votes"))
_VOTE_CUE = re.compile(
    r"(?<!\w)(?:vot(?:e|es|ed|ing)|ballot|majority|margin|ruled|ruling|passed|approved|"
    r"rejected|confirmed|Stimmen|Stimme|stimmten?|abgestimmt|Abstimmung|Gegenstimmen|Mehrheit|"
    r"Votum|angenommen|abgelehnt|Enthaltungen?)(?!\w)",
    re.IGNORECASE,
)
_SCORE_CUE = re.compile(
    r"(?<!\w)(?:wins?|won|beat|beats|defeat(?:s|ed)?|victory|lost|loss|draw|drew|game|match|"
    r"final|scored?|goals?|Sieg|siegte|gewann|gewinnt|verlor|verliert|Niederlage|Remis|"
    r"Unentschieden|Spiel|Partie|Endstand|Halbzeit|Tore?|Treffer|besiegte|schlug|Finale|"
    r"Heimsieg|Auswärtssieg)(?!\w)",
    re.IGNORECASE,
)
_RATIO_CUE = re.compile(r"(?<!\w)(?:Verhältnis|Maßstab|Quote|ratio|odds|scale)(?!\w)", re.I)
# How far before and after a pair its cue words are looked for.
_CUE_BEFORE, _CUE_AFTER = 40, 30
_TIME_RE = re.compile(
    r"(?<![\w.:,])(?P<h>[01]?\d|2[0-3])(?::(?P<m1>[0-5]\d)(?:[ \u00a0]?(?:Uhr|h))?"
    r"|\.(?P<m2>[0-5]\d)[ \u00a0]?Uhr)(?![\w:])"
)

# German number words: any word ending in a number morpheme is a candidate for the parser.
_DE_WORD_RE = re.compile(
    r"(?<![\w-])(?P<w>[a-zäöüß]*?(?:eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|"
    r"zwölf|zig|ßig|ssig|hundert|tausend))(?![\w-])"
    rf"(?:[ \u00a0](?P<scale>Millionen|Million|Milliarden|Milliarde|Billionen|Billion))?"
    rf"(?:[ \u00a0](?P<unit>{_UNIT_ALT})(?!\w))?",
    re.IGNORECASE,
)
_DE_SCALE_RE = re.compile(
    r"(?<![\w-])(?:(?P<art>[Ee]ine[nmr]?|[Ee]in)[ \u00a0])?"
    r"(?P<scale>Millionen|Million|Milliarden|Milliarde|Billionen|Billion|Dutzende|Dutzend|"
    r"Hunderte|Tausende|Zehntausende|Hunderttausende)(?!\w)"
    rf"(?:[ \u00a0](?P<unit>{_UNIT_ALT})(?!\w))?"
)
_EN_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORD = _alternation([*_EN_NUMBER_WORDS, *_EN_BIG, "hundred", "dozen"])
_EN_WORD_RE = re.compile(
    rf"(?<![\w-])(?:(?P<art>an?)[ \u00a0])?(?P<w>(?:{_EN_WORD})(?:(?:[ \u00a0]+and[ \u00a0]+|"
    rf"[ \u00a0]+|-)(?:{_EN_WORD}))*)(?![\w-])(?:[ \u00a0](?P<unit>{_UNIT_ALT})(?!\w))?",
    re.IGNORECASE,
)
_EN_VAGUE_RE = re.compile(
    r"(?<![\w-])(?P<scale>hundreds|thousands|millions|billions|dozens|tens of thousands)(?!\w)"
    rf"(?:[ \u00a0]of)?(?:[ \u00a0](?P<unit>{_UNIT_ALT})(?!\w))?",
    re.IGNORECASE,
)

_DE_UNITS = {
    "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9,
}  # fmt: skip
_DE_SMALL = {
    "null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_DE_TENS = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip


def _de_below_100(word: str) -> int | None:
    if word in _DE_SMALL:
        return _DE_SMALL[word]
    if word in _DE_TENS:
        return _DE_TENS[word]
    unit, sep, tens = word.partition("und")
    if sep and unit in _DE_UNITS and tens in _DE_TENS:
        return _DE_UNITS[unit] + _DE_TENS[tens]
    return None


def _de_below_1000(word: str) -> int | None:
    if "hundert" not in word:
        return _de_below_100(word)
    head, _, rest = word.partition("hundert")
    factor = 1 if head in ("", "ein") else _DE_UNITS.get(head)
    below = 0 if not rest else _de_below_100(rest)
    if factor is None or below is None:
        return None
    return factor * 100 + below


def parse_german_number_word(word: str) -> int | None:
    """'fünfundzwanzig' -> 25, 'dreihundert' -> 300, 'zweitausendvierzehn' -> 2014."""
    word = word.lower()
    if "tausend" not in word:
        return _de_below_1000(word)
    head, _, rest = word.partition("tausend")
    factor = 1 if head in ("", "ein") else _de_below_1000(head)
    below = 0 if not rest else _de_below_1000(rest)
    if factor is None or below is None:
        return None
    return factor * 1000 + below


def parse_english_number_words(words: str) -> float | None:
    """'two hundred and five' -> 205, 'three million' -> 3000000."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s\-]+", words.lower()):
        if not word or word == "and":
            continue
        if word in _EN_NUMBER_WORDS:
            current += _EN_NUMBER_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _EN_BIG:
            total += (current or 1) * _EN_BIG[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_value(number: str, lang: str) -> float | None:
    if lang == "de":
        if "," in number:
            whole, _, frac = number.partition(",")
            cleaned = re.sub(r"[.'’\u00a0\u202f]", "", whole) + "." + frac
        elif re.fullmatch(r"\d{1,3}(?:[.'’\u00a0\u202f]\d{3})+", number):
            cleaned = re.sub(r"[.'’\u00a0\u202f]", "", number)
        else:
            cleaned = number
    else:
        cleaned = re.sub(r"[,\u00a0\u202f]", "", number)
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _payload(value: float | None, unit: str | None) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if value is not None and math.isfinite(value):
        payload["value"] = float(value)
    if unit:
        payload["unit"] = unit
    return payload


def _scale(word: str | None, lang: str) -> float:
    if not word:
        return 1.0
    table = _SCALES_DE if lang == "de" else _SCALES_EN
    # German "Billion" is 10^12; English "billion" is 10^9 even inside a German text.
    if lang == "de" and word == "billion":
        return 1e9
    return table.get(word.lower(), table.get(word, 1.0))


def _digit_spans(text: str, lang: str) -> list[Span]:
    found: list[Span] = []
    for m in _DIGIT_RE[lang].finditer(text):
        value = _digits_value(m.group("num"), lang)
        if value is not None:
            if m.group("sign") in ("-", "−"):
                value = -value
            value *= _scale(m.group("scale"), lang)
        unit = m.group("unit") or (m.group("cur") or "").strip() or None
        found.append(Span(m.start(), m.end(), "number", _payload(value, unit)))
    return found


def _pair_spans(text: str, lang: str) -> list[Span]:
    found: list[Span] = []
    for m in _PAIR_RE[lang].finditer(text):
        kind = _pair_kind(m, text)
        if kind is None:
            continue
        high_scale = _scale(m.group("scale"), lang)
        a, b = _digits_value(m.group("a"), lang), _digits_value(m.group("b"), lang)
        if a is None or b is None:
            continue
        # "3 bis 5 Millionen": the scale written once belongs to both numbers.
        a *= _scale(m.group("ascale"), lang) if m.group("ascale") else high_scale
        b *= high_scale
        if kind == "range" and not a < b:
            continue
        payload: dict[str, Any] = {"kind": kind, "values": [a, b], "low": min(a, b)}
        payload["high"] = max(a, b)
        unit = m.group("unit") or m.group("aunit") or (m.group("cur") or "").strip()
        if unit:
            payload["unit"] = unit
        found.append(Span(m.start(), m.end(), "number", payload))
    return found


def _pair_kind(m: re.Match[str], text: str) -> str | None:
    """ "tally", "score" or "range" for two joined numbers, or None when they are no pair."""
    sep = m.group("sep").strip().lower()
    opener = (m.group("open") or "").lower()
    if (sep in ("und", "and")) != (opener in ("zwischen", "between")) or opener == "from":
        return None  # "from 10 to 15 percent" is a change, not a range
    unit = m.group("unit")
    if sep == ":" and (unit in ("Uhr", "h") or _looks_like_time(m)) and unit not in _VOTE_UNITS:
        return None  # a time, tagged as such
    window = text[max(0, m.start() - _CUE_BEFORE) : m.end() + _CUE_AFTER]
    if unit in _VOTE_UNITS:
        return "tally"
    if unit or m.group("aunit") or m.group("scale") or m.group("cur"):
        return "range"
    a, b = m.group("a"), m.group("b")
    # The majority comes first in a tally ("ruled 830–846" is a reign, not a vote).
    if _VOTE_CUE.search(window) and (sep in (":", "zu") or _magnitude(a) >= _magnitude(b)):
        return "tally"
    if _SCORE_CUE.search(window):
        return "score"
    if sep in (":", "zu"):
        return None if _RATIO_CUE.search(window) else "score"
    if len(b) > len(a) + 1 or (len(a), len(b)) == (3, 4):
        return None  # "3-5213", "853-3242": extensions and phone numbers, not ranges
    return "range"


def _magnitude(number: str) -> float:
    digits = re.sub(r"\D", "", number)
    return float(digits) if digits else 0.0


def _looks_like_time(m: re.Match[str]) -> bool:
    hours, minutes = m.group("a"), m.group("b")
    return hours.isdigit() and len(minutes) == 2 and int(hours) <= 23 and int(minutes) <= 59


def _word_spans(text: str, lang: str) -> list[Span]:
    found: list[Span] = []
    if lang == "de":
        for m in _DE_WORD_RE.finditer(text):
            value: float | None = parse_german_number_word(m.group("w"))
            if value is None:
                continue
            scale = _scale(m.group("scale"), "de")
            found.append(
                Span(m.start(), m.end(), "number", _payload(value * scale, m.group("unit")))
            )
        for m in _DE_SCALE_RE.finditer(text):
            scale_word = m.group("scale")
            # "eine Million" is a value; "Millionen Menschen" and "Tausende" are not.
            value = (
                _scale(scale_word, "de")
                if m.group("art") and scale_word in ("Million", "Milliarde", "Billion")
                else None
            )
            found.append(Span(m.start(), m.end(), "number", _payload(value, m.group("unit"))))
        return found
    for m in _EN_WORD_RE.finditer(text):
        words = m.group("w")
        article = m.group("art")
        lowered = words.lower()
        if lowered == "one" and not m.group("unit"):
            continue  # "one of them", "no one"
        has_scale = any(
            w in lowered for w in ("hundred", "thousand", "million", "billion", "trillion", "dozen")
        )
        value = parse_english_number_words(words)
        start = m.start() if article and has_scale else m.start("w")
        if article and not has_scale:
            continue
        found.append(Span(start, m.end(), "number", _payload(value, m.group("unit"))))
    for m in _EN_VAGUE_RE.finditer(text):
        found.append(Span(m.start(), m.end(), "number", _payload(None, m.group("unit"))))
    return found


def _time_spans(text: str) -> list[Span]:
    found: list[Span] = []
    for m in _TIME_RE.finditer(text):
        minutes = m.group("m1") or m.group("m2")
        found.append(
            Span(m.start(), m.end(), "number", {"time": f"{int(m.group('h')):02d}:{minutes}"})
        )
    return found


_HAS_DIGIT = re.compile(r"\d")
_DE_MORPHEMES = (
    "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
    "zwölf", "zig", "ßig", "ssig", "hundert", "tausend",
)  # fmt: skip
_DE_SCALE_WORDS = word_set(
    "Millionen Million Milliarden Milliarde Billionen Billion Dutzende Dutzend Hunderte "
    "Tausende Zehntausende Hunderttausende"
)
_EN_TRIGGERS = frozenset(
    [*_EN_NUMBER_WORDS, *_EN_BIG, "hundred", "dozen", "hundreds", "thousands", "millions",
     "billions", "dozens"]
)  # fmt: skip


def _has_number_words(words: frozenset[str], lang: str) -> bool:
    if lang == "de":
        return not _DE_SCALE_WORDS.isdisjoint(words) or any(
            w.lower().endswith(_DE_MORPHEMES) for w in words
        )
    return any(w.lower() in _EN_TRIGGERS for w in words)


def find_numbers(text: str, lang: str, words: frozenset[str] | None = None) -> list[Span]:
    """Number spans in ``text`` (sentence offsets), overlaps resolved longest first.

    ``words`` are the sentence's word tokens, if known; without number words among them the
    number-word patterns are skipped.
    """
    if words is None:
        words = frozenset(re.findall(r"\w+", text))
    candidates: list[Span] = []
    if _HAS_DIGIT.search(text):
        candidates = _time_spans(text) + _digit_spans(text, lang) + _pair_spans(text, lang)
    if _has_number_words(words, lang):
        candidates += _word_spans(text, lang)
    return longest_first(candidates)
