"""The date patterns and the words that decide which of them can match a sentence.

Each pattern carries the name of the gate it needs (a digit, four digits, a month name, a
weekday, ...); ``open_gates`` finds the open ones from the sentence's words in one pass, so a
sentence that names no date costs a few set look-ups and no regular expression.
"""

from __future__ import annotations

import re

from .lexicon import word_set

__all__ = ["GATED_PATTERNS", "MONTHS", "RELATIVE_DAYS", "WEEKDAYS", "open_gates"]

MONTHS = {
    "Januar": 1, "Jänner": 1, "January": 1, "Jan.": 1, "Februar": 2, "Feber": 2,
    "February": 2, "Feb.": 2, "März": 3, "Maerz": 3, "March": 3, "Mär.": 3, "Mrz.": 3,
    "Mar.": 3, "April": 4, "Apr.": 4, "Mai": 5, "May": 5, "Juni": 6, "June": 6, "Jun.": 6,
    "Juli": 7, "July": 7, "Jul.": 7, "August": 8, "Aug.": 8, "September": 9, "Sept.": 9,
    "Sep.": 9, "Oktober": 10, "October": 10, "Okt.": 10, "Oct.": 10, "November": 11,
    "Nov.": 11, "Dezember": 12, "December": 12, "Dez.": 12, "Dec.": 12,
}  # fmt: skip
WEEKDAYS = {
    "Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4, "Samstag": 5,
    "Sonnabend": 5, "Sonntag": 6, "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3,
    "Friday": 4, "Saturday": 5, "Sunday": 6,
}  # fmt: skip
RELATIVE_DAYS = {
    "heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2, "today": 0,
    "yesterday": -1, "tomorrow": 1,
}  # fmt: skip


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<m>{_alt(list(MONTHS))})(?!\w)"
_WEEKDAY = rf"(?P<wd>{_alt(list(WEEKDAYS))})"
_YEAR = r"(?P<y>1[6-9]\d\d|20\d\d|21\d\d)(?!\d)"
_PRE = r"(?:(?P<pre>(?<!\w)(?:[Aa]m|[Oo]n|[Ii]m|[Ii]n))\s+)"
_MOD_WORDS = word_set(
    """vergangene vergangenen vergangenes vergangener letzte letzten letztes letzter vorige
    vorigen voriges voriger kommende kommenden kommendes kommender nächste nächsten nächstes
    nächster diese diesen diesem dieses dieser laufenden laufende last next this previous
    current coming upcoming"""
)
_MODS = rf"(?i:{'|'.join(sorted(_MOD_WORDS, key=lambda w: (-len(w), w)))})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\w.\-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w\-])")),
    (
        "numeric",
        re.compile(
            rf"{_PRE}?(?<![\w.,])(?P<d>\d{{1,2}})\.[ \u00a0]?(?P<m>\d{{1,2}})\."
            r"(?:[ \u00a0]?(?P<y>\d{4}|\d{2})(?![\d.,]\d|\d))?"
        ),
    ),
    (
        "slash",
        re.compile(r"(?<![\w./])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
    ),
    (
        "day_month",
        re.compile(
            rf"{_PRE}?(?:{_WEEKDAY},?\s+(?:(?:den|dem|the)\s+)?)?(?<![\d.,])(?P<d>\d{{1,2}})"
            rf"(?:\.|st|nd|rd|th)?[ \u00a0]?(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"{_PRE}?(?:{_WEEKDAY},?\s+)?{_MONTH}[ \u00a0]?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?![.,]?\d)(?:,?\s+{_YEAR})?"
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"{_PRE}?(?:(?P<mod>Anfang|Mitte|Ende|[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-))?"
            rf"{_MONTH},?\s+{_YEAR}"
        ),
    ),
    (
        "month",
        re.compile(
            r"(?:(?P<pre>(?<!\w)(?:[Ii]m|[Ii]n|[Ss]eit|[Bb]is|[Aa]b|[Ss]ince|[Uu]ntil|[Dd]uring|"
            rf"[Bb]y))\s+(?:(?P<mod>{_MODS})\s+)?|(?<!\w)(?P<mod2>{_MODS}|Anfang|Mitte|Ende|"
            rf"[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-)){_MONTH}"
        ),
    ),
    (
        "year_range",
        re.compile(
            r"(?:(?P<open>(?<!\w)(?:[Zz]wischen|[Bb]etween|[Vv]on|[Vv]om|[Ff]rom))\s+"
            r"(?:(?:den\s+)?[Jj]ahren\s+|(?:the\s+)?years\s+)?)?(?<![\w.,/-])"
            rf"{_YEAR}(?P<sep>\s?[-\u2013\u2014/]\s?|\s+(?:und|and|bis|to|until|through)\s+)"
            r"(?P<y2>1[6-9]\d\d|2[01]\d\d|\d\d)(?![\d\-/]|[.,]\d)"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:(?P<pre>(?<!\w)(?:[Ii]m\s+[Jj]ahre?|[Ii]n\s+the\s+year|[Ii]m|[Ii]n))\s+|"
            r"(?<!\w)(?P<ctx>[Ss]eit|[Bb]is|[Aa]b|[Ee]nde|[Aa]nfang|[Mm]itte|[Ss]ince|[Uu]ntil|"
            r"[Bb]y|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Vv]or|[Nn]ach|[Ff]rom|[Vv]om|[Vv]on|"
            r"[Tt]hrough|[Ss]ommer|[Ww]inter|[Ff]rühjahr|[Ff]rühling|[Hh]erbst|[Ss]pring|"
            r"[Ss]ummer|[Aa]utumn|[Jj]ahr(?:e|es)?|(?P<for>[Ff]ür|[Ff]or))\s+)"
            rf"{_YEAR}(?![.,]\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"{_PRE}?(?:(?P<mod>{_MODS})\s+)?(?<!\w){_WEEKDAY}"
            r"(?P<part>abend|morgen|nachmittag|vormittag|mittag|nacht|früh)?(?!\w)"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?<!\w)(?P<w>heute|gestern|vorgestern|morgen|übermorgen|Heute|Gestern|Vorgestern|"
            r"Morgen|Übermorgen|[Tt]oday|[Yy]esterday|[Tt]omorrow)(?!\w)"
        ),
    ),
    (
        "relative_period",
        re.compile(
            rf"{_PRE}?(?<!\w)(?P<mod>{_MODS})\s+(?P<unit>Jahr(?:es)?|Monats?|Woche|year|month|week)"
            r"(?!\w)"
            r"|(?<!\w)(?:(?P<pre2>im)\s+)?(?P<vorjahr>Vorjahr)(?:es)?(?!\w)"
        ),
    ),
]

