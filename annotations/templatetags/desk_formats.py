"""``{{ date|desk_date:newsroom }}``, ``{{ when|desk_datetime:newsroom }}`` and
``{% desk_number value newsroom 2 %}``: dates and numbers as the newsroom writes them."""

from typing import Any

from django import template

from annotations.formats import format_date, format_number

register = template.Library()


def _style(newsroom: Any, field: str) -> str:
    return getattr(newsroom, field, "") or "language"


@register.filter
def desk_date(value: Any, newsroom: Any) -> str:
    return format_date(value, _style(newsroom, "date_format"))


@register.filter
def desk_datetime(value: Any, newsroom: Any) -> str:
    return format_date(value, _style(newsroom, "date_format"), with_time=True)


@register.simple_tag
def desk_number(value: Any, newsroom: Any, decimals: int | None = None) -> str:
    return format_number(value, _style(newsroom, "number_format"), decimals=decimals)
