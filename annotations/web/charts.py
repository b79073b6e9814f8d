"""Server-rendered SVG bar charts: no script, no inline style, so the strict CSP holds.

Colours come from CSS classes (``c-0`` … ``c-5`` in desk.css); every bar carries a ``<title>``
with its number for hover and screen readers, and the page shows the same numbers as a table.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 42


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: Sequence[float | None]
    # Optional (low, high) per value: drawn as a whisker over the bar.
    intervals: Sequence[tuple[float, float] | None] | None = None
    css: str = ""  # the colour class; default c-<lane>


def series_class(item: Series, lane: int) -> str:
    return item.css or f"c-{lane % 6}"


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f} %"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _short(label: str) -> str:
    """A week's Monday (YYYY-MM-DD) as MM-DD; other labels cut to ten characters."""
    if len(label) == 10 and label[4] == "-" and label[7] == "-":
        return label[5:]
    return label[:10]


def _top(series: Sequence[Series], stacked: bool, fixed: float | None) -> float:
    if fixed is not None:
        return fixed
    if stacked:
        columns = zip(*(s.values for s in series), strict=True)
        highest = max((sum(v or 0 for v in column) for column in columns), default=0)
    else:
        highest = max((v or 0 for s in series for v in s.values), default=0)
    return highest or 1


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    stacked: bool = False,
    top: float | None = None,
    percent: bool = False,
) -> str:
    """An SVG of bars per label (grouped, or stacked), a baseline and the top value as scale."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = _top(series, stacked, top)
    slot = plot_w / max(len(labels), 1)
    lanes = 1 if stacked else max(len(series), 1)
    bar_w = max(slot * 0.8 / lanes, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}" stroke="currentColor"/>',
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" '
        f'stroke="currentColor"/>',
        f'<text class="chart-label" x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end">'
        f"{escape(_number(highest, percent))}</text>",
        f'<text class="chart-label" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for index, label in enumerate(labels):
        x0 = LEFT + index * slot + slot * 0.1
        base: float = TOP + plot_h
        for lane, item in enumerate(series):
            value = item.values[index]
            if value is None:
                continue
            height = plot_h * min(value / highest, 1.0)
            x = x0 if stacked else x0 + lane * bar_w
            y = base - height
            tip = f"{label} · {item.label}: {_number(value, percent)}"
            parts.append(
                f'<rect class="{series_class(item, lane)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{height:.1f}"><title>{escape(tip)}</title></rect>'
            )
            interval = item.intervals[index] if item.intervals else None
            if interval is not None:
                low_y = TOP + plot_h * (1 - min(interval[0] / highest, 1.0))
                high_y = TOP + plot_h * (1 - min(interval[1] / highest, 1.0))
                mid = x + bar_w / 2
                parts.append(
                    f'<line class="chart-whisker" x1="{mid:.1f}" y1="{low_y:.1f}" '
                    f'x2="{mid:.1f}" y2="{high_y:.1f}" stroke="currentColor"/>'
                )
            if stacked:
                base = y
        if len(labels) <= 12 or index % max(len(labels) // 8, 1) == 0:
            parts.append(
                f'<text class="chart-label" x="{LEFT + index * slot + slot / 2:.1f}" '
                f'y="{HEIGHT - BOTTOM + 14}" text-anchor="middle">{escape(_short(label))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
