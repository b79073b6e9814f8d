"""The desk's statistics page: each figure as an SVG chart with its numbers as a table beside
it and a CSV download of the same table. The figures come from ``selectors.desk_stats``."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annotations.exports.csv import neutralise
from annotations.models import Verdict
from annotations.selectors.desk_stats import get_desk_stats
from annotations.selectors.members import list_memberships

from .charts import Series, bar_chart, series_class
from .strings import JS_STRINGS

StrOrPromise = str | Promise


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


Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a card's table: its header and how a figure's row fills it."""

    header: StrOrPromise
    value: Callable[[Row], Any]


@dataclass(frozen=True, slots=True)
class Plot:
    """One series of a card's chart; ``interval`` gives a row's (low, high) whisker."""

    label: StrOrPromise
    value: Callable[[Row], Any]
    interval: Callable[[Row], tuple[float, float] | None] | None = None
    css: str = ""


@dataclass(frozen=True, slots=True)
class CardSpec:
    """A card of the page: which figure of the statistics it shows (``figure``, a key of
    ``get_desk_stats``), its table's columns and its chart's series and bar labels."""

    key: str
    title: StrOrPromise
    figure: str
    label: Callable[[Row], str]
    columns: tuple[Column, ...]
    plots: tuple[Plot, ...]
    note: StrOrPromise = ""
    note_of: Callable[[dict], str] | None = None  # a note worked out from the statistics
    chart: dict[str, Any] = field(default_factory=dict)  # bar_chart's options


def build_card(spec: CardSpec, stats: dict) -> Card:
    rows = stats[spec.figure]
    card = Card(
        spec.key,
        str(spec.title),
        spec.note_of(stats) if spec.note_of is not None else str(spec.note),
        [str(column.header) for column in spec.columns],
        [[column.value(row) for column in spec.columns] for row in rows],
    )
    series = [
        Series(
            str(plot.label),
            [plot.value(row) for row in rows],
            [plot.interval(row) for row in rows] if plot.interval is not None else None,
            css=plot.css,
        )
        for plot in spec.plots
    ]
    card.chart([spec.label(row) for row in rows], series, **spec.chart)
    return card


def _key(name: str) -> Callable[[Row], Any]:
    return itemgetter(name)


Estimate = Callable[[Row], dict | None]


def _value_of(estimate: Estimate) -> Callable[[Row], float | None]:
    """The value of a row's estimate (precision, an acceptance rate), None while it has none."""

    def value(row: Row) -> float | None:
        found = estimate(row)
        return None if found is None else found["value"]

    return value


def _interval_of(estimate: Estimate) -> Callable[[Row], tuple[float, float] | None]:
    def interval(row: Row) -> tuple[float, float] | None:
        found = estimate(row)
        return None if found is None else (found["low"], found["high"])

    return interval


def _shown(estimate: Estimate) -> Callable[[Row], str]:
    """An estimate as the table shows it: value (low–high)."""
    return lambda row: _estimate(estimate(row))


def _rate(group: str) -> Callable[[Row], dict | None]:
    """The acceptance rate of a version's speakers or dates."""
    return lambda row: row[group]["rate"]


def _ready_note(stats: dict) -> str:
    ready = stats["import_to_ready"]
    return _("Ready articles: %(n)s; import to ready: median %(median)s h, mean %(mean)s h.") % {
        "n": ready["articles"],
        "median": ready["median_hours"] if ready["median_hours"] is not None else "–",
        "mean": ready["mean_hours"] if ready["mean_hours"] is not None else "–",
    }


WEEK = Column(gettext_lazy("Week"), _key("week"))
ESTIMATES = (
    ("precision", gettext_lazy("Precision")),
    ("recall", gettext_lazy("Recall")),
    ("f1", gettext_lazy("F1")),
)

