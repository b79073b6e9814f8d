"""The desk's statistics page: each figure as an SVG chart with its numbers as a table beside
it and a CSV download of the same table. The figures come from ``selectors.desk_stats``."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from annotations.exports.csv import neutralise
from annotations.models import Verdict
from annotations.selectors.desk_stats import get_desk_stats
from annotations.selectors.members import list_memberships

from .charts import Series, bar_chart, series_class
from .strings import JS_STRINGS


@dataclass(slots=True)
class Card:
    key: str
    title: str
    note: str
    columns: list[str]
    rows: list[list[Any]]
    svg: str = ""
    legend: list[tuple[str, str]] | None = None

    def chart(self, labels: list[str], series: list[Series], **options: Any) -> None:
        self.svg = bar_chart(labels, series, title=self.title, **options)
        self.legend = [(s.label, series_class(s, lane)) for lane, s in enumerate(series)]


def _estimate(value: dict | None) -> str:
    if value is None:
        return "–"
    return f"{value['value']:.2f} ({value['low']:.2f}–{value['high']:.2f})"


def _verdict_card(stats: dict) -> Card:
    rows = stats["verdict_mix"]
    names = [(v, str(label)) for v, label in Verdict.choices]
    card = Card(
        "verdicts", _("Verdicts per week"), _("By the week of the first save."),
        [_("Week"), *[label for _v, label in names], _("Total")],
        [[r["week"], *[r[v] for v, _l in names], r["total"]] for r in rows],
    )  # fmt: skip
    series = [Series(label, [r[v] for r in rows], css=f"c-{v}") for v, label in names]
    card.chart([r["week"] for r in rows], series, stacked=True)
    return card


def _articles_card(stats: dict) -> Card:
    rows = stats["articles_per_week"]
    ready = stats["import_to_ready"]
    note = _("Ready articles: %(n)s; import to ready: median %(median)s h, mean %(mean)s h.") % {
        "n": ready["articles"],
        "median": ready["median_hours"] if ready["median_hours"] is not None else "–",
        "mean": ready["mean_hours"] if ready["mean_hours"] is not None else "–",
    }
    card = Card(
        "articles", _("Articles imported and ready per week"), note,
        [_("Week"), _("Imported"), _("Ready")],
        [[r["week"], r["imported"], r["ready"]] for r in rows],
    )  # fmt: skip
    series = [
        Series(_("Imported"), [r["imported"] for r in rows]),
        Series(_("Ready"), [r["ready"] for r in rows]),
    ]
    card.chart([r["week"] for r in rows], series)
    return card


def _turnaround_card(stats: dict) -> Card:
    rows = stats["review_turnaround"]
    card = Card(
        "turnaround", _("Review turnaround"), _("Mean hours from submission to review."),
        [_("Week"), _("Reviewed"), _("Mean hours")],
        [[r["week"], r["reviewed"], r["mean_hours"]] for r in rows],
    )  # fmt: skip
    series = [Series(_("Mean hours"), [r["mean_hours"] for r in rows])]
    card.chart([r["week"] for r in rows], series)
    return card


def _editors_card(stats: dict) -> Card:
    rows = stats["editor_throughput"]
    card = Card(
        "editors", _("Verdicts per editor"), _("Verdicts each editor saved first."),
        [_("Editor"), _("Verdicts"), _("Approved"), _("Changes requested")],
        [[r["editor"], r["verdicts"], r["approved"], r["changes_requested"]] for r in rows],
    )  # fmt: skip
    series = [
        Series(_("Verdicts"), [r["verdicts"] for r in rows]),
        Series(_("Approved"), [r["approved"] for r in rows]),
        Series(_("Changes requested"), [r["changes_requested"] for r in rows]),
    ]
    card.chart([r["editor"] for r in rows], series)
    return card


def _changes_card(stats: dict) -> Card:
    rows = stats["changes_requested"]
    card = Card(
        "changes", _("Changes requested"), _("Share of reviews that asked for changes."),
        [_("Week"), _("Reviews"), _("Changes requested"), _("Rate")],
        [[r["week"], r["reviews"], r["changes_requested"], r["rate"]] for r in rows],
    )  # fmt: skip
    series = [Series(_("Rate"), [r["rate"] for r in rows])]
    card.chart([r["week"] for r in rows], series, top=1, percent=True)
    return card


def _pretag_card(stats: dict) -> Card:
    rows = stats["pretag_versions"]
    card = Card(
        "pretag", _("Pre-tagger versions side by side"),
        # xgettext:no-python-format
        _("Precision, recall and F1 with 95 % intervals, from verdicts and dismissals."),
        [_("Tagger version"), _("Flagged"), _("Confirmed"), _("Dismissed"), _("Missed"),
         _("Precision"), _("Recall"), _("F1")],
        [[r["tagger_version"], r["flagged"], r["confirmed"], r["dismissed"], r["missed"],
          _estimate(r["precision"]), _estimate(r["recall"]), _estimate(r["f1"])] for r in rows],
    )  # fmt: skip

    def values(name: str) -> Series:
        picked = [r[name] for r in rows]
        return Series(
            {"precision": _("Precision"), "recall": _("Recall"), "f1": _("F1")}[name],
            [p["value"] if p else None for p in picked],
            [(p["low"], p["high"]) if p else None for p in picked],
        )

    labels = [r["tagger_version"] for r in rows]
    series = [values("precision"), values("recall"), values("f1")]
    card.chart(labels, series, top=1, percent=True)
    return card


BUILDERS = (
    _verdict_card, _articles_card, _turnaround_card, _editors_card, _changes_card, _pretag_card,
)  # fmt: skip


def desk_cards(stats: dict) -> list[Card]:
    return [build(stats) for build in BUILDERS]


def _newsroom_id(request: HttpRequest) -> tuple[int, list]:
    """The newsroom asked for with ``?newsroom=`` (404 unless a member), else the first one."""
    memberships = list(list_memberships(user=request.user))
    if not memberships:
        raise Http404
    wanted = request.GET.get("newsroom", "")
    if not wanted:
        return memberships[0].newsroom_id, memberships
    for membership in memberships:
        if str(membership.newsroom_id) == wanted:
            return membership.newsroom_id, memberships
    raise Http404


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    newsroom_id, memberships = _newsroom_id(request)
    cards = desk_cards(get_desk_stats(newsroom_id=newsroom_id))
    for card in cards:
        card.svg = mark_safe(card.svg)  # built by charts.py, which escapes every text
    return render(
        request,
        "web/stats.html",
        {
            "cards": cards,
            "newsroom_id": newsroom_id,
            "memberships": memberships,
            "js_strings": JS_STRINGS,
        },
    )


def _cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else ("" if value is None else value)


@login_required
def stats_csv(request: HttpRequest, key: str) -> HttpResponse:
    newsroom_id, _memberships = _newsroom_id(request)
    card = next(
        (c for c in desk_cards(get_desk_stats(newsroom_id=newsroom_id)) if c.key == key), None
    )
    if card is None:
        raise Http404
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(card.columns)
    writer.writerows([[_cell(v) for v in row] for row in card.rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="desk-{key}-{newsroom_id}.csv"'
    return response
