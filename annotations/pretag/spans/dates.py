"""Date spans, resolved to ISO dates against the article's date where the text leaves gaps.

Recognised: "29. November 2024", "Am 29. November", "November 29, 2024", "on 29 November",
"2024-11-29", "29.11.2024", "am 29.11.", "im November", "Im Juni 2024", "im Jahr 2022",
"in 2022", weekdays ("am Montag", "last Friday"), "heute"/"gestern"/"yesterday", and "im
vergangenen Jahr"/"last month". Light prepositions ("am", "im", "on", "in") are part of the
span; the payload's ``surface`` is the date expression without them.

Without a year the date is placed in the year that puts it closest to the article date,
preferring dates before it (news reports what happened): a date after the article date counts
as four times as far. "Am 29. November" in an article of 2024-11-30 is 2024-11-29; "am
30. Dezember" in one of 2025-01-03 is 2024-12-30. Without an article date such dates keep
their parts (``month``, ``day``, ``weekday``, ``relative``) but get no ``iso``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..types import Span
from ._text import longest_first, text_end_before
from .lexicon import word_set
from .numbers import UNIT_WORDS

__all__ = ["find_dates", "resolve_day_month"]

_MONTHS = {
    "Januar": 1, "Jänner": 1, "January": 1, "Jan.": 1, "Februar": 2, "Feber": 2,
    "February": 2, "Feb.": 2, "März": 3, "Maerz": 3, "March": 3, "Mär.": 3, "Mrz.": 3,
    "Mar.": 3, "April": 4, "Apr.": 4, "Mai": 5, "May": 5, "Juni": 6, "June": 6, "Jun.": 6,
    "Juli": 7, "July": 7, "Jul.": 7, "August": 8, "Aug.": 8, "September": 9, "Sept.": 9,
    "Sep.": 9, "Oktober": 10, "October": 10, "Okt.": 10, "Oct.": 10, "November": 11,
    "Nov.": 11, "Dezember": 12, "December": 12, "Dez.": 12, "Dec.": 12,
}  # fmt: skip
_WEEKDAYS = {
    "Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4, "Samstag": 5,
    "Sonnabend": 5, "Sonntag": 6, "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3,
    "Friday": 4, "Saturday": 5, "Sunday": 6,
}  # fmt: skip
_RELATIVE_DAYS = {
    "heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2, "today": 0,
    "yesterday": -1, "tomorrow": 1,
}  # fmt: skip
_LIGHT_PREPOSITIONS = frozenset(("am", "im", "on", "in"))
# A date after the article date counts this many times as far when choosing its year.
_FUTURE_PENALTY = 4


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<m>{_alt(list(_MONTHS))})(?!\w)"
_WEEKDAY = rf"(?P<wd>{_alt(list(_WEEKDAYS))})"
_YEAR = r"(?P<y>1[6-9]\d\d|20\d\d|21\d\d)(?!\d)"
_PRE = r"(?:(?P<pre>(?<!\w)(?:[Aa]m|[Oo]n|[Ii]m|[Ii]n))\s+)"
_MODS = (
    r"(?i:vergangenen|vergangenes|letzten|letztes|vorigen|voriges|kommenden|kommendes|"
    r"nächsten|nächstes|diesen|diesem|dieses|laufenden|last|next|this|previous|current|coming)"
)

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
        "year",
        re.compile(
            r"(?:(?P<pre>(?<!\w)(?:[Ii]m\s+[Jj]ahre?|[Ii]n\s+the\s+year|[Ii]m|[Ii]n))\s+|"
            r"(?<!\w)(?P<ctx>[Ss]eit|[Bb]is|[Aa]b|[Ee]nde|[Aa]nfang|[Mm]itte|[Ss]ince|[Uu]ntil|"
            r"[Bb]y|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Vv]or|[Nn]ach|[Ff]rom|[Vv]om|[Vv]on|"
            r"[Ss]ommer|[Ww]inter|[Ff]rühjahr|[Ff]rühling|[Hh]erbst|[Ss]pring|[Ss]ummer|"
            r"[Aa]utumn|[Jj]ahr(?:e|es)?)\s+)"
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
            rf"{_PRE}?(?<!\w)(?P<mod>{_MODS})\s+(?P<unit>Jahr(?:es)?|Monats?|year|month)(?!\w)"
            r"|(?<!\w)(?:(?P<pre2>im)\s+)?(?P<vorjahr>Vorjahr)(?:es)?(?!\w)"
        ),
    ),
]

_NUMERIC_CONTEXT = re.compile(r"(?:am|vom|bis|zum|ab|seit|dem|den|on)\s+$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*(%|[^\W\d_][\w-]*)")
_MORNING_BEFORE = re.compile(r"(?:heute|gestern|vorgestern)\s+$", re.IGNORECASE)


def _offset_of_mod(mod: str) -> int:
    mod = mod.lower()
    if mod.startswith(("vergangen", "letzt", "vorig", "last", "previous")):
        return -1
    if mod.startswith(("kommend", "nächst", "next", "coming")):
        return 1
    return 0


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def resolve_day_month(day: int, month: int, article: datetime.date) -> datetime.date | None:
    """The date with this day and month nearest the article date, preferring the past."""
    best: tuple[int, datetime.date] | None = None
    for year in (article.year - 1, article.year, article.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is None:
            continue
        delta = (article - candidate).days
        cost = delta if delta >= 0 else -delta * _FUTURE_PENALTY
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def _resolve_month(month: int, article: datetime.date, offset: int | None) -> tuple[int, int]:
    """Year for a month named without one ("im November"); ``offset`` from "last"/"next"."""
    here = article.year * 12 + article.month - 1
    options = []
    for year in (article.year - 1, article.year, article.year + 1):
        index = year * 12 + month - 1
        delta = here - index
        if offset == -1 and delta <= 0:
            continue
        if offset == 1 and delta >= 0:
            continue
        options.append((delta if delta >= 0 else -delta * _FUTURE_PENALTY, year))
    if not options:
        return article.year, month
    return min(options)[1], month


def _resolve_weekday(weekday: int, article: datetime.date, offset: int) -> datetime.date:
    back = (article.weekday() - weekday) % 7
    if offset == -1:
        return article - datetime.timedelta(days=back or 7)
    if offset == 1:
        forward = (weekday - article.weekday()) % 7
        return article + datetime.timedelta(days=forward or 7)
    return article - datetime.timedelta(days=back)


def _full_year(text: str, article: datetime.date | None) -> int:
    year = int(text)
    if len(text) == 2:
        pivot = (article.year % 100 + 1) if article else 30
        year += 2000 if year <= pivot else 1900
    return year


class _Found:
    __slots__ = ("end", "payload", "start")

    def __init__(self, start: int, end: int, payload: dict[str, Any]):
        self.start, self.end, self.payload = start, end, payload


def _span_start(m: re.Match[str]) -> int:
    """Start of the span: a light preposition ("am", "im Jahr") is included, others are not."""
    pre = m.groupdict().get("pre")
    if not pre or pre.split()[0].lower() in _LIGHT_PREPOSITIONS:
        return m.start()
    pos = m.end("pre")
    text = m.string
    while pos < m.end() and text[pos].isspace():
        pos += 1
    return pos


def _core_surface(text: str, m: re.Match[str]) -> str:
    start = m.end("pre") if m.groupdict().get("pre") else m.start()
    return " ".join(text[start : m.end()].split())


def _day_month_payload(
    day: int, month: int, year: int | None, article: datetime.date | None, surface: str
) -> dict[str, Any] | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        date = _safe_date(year, month, day)
        return {"iso": date.isoformat(), "surface": surface} if date else None
    if article is not None:
        date = resolve_day_month(day, month, article)
        if date is not None:
            return {"iso": date.isoformat(), "surface": surface}
        return None
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: allows 29 February
        return None
    return {"surface": surface, "month": month, "day": day}


def _month_payload(
    month: int, year: int | None, article: datetime.date | None, offset: int | None, surface: str
) -> dict[str, Any]:
    if year is None and article is not None:
        year, month = _resolve_month(month, article, offset)
    if year is None:
        return {"surface": surface, "month": month}
    return {"iso": f"{year:04d}-{month:02d}", "surface": surface}


def _match_payload(
    kind: str, m: re.Match[str], text: str, lang: str, article: datetime.date | None
) -> tuple[int, dict[str, Any]] | None:
    """(span start, payload) for one pattern match, or None when it is no date."""
    groups = m.groupdict()
    surface = _core_surface(text, m) if "pre" in groups else " ".join(m.group().split())
    if kind == "iso":
        date = _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        return (m.start(), {"iso": date.isoformat(), "surface": surface}) if date else None
    if kind == "numeric":
        year = _full_year(groups["y"], article) if groups["y"] else None
        context = _NUMERIC_CONTEXT.search(text, max(0, m.start() - 12), m.start())
        if year is None and not groups["pre"] and not context:
            return None  # "1.2." without a year or a preposition is too often no date
        payload = _day_month_payload(int(groups["d"]), int(groups["m"]), year, article, surface)
        return (_span_start(m), payload) if payload else None
    if kind == "slash":
        a, b, year = int(groups["a"]), int(groups["b"]), int(groups["y"])
        # English writes month/day/year, German day/month/year; an impossible month decides.
        month_first = (lang == "en" and a <= 12) or b > 12
        month, day = (a, b) if month_first else (b, a)
        date = _safe_date(year, month, day)
        return (m.start(), {"iso": date.isoformat(), "surface": surface}) if date else None
    if kind in ("day_month", "month_day"):
        year = int(groups["y"]) if groups.get("y") else None
        month = _MONTHS[groups["m"]]
        payload = _day_month_payload(int(groups["d"]), month, year, article, surface)
        return (_span_start(m), payload) if payload else None
    if kind == "month_year":
        payload = _month_payload(_MONTHS[groups["m"]], int(groups["y"]), article, None, surface)
        return _span_start(m), payload
    if kind == "month":
        mod = groups.get("mod") or groups.get("mod2")
        offset = _offset_of_mod(mod) if mod else None
        payload = _month_payload(_MONTHS[groups["m"]], None, article, offset, surface)
        return _span_start(m), payload
    if kind == "year":
        if _unit_follows(text, m.end()):
            return None  # "in 2000 cases"
        start = _span_start(m) if groups.get("pre") else m.start("y")
        year_surface = surface if groups.get("pre") else groups["y"]
        return start, {"iso": groups["y"], "surface": year_surface}
    if kind == "weekday":
        return _weekday_payload(m, article, surface)
    if kind == "relative":
        return _relative_payload(m, text, article)
    if kind == "relative_period":
        return _period_payload(m, article, surface)
    return None


def _unit_follows(text: str, end: int) -> bool:
    m = _UNIT_AFTER.match(text, end)
    return bool(m and m.group(1) in UNIT_WORDS)


def _weekday_payload(
    m: re.Match[str], article: datetime.date | None, surface: str
) -> tuple[int, dict[str, Any]]:
    weekday = _WEEKDAYS[m.group("wd")]
    offset = _offset_of_mod(m.group("mod")) if m.group("mod") else 0
    payload: dict[str, Any] = {"surface": surface}
    if article is not None:
        payload["iso"] = _resolve_weekday(weekday, article, offset).isoformat()
    else:
        payload["weekday"] = weekday
    return _span_start(m), payload


def _relative_payload(
    m: re.Match[str], text: str, article: datetime.date | None
) -> tuple[int, dict[str, Any]] | None:
    word = m.group("w")
    if word == "Morgen" and text_end_before(text, m.start()) > 0:
        return None  # capitalised mid-sentence it is "the morning"
    if word == "morgen" and _MORNING_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "heute morgen": this morning, already tagged by "heute"
    days = _RELATIVE_DAYS[word.lower()]
    payload: dict[str, Any] = {"surface": word}
    if article is not None:
        payload["iso"] = (article + datetime.timedelta(days=days)).isoformat()
    else:
        payload["relative"] = days
    return m.start(), payload


def _period_payload(
    m: re.Match[str], article: datetime.date | None, surface: str
) -> tuple[int, dict[str, Any]]:
    if m.group("vorjahr"):
        offset, unit = -1, "jahr"
        start = m.start()
        surface = " ".join(m.group().split())
    else:
        offset, unit = _offset_of_mod(m.group("mod")), m.group("unit").lower()
        start = _span_start(m)
    payload: dict[str, Any] = {"surface": surface}
    if article is None:
        payload["relative"] = offset
    elif unit.startswith(("jahr", "year")):
        payload["iso"] = f"{article.year + offset:04d}"
    else:
        index = article.year * 12 + article.month - 1 + offset
        payload["iso"] = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return start, payload


# Which words a pattern needs in the sentence before it is worth running; most sentences
# name no date, and skipping the patterns then keeps the detector set fast.
_MONTH_WORDS = frozenset(m.rstrip(".") for m in _MONTHS)
_WEEKDAY_WORDS = frozenset(
    wd + part
    for wd in _WEEKDAYS
    for part in ("", "abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht", "früh")
)
_RELATIVE_WORDS = frozenset(_RELATIVE_DAYS) | frozenset(w.capitalize() for w in _RELATIVE_DAYS)
_PERIOD_WORDS = word_set("Jahr Jahres Monat Monats year month Vorjahr Vorjahres")
_HAS_DIGIT = re.compile(r"\d")
_NEEDS_DIGIT = frozenset(("iso", "numeric", "slash", "year"))
_NEEDS_DIGIT_AND_MONTH = frozenset(("day_month", "month_day", "month_year"))


def _worth_running(kind: str, digit: bool, words: frozenset[str]) -> bool:
    if kind in _NEEDS_DIGIT:
        return digit
    if kind in _NEEDS_DIGIT_AND_MONTH:
        return digit and not _MONTH_WORDS.isdisjoint(words)
    if kind == "month":
        return not _MONTH_WORDS.isdisjoint(words)
    if kind == "weekday":
        return not _WEEKDAY_WORDS.isdisjoint(words)
    if kind == "relative":
        return not _RELATIVE_WORDS.isdisjoint(words)
    return not _PERIOD_WORDS.isdisjoint(words)


def find_dates(
    text: str, lang: str, article: datetime.date | None, words: frozenset[str] | None = None
) -> list[Span]:
    """Date spans in ``text`` (sentence offsets), overlaps resolved longest first.

    ``words`` are the sentence's word tokens, if already known; they only decide which
    patterns can match at all.
    """
    if words is None:
        words = frozenset(re.findall(r"\w+", text))
    digit = _HAS_DIGIT.search(text) is not None
    candidates: list[_Found] = []
    for kind, pattern in _PATTERNS:
        if kind == "month_day" and lang != "en":
            continue  # German never puts the day after the month
        if not _worth_running(kind, digit, words):
            continue
        for m in pattern.finditer(text):
            try:
                result = _match_payload(kind, m, text, lang, article)
            except (ValueError, OverflowError):
                continue  # out-of-range years or unknown forms: no date
            if result is None:
                continue
            start, payload = result
            if m.end() > start:
                candidates.append(_Found(start, m.end(), payload))
    return [Span(c.start, c.end, "date", c.payload) for c in longest_first(candidates)]
