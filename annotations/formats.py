"""Dates and numbers as a newsroom writes them (its ``date_format`` / ``number_format``), so an
English interface of a European desk shows 30.11.2024, not 11/30/2024. "language" leaves it to
the interface language, as Django's localisation does."""

import datetime
from decimal import Decimal

from django.utils import dateformat, formats
from django.utils.timezone import is_aware, localtime

from annotations.models import DateStyle, NumberStyle

# Django date-format strings; months by name come out in the interface language ("Nov", "Nov.").
DATE_PATTERNS: dict[str, str] = {
    DateStyle.DMY_NUMERIC: "d.m.Y",
    DateStyle.D_MON_YYYY: "j M Y",
    DateStyle.ISO: "Y-m-d",
    DateStyle.DMY_SLASH: "d/m/Y",
    DateStyle.MDY_SLASH: "m/d/Y",
}
# Thousands separator, decimal mark.
NUMBER_MARKS: dict[str, tuple[str, str]] = {
    NumberStyle.DOT_COMMA: (".", ","),
    NumberStyle.COMMA_DOT: (",", "."),
    NumberStyle.SPACE_COMMA: ("\u202f", ","),
    NumberStyle.PLAIN_DOT: ("", "."),
}


def format_date(value: datetime.date | None, style: str, *, with_time: bool = False) -> str:
    """``value`` in the newsroom's date style (and 24-hour time); "" for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and is_aware(value):
        value = localtime(value)
    pattern = DATE_PATTERNS.get(style)
    if pattern is None:
        name = "SHORT_DATETIME_FORMAT" if with_time else "SHORT_DATE_FORMAT"
        return formats.date_format(value, name)
    if with_time and isinstance(value, datetime.datetime):
        pattern += " H:i"
    return dateformat.format(value, pattern)


def format_number(
    value: int | float | Decimal | None, style: str, *, decimals: int | None = None
) -> str:
    """``value`` with the newsroom's separators, rounded to ``decimals`` places when given."""
    if value is None or value == "":
        return ""
    marks = NUMBER_MARKS.get(style)
    if marks is None:
        return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
    thousands, decimal_mark = marks
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}"
    whole, _dot, fraction = text.partition(".")
    whole = whole.replace(",", thousands)
    return f"{whole}{decimal_mark}{fraction}" if fraction else whole