CARDS = (
    CardSpec(
        "verdicts", gettext_lazy("Verdicts per week"), "verdict_mix", _key("week"),
        (WEEK, *[Column(label, _key(v)) for v, label in Verdict.choices],
         Column(gettext_lazy("Total"), _key("total"))),
        tuple(Plot(label, _key(v), css=f"c-{v}") for v, label in Verdict.choices),
        note=gettext_lazy("By the week of the first save."), chart={"stacked": True},
    ),
    CardSpec(
        "articles", gettext_lazy("Articles imported and ready per week"), "articles_per_week",
        _key("week"),
        (WEEK, Column(gettext_lazy("Imported"), _key("imported")),
         Column(gettext_lazy("Ready"), _key("ready"))),
        (Plot(gettext_lazy("Imported"), _key("imported")),
         Plot(gettext_lazy("Ready"), _key("ready"))),
        note_of=_ready_note,
    ),
    CardSpec(
        "turnaround", gettext_lazy("Review turnaround"), "review_turnaround", _key("week"),
        (WEEK, Column(gettext_lazy("Reviewed"), _key("reviewed")),
         Column(gettext_lazy("Mean hours"), _key("mean_hours"))),
        (Plot(gettext_lazy("Mean hours"), _key("mean_hours")),),
        note=gettext_lazy("Mean hours from submission to review."),
    ),
    CardSpec(
        "editors", gettext_lazy("Verdicts per editor"), "editor_throughput", _key("editor"),
        (Column(gettext_lazy("Editor"), _key("editor")),
         Column(gettext_lazy("Verdicts"), _key("verdicts")),
         Column(gettext_lazy("Approved"), _key("approved")),
         Column(gettext_lazy("Changes requested"), _key("changes_requested"))),
        (Plot(gettext_lazy("Verdicts"), _key("verdicts")),
         Plot(gettext_lazy("Approved"), _key("approved")),
         Plot(gettext_lazy("Changes requested"), _key("changes_requested"))),
        note=gettext_lazy("Verdicts each editor saved first."),
    ),
    CardSpec(
        "changes", gettext_lazy("Changes requested"), "changes_requested", _key("week"),
        (WEEK, Column(gettext_lazy("Reviews"), _key("reviews")),
         Column(gettext_lazy("Changes requested"), _key("changes_requested")),
         Column(gettext_lazy("Rate"), _key("rate"))),
        (Plot(gettext_lazy("Rate"), _key("rate")),),
        note=gettext_lazy("Share of reviews that asked for changes."),
        chart={"top": 1, "percent": True},
    ),
    CardSpec(
        "pretag", gettext_lazy("Pre-tagger versions side by side"), "pretag_versions",
        _key("tagger_version"),
        (Column(gettext_lazy("Tagger version"), _key("tagger_version")),
         Column(gettext_lazy("Flagged"), _key("flagged")),
         Column(gettext_lazy("Confirmed"), _key("confirmed")),
         Column(gettext_lazy("Dismissed"), _key("dismissed")),
         Column(gettext_lazy("Missed"), _key("missed")),
         *[Column(label, _shown(itemgetter(name))) for name, label in ESTIMATES]),
        tuple(
            Plot(label, _value_of(itemgetter(name)), _interval_of(itemgetter(name)))
            for name, label in ESTIMATES
        ),
        note=gettext_lazy(
            # xgettext:no-python-format
            "Precision, recall and F1 with 95 % intervals, from verdicts and dismissals."
        ),
        chart={"top": 1, "percent": True},
    ),
    CardSpec(
        "acceptance", gettext_lazy("Speakers and dates the desk accepted"), "pretag_versions",
        _key("tagger_version"),
        (Column(gettext_lazy("Tagger version"), _key("tagger_version")),
         Column(gettext_lazy("Speakers"), lambda row: row["speakers"]["tags"]),
         Column(gettext_lazy("Speakers accepted"), lambda row: row["speakers"]["accepted"]),
         Column(gettext_lazy("Speaker acceptance"), _shown(_rate("speakers"))),
         Column(gettext_lazy("Dates"), lambda row: row["dates"]["tags"]),
         Column(gettext_lazy("Dates accepted"), lambda row: row["dates"]["accepted"]),
         Column(gettext_lazy("Date acceptance"), _shown(_rate("dates")))),
        (Plot(gettext_lazy("Speaker acceptance"), _value_of(_rate("speakers")),
              _interval_of(_rate("speakers"))),
         Plot(gettext_lazy("Date acceptance"), _value_of(_rate("dates")),
              _interval_of(_rate("dates")))),
        note=gettext_lazy(
            # xgettext:no-python-format
            "On the sentences the desk gave a verdict or dismissed: the share of pre-tagged "
            "speakers and sources, and of dates, that no editor corrected, with 95 % intervals."
        ),
        chart={"top": 1, "percent": True},
    ),
)  # fmt: skip


def desk_cards(stats: dict) -> list[Card]:
    return [build_card(spec, stats) for spec in CARDS]


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
