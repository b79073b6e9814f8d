"""Placing a date that leaves out its year (or its week) in time, given the article's date.

``direction`` says where the text points: +1 forward (future tense, deadlines: the first such
date on or after the article date), -1 backward (past tense: the last one on or before it),
0 neutral (the one nearest the article date, a later date counting four times as far, since
news mostly reports what happened). "Am 29. November" in an article of 2024-11-30 is
2024-11-29 in every direction but forward, where it is 2025-11-29.
"""

from __future__ import annotations

import datetime

__all__ = [
    "full_year",
    "resolve_day_month",
    "resolve_month",
    "resolve_week",
    "resolve_weekday",
    "safe_date",
]

# A date after the article date counts this many times as far when choosing its year.
_FUTURE_PENALTY = 4
# 29 February recurs within four years: the search looks that far in either direction.
_YEARS_AHEAD = 4


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _cost(delta_days: int) -> int:
    return delta_days if delta_days >= 0 else -delta_days * _FUTURE_PENALTY


def resolve_day_month(
    day: int, month: int, article: datetime.date, direction: int = 0
) -> datetime.date | None:
    """The date with this day and month that ``direction`` points to from the article date."""
    if direction > 0:
        for year in range(article.year, article.year + _YEARS_AHEAD + 1):
            candidate = safe_date(year, month, day)
            if candidate is not None and candidate >= article:
                return candidate
        return None
    if direction < 0:
        for year in range(article.year, article.year - _YEARS_AHEAD - 1, -1):
            candidate = safe_date(year, month, day)
            if candidate is not None and candidate <= article:
                return candidate
        return None
    best: tuple[int, datetime.date] | None = None
    for year in (article.year - 1, article.year, article.year + 1):
        candidate = safe_date(year, month, day)
        if candidate is None:
            continue
        cost = _cost((article - candidate).days)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def resolve_month(
    month: int, article: datetime.date, offset: int | None, direction: int = 0
) -> tuple[int, int]:
    """(year, month) for a month named without a year ("im November").

    ``offset`` comes from the words of the date itself ("last", "next": strictly before or
    after the article's month); ``direction`` from the sentence (the article's month counts).
    """
    here = article.year * 12 + article.month - 1
    options = []
    for year in (article.year - 1, article.year, article.year + 1):
        delta = here - (year * 12 + month - 1)
        if offset == -1 and delta <= 0 or offset == 1 and delta >= 0:
            continue
        if not offset and (direction > 0 and delta > 0 or direction < 0 and delta < 0):
            continue
        options.append((delta if delta >= 0 else -delta * _FUTURE_PENALTY, year))
    if not options:
        return article.year, month
    return min(options)[1], month


def resolve_weekday(
    weekday: int, article: datetime.date, offset: int, direction: int = 0
) -> datetime.date:
    """The weekday's date: "last"/"next" skip the article's own day, tense does not."""
    back = (article.weekday() - weekday) % 7
    forward = (weekday - article.weekday()) % 7
    if offset == -1:
        return article - datetime.timedelta(days=back or 7)
    if offset == 1:
        return article + datetime.timedelta(days=forward or 7)
    if direction > 0:
        return article + datetime.timedelta(days=forward)
    return article - datetime.timedelta(days=back)


def resolve_week(article: datetime.date, offset: int) -> str:
    """ISO week ("2025-W10") ``offset`` weeks from the article's week."""
    year, week, _ = (article + datetime.timedelta(weeks=offset)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def full_year(text: str, article: datetime.date | None) -> int:
    """A year written with two digits ("24") in the century that puts it near the article."""
    year = int(text)
    if len(text) == 2:
        pivot = (article.year % 100 + 1) if article else 30
        year += 2000 if year <= pivot else 1900
    return year
