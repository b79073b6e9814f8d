"""Date spans, resolved to ISO dates against the article's date where the text leaves gaps.

Recognised: "29. November 2024", "Am 29. November", "November 29, 2024", "on 29 November",
"2024-11-29", "29.11.2024", "am 29.11.", "im November", "Im Juni 2024", "im Jahr 2022",
"in 2022", "für 2026", years as ranges ("zwischen 2019 und 2023", "from 2025 to 2030",
"2023–2025": ``iso`` "2019/2023" with ``from`` and ``to``), weekdays ("am Montag", "last
Friday"), "heute"/"gestern"/"yesterday", "im vergangenen Jahr"/"last month", and weeks
("vergangene Woche", "next week": ISO weeks such as "2025-W10"). Light prepositions ("am",
"im", "on", "in") are part of the span; the payload's ``surface`` is the date expression
without them.

Without a year the date follows the sentence (``dates_tense``): future tense and deadlines
("soll zum 1. Juli in Kraft treten", "by June 1") place it on or after the article date, past
tense ("trat am 1. Juli in Kraft") on or before it, and otherwise it goes to the year nearest
the article date, a later date counting four times as far (``dates_resolve``). Without an
article date such dates keep their parts (``month``, ``day``, ``weekday``, ``relative``) but
get no ``iso``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..types import Span
from ._text import longest_first, text_end_before
from .dates_patterns import GATED_PATTERNS, MONTHS, RELATIVE_DAYS, WEEKDAYS, open_gates
from .dates_resolve import (
    full_year,
    resolve_day_month,
    resolve_month,
    resolve_week,
    resolve_weekday,
    safe_date,
)
from .dates_tense import TenseCues
from .numbers import UNIT_WORDS

__all__ = ["find_dates", "resolve_day_month"]

_LIGHT_PREPOSITIONS = frozenset(("am", "im", "on", "in"))
# "für 2026" is a year only this close to the article's year ("für 1800 Aktien" is a count).
_FOR_YEAR_SPAN = 30


_NUMERIC_CONTEXT = re.compile(r"(?:am|vom|bis|zum|ab|seit|dem|den|on)\s+$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*(%|[^\W\d_][\w-]*)")
# A day after a month ("upcoming Jan. 9, 2005"): the month alone is not the date.
_DAY_AFTER = re.compile(r"[ \u00a0]?\d{1,2}(?:st|nd|rd|th)?(?!\d)")
_MORNING_BEFORE = re.compile(r"(?:heute|gestern|vorgestern)\s+$", re.IGNORECASE)


def _offset_of_mod(mod: str) -> int:
    mod = mod.lower()
    if mod.startswith(("vergangen", "letzt", "vorig", "last", "previous")):
        return -1
    if mod.startswith(("kommend", "nächst", "next", "coming", "upcoming")):
        return 1
    return 0


class _Found:
    __slots__ = ("end", "payload", "start")

    def __init__(self, start: int, end: int, payload: dict[str, Any]):
        self.start, self.end, self.payload = start, end, payload


class _Context:
    """The sentence being read; its tense cues are scanned only if a date needs them."""

    __slots__ = ("_cues", "article", "lang", "text")

    def __init__(self, text: str, lang: str, article: datetime.date | None):
        self.text, self.lang, self.article = text, lang, article
        self._cues: TenseCues | None = None

    def direction(self, start: int, end: int) -> int:
        if self._cues is None:
            self._cues = TenseCues(self.text, self.lang)
        return self._cues.direction(start, end)


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


def _day_month(
    day: int, month: int, year: int | None, ctx: _Context, m: re.Match[str], surface: str
) -> tuple[int, dict[str, Any]] | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    start = _span_start(m)
    if year is not None:
        date = safe_date(year, month, day)
        return (start, {"iso": date.isoformat(), "surface": surface}) if date else None
    if ctx.article is not None:
        date = resolve_day_month(day, month, ctx.article, ctx.direction(start, m.end()))
        return (start, {"iso": date.isoformat(), "surface": surface}) if date else None
    if safe_date(2000, month, day) is None:  # 2000 is a leap year: allows 29 February
        return None
    return start, {"surface": surface, "month": month, "day": day}


def _month(
    month: int, ctx: _Context, offset: int | None, m: re.Match[str], surface: str
) -> tuple[int, dict[str, Any]]:
    start = _span_start(m)
    if ctx.article is None:
        return start, {"surface": surface, "month": month}
    direction = 0 if offset else ctx.direction(start, m.end())
    year, month = resolve_month(month, ctx.article, offset, direction)
    return start, {"iso": f"{year:04d}-{month:02d}", "surface": surface}


def _match_payload(kind: str, m: re.Match[str], ctx: _Context) -> tuple[int, dict[str, Any]] | None:
    """(span start, payload) for one pattern match, or None when it is no date."""
    text, groups = ctx.text, m.groupdict()
    surface = _core_surface(text, m) if "pre" in groups else " ".join(m.group().split())
    if kind == "iso":
        date = safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        return (m.start(), {"iso": date.isoformat(), "surface": surface}) if date else None
    if kind == "numeric":
        year = full_year(groups["y"], ctx.article) if groups["y"] else None
        context = _NUMERIC_CONTEXT.search(text, max(0, m.start() - 12), m.start())
        if year is None and not groups["pre"] and not context:
            return None  # "1.2." without a year or a preposition is too often no date
        return _day_month(int(groups["d"]), int(groups["m"]), year, ctx, m, surface)
    if kind == "slash":
        a, b, year = int(groups["a"]), int(groups["b"]), int(groups["y"])
        # English writes month/day/year, German day/month/year; an impossible month decides.
        month_first = (ctx.lang == "en" and a <= 12) or b > 12
        month, day = (a, b) if month_first else (b, a)
        date = safe_date(year, month, day)
        return (m.start(), {"iso": date.isoformat(), "surface": surface}) if date else None
    if kind in ("day_month", "month_day"):
        year = int(groups["y"]) if groups.get("y") else None
        return _day_month(int(groups["d"]), MONTHS[groups["m"]], year, ctx, m, surface)
    if kind == "month_year":
        month, year = MONTHS[groups["m"]], int(groups["y"])
        return _span_start(m), {"iso": f"{year:04d}-{month:02d}", "surface": surface}
    if kind == "month":
        if ctx.lang == "en" and _DAY_AFTER.match(text, m.end()):
            return None
        mod = groups.get("mod") or groups.get("mod2")
        return _month(MONTHS[groups["m"]], ctx, _offset_of_mod(mod) if mod else None, m, surface)
    if kind == "year_range":
        return _year_range(m, ctx)
    if kind == "year":
        return _year(m, ctx, surface)
    if kind == "weekday":
        return _weekday_payload(m, ctx, surface)
    if kind == "relative":
        return _relative_payload(m, text, ctx.article)
    if kind == "relative_period":
        return _period_payload(m, ctx.article, surface)
    return None


def _unit_follows(text: str, end: int) -> bool:
    m = _UNIT_AFTER.match(text, end)
    return bool(m and m.group(1) in UNIT_WORDS)


def _year(m: re.Match[str], ctx: _Context, surface: str) -> tuple[int, dict[str, Any]] | None:
    if _unit_follows(ctx.text, m.end()):
        return None  # "in 2000 cases"
    year = m.group("y")
    if m.group("for") and not _near_article_year(int(year), ctx.article):
        return None  # "für 1800 Aktien"
    if m.group("pre"):
        return _span_start(m), {"iso": year, "surface": surface}
    return m.start("y"), {"iso": year, "surface": year}


def _near_article_year(year: int, article: datetime.date | None) -> bool:
    if article is None:
        return 1950 <= year <= 2100
    return abs(year - article.year) <= _FOR_YEAR_SPAN


def _year_range(m: re.Match[str], ctx: _Context) -> tuple[int, dict[str, Any]] | None:
    """ "zwischen 2019 und 2023", "from 2025 to 2030", "2023–2025", "2023/24" as one range."""
    opener = (m.group("open") or "").lower()
    sep = m.group("sep").strip().lower()
    if (sep in ("und", "and")) != (opener in ("zwischen", "between")):
        return None  # "2019 und 2023" alone are two years; "zwischen 2019 bis" no range
    if _unit_follows(ctx.text, m.end()):
        return None  # "zwischen 2000 und 3000 Euro" is a range of numbers
    low, second = int(m.group("y")), m.group("y2")
    high = low // 100 * 100 + int(second) if len(second) == 2 else int(second)
    if not low < high <= low + 100 or sep == "/" and high != low + 1:
        return None  # "2023/2021", or a slash that is no season
    surface = " ".join(ctx.text[m.start("y") : m.end()].split())
    return m.start(), {
        "iso": f"{low}/{high}",
        "surface": surface,
        "from": str(low),
        "to": str(high),
    }


def _weekday_payload(m: re.Match[str], ctx: _Context, surface: str) -> tuple[int, dict[str, Any]]:
    weekday = WEEKDAYS[m.group("wd")]
    offset = _offset_of_mod(m.group("mod")) if m.group("mod") else 0
    start = _span_start(m)
    payload: dict[str, Any] = {"surface": surface}
    if ctx.article is not None:
        direction = 0 if offset else ctx.direction(start, m.end())
        payload["iso"] = resolve_weekday(weekday, ctx.article, offset, direction).isoformat()
    else:
        payload["weekday"] = weekday
    return start, payload


def _relative_payload(
    m: re.Match[str], text: str, article: datetime.date | None
) -> tuple[int, dict[str, Any]] | None:
    word = m.group("w")
    if word == "Morgen" and text_end_before(text, m.start()) > 0:
        return None  # capitalised mid-sentence it is "the morning"
    if word == "morgen" and _MORNING_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "heute morgen": this morning, already tagged by "heute"
    days = RELATIVE_DAYS[word.lower()]
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
        if unit in ("woche", "week"):
            payload["period"] = "week"
    elif unit.startswith(("jahr", "year")):
        payload["iso"] = f"{article.year + offset:04d}"
    elif unit in ("woche", "week"):
        payload["iso"] = resolve_week(article, offset)
    else:
        index = article.year * 12 + article.month - 1 + offset
        payload["iso"] = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return start, payload


def find_dates(
    text: str, lang: str, article: datetime.date | None, words: frozenset[str] | None = None
) -> list[Span]:
    """Date spans in ``text`` (sentence offsets), overlaps resolved longest first.

    ``words`` are the sentence's word tokens, if already known; they only decide which
    patterns can match at all.
    """
    if words is None:
        words = frozenset(re.findall(r"\w+", text))
    gates = open_gates(text, words)
    if not any(gates.values()):
        return []
    ctx = _Context(text, lang, article)
    candidates: list[_Found] = []
    for kind, pattern, gate in GATED_PATTERNS:
        if not gates[gate] or kind == "month_day" and lang != "en":
            continue  # German never puts the day after the month
        for m in pattern.finditer(text):
            try:
                result = _match_payload(kind, m, ctx)
            except (ValueError, OverflowError):
                continue  # out-of-range years or unknown forms: no date
            if result is None:
                continue
            start, payload = result
            if m.end() > start:
                candidates.append(_Found(start, m.end(), payload))
    return [Span(c.start, c.end, "date", c.payload) for c in longest_first(candidates)]
