"""The article text as the workspace's listbox markup, built in Python for speed.

A 2,000-sentence article has tens of thousands of pieces; the template language takes seconds
for that, plain string joins a few milliseconds. Every piece of article or user text goes through
``escape``; class names and ids come from fixed sets and integers only.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from annotations.models import REVIEW_STATE_VALUES, VERDICT_VALUES, ReviewState, Verdict

from .presenters import Paragraph

BAND_ICONS = {"high": "▲▲", "medium": "▲", "low": "△"}
# Review states the text marks (a draft is not marked: it is the verdict itself).
MARKED_STATES = (ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED)


def _labels() -> dict[str, str]:
    """Every screen-reader label a sentence can get, translated once per page."""
    verdicts = {"": _("no verdict"), **{value: str(label) for value, label in Verdict.choices}}
    bands = {"high": _("high"), "medium": _("medium"), "low": _("low")}
    worthy = _("check-worthy")
    labels = {}
    for verdict, verdict_label in verdicts.items():
        labels[verdict] = escape(verdict_label)
        for band, band_label in bands.items():
            labels[f"{verdict}/{band}"] = escape(f"{verdict_label}, {worthy} ({band_label})")
    for state, state_label in ReviewState.choices:
        labels[f"state:{state}"] = escape(f"{state_label}, ")
    labels["recheck"] = escape(_("needs re-check") + ", ")
    labels["warning"] = escape(_("pre-tagger warning"))
    return labels


def _review_label(sentence, labels: dict[str, str]) -> str:
    state = sentence.review_state if sentence.review_state in MARKED_STATES else ""
    text = (labels[f"state:{state}"] if state else "") + (
        labels["recheck"] if sentence.recheck else ""
    )
    return f'<span class="rlabel visually-hidden">{text}</span>'


def _sentence(sentence, labels: dict[str, str]) -> str:
    verdict = sentence.verdict if sentence.verdict in VERDICT_VALUES else ""
    band = sentence.band if sentence.band in BAND_ICONS else ""
    state = sentence.review_state if sentence.review_state in REVIEW_STATE_VALUES else ""
    classes = f"sentence v-{verdict or 'open'}"
    if sentence.heading:
        classes += " is-heading"
    if band:
        classes += f" cw-{band}"
    if state in MARKED_STATES:
        classes += f" rs-{state}"
    if sentence.recheck:
        classes += " needs-recheck"
    warnings = getattr(sentence, "warnings", [])
    if warnings:
        classes += " has-warning"
    label = labels[f"{verdict}/{band}" if band else verdict]
    pieces = "".join(
        f'<span class="sp {piece.css}">{escape(piece.text)}</span>'
        if piece.kinds
        else escape(piece.text)
        for piece in sentence.pieces
    )
    badge = f'<span class="cw-badge" aria-hidden="true">{BAND_ICONS[band]}</span>' if band else ""
    if warnings:
        title = escape("; ".join(warnings))
        badge += (
            f'<span class="warn-mark" title="{title}" aria-hidden="true">!</span>'
            f'<span class="visually-hidden"> ({labels["warning"]})</span>'
        )
    pk = int(sentence.pk)
    # data-sentence-id, data-verdict and data-review-state are hooks outside checks rely on:
    # keep their names; workspace.js keeps them current.
    return (
        f'<span class="{classes}" role="option" id="s-{pk}" data-id="{pk}" '
        f'data-sentence-id="{pk}" data-verdict="{verdict}" data-review-state="{state}" '
        'aria-selected="false">'
        '<span class="vmark" aria-hidden="true"></span><span class="rmark" aria-hidden="true">'
        f'</span><span class="vlabel visually-hidden">{label}: </span>'
        f"{_review_label(sentence, labels)}{pieces}{badge}</span> "
    )


def article_markup(paragraphs: list[Paragraph]) -> SafeString:
    """Paragraph groups of sentence options; see ``presenters.decorate`` for the attributes."""
    labels = _labels()
    heading = _("Heading")
    out = []
    for paragraph in paragraphs:
        if paragraph.heading:
            out.append(
                f'<div class="para para-heading" role="group" aria-label="{escape(heading)}">'
            )
        else:
            name = _("Paragraph %(n)s") % {"n": paragraph.number + 1}
            out.append(f'<div class="para" role="group" aria-label="{escape(name)}">')
        out.extend(_sentence(s, labels) for s in paragraph.sentences)
        out.append("</div>")
    return mark_safe("".join(out))
