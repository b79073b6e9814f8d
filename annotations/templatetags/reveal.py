"""Titles, rationales and comments as the pages show them: escaped, their invisible and
look-alike characters shown as ``⟨U+…⟩`` (``annotations.web.reveal``).

``{% revealed text %}`` or ``{% revealed text 60 %}``: the text (cut to 60 characters) and the
warning after it; ``{{ text|reveal_markup:60 }}`` and ``{% reveal_note text %}`` (the warning,
or nothing) apart, where the warning belongs outside a link; ``{{ text|reveal_warning }}`` the
warning's words alone; ``{{ text|reveal_text:80 }}`` plain text with ``⟨U+…⟩``, for an
``<option>`` or the page's ``<title>``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from annotations.web.reveal import reveal, reveal_text, warning_for

register = template.Library()


@register.filter
def reveal_markup(text: str, limit: int | None = None) -> SafeString:
    return reveal(text, limit=limit).markup


@register.filter
def reveal_warning(text: str) -> str:
    return warning_for(text or "")


@register.filter(name="reveal_text")
def reveal_plain(text: str, limit: int | None = None) -> str:
    return reveal_text(text, limit=limit)


@register.simple_tag
def revealed(text: str, limit: int | None = None) -> SafeString:
    shown = reveal(text, limit=limit)
    return format_html("{}{}", shown.markup, _note(shown.warning))


@register.simple_tag
def reveal_note(text: str) -> SafeString:
    return _note(warning_for(text or ""))


def _note(warning: str) -> SafeString:
    if not warning:
        return SafeString("")
    return format_html(
        '<span class="reveal-warning" role="note" data-reveal-warning>{}</span>', warning
    )
