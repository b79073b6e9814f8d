"""Titles, rationales and comments as the pages show them: escaped, their invisible and
look-alike characters shown as ``⟨U+…⟩`` (``annotations.web.reveal``).

``{% revealed text %}`` or ``{% revealed text 60 %}``: the text (cut to 60 characters) and the
warning after it; ``{{ text|reveal_markup:60 }}`` and ``{{ text|reveal_warning }}`` apart, where
the warning belongs outside a link."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from annotations.web.reveal import reveal, warning_for

register = template.Library()


@register.filter
def reveal_markup(text: str, limit: int | None = None) -> SafeString:
    return reveal(text, limit=limit).markup


@register.filter
def reveal_warning(text: str) -> str:
    return warning_for(text or "")


@register.simple_tag
def revealed(text: str, limit: int | None = None) -> SafeString:
    shown = reveal(text, limit=limit)
    if not shown.warning:
        return shown.markup
    return format_html(
        '{}<span class="reveal-warning" role="note" data-reveal-warning>{}</span>',
        shown.markup,
        shown.warning,
    )