# Which words a pattern needs in the sentence before it is worth running; most sentences
# name no date, and skipping the patterns then keeps the detector set fast.
_MONTH_WORDS = frozenset(m.rstrip(".") for m in MONTHS)
_WEEKDAY_WORDS = frozenset(
    wd + part
    for wd in WEEKDAYS
    for part in ("", "abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht", "früh")
)
_RELATIVE_WORDS = frozenset(RELATIVE_DAYS) | frozenset(w.capitalize() for w in RELATIVE_DAYS)
_PERIOD_WORDS = word_set("Jahr Jahres Monat Monats Woche year month week Vorjahr Vorjahres")
_HAS_DIGIT = re.compile(r"\d")
_HAS_FOUR_DIGITS = re.compile(r"\d{4}")
# What each pattern needs: a digit, four digits, a month name, a weekday, ...
_GATES = {
    "iso": "year", "numeric": "digit", "slash": "year", "day_month": "digit_month",
    "month_day": "digit_month", "month_year": "year_month", "month": "month",
    "year_range": "year", "year": "year", "weekday": "weekday", "relative": "relative",
    "relative_period": "period",
}  # fmt: skip
GATED_PATTERNS = [(kind, pattern, _GATES[kind]) for kind, pattern in _PATTERNS]


def open_gates(text: str, words: frozenset[str]) -> dict[str, bool]:
    digit = _HAS_DIGIT.search(text) is not None
    year = digit and _HAS_FOUR_DIGITS.search(text) is not None
    month = not _MONTH_WORDS.isdisjoint(words)
    return {
        "digit": digit,
        "year": year,
        "digit_month": digit and month,
        "year_month": year and month,
        "month": month,
        "weekday": not _WEEKDAY_WORDS.isdisjoint(words),
        "relative": not _RELATIVE_WORDS.isdisjoint(words),
        "period": not _PERIOD_WORDS.isdisjoint(words),
    }
