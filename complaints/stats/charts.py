"""Geometry of the server-rendered SVG charts (pure: the templates only draw what this says).

No JavaScript and no CDN: a chart is an <svg> with a <title>, and every chart has its table
beside it for screen readers and for copying the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

PALETTE_SIZE = 8  # .s0 … .s7 in static/charts.css
FONT_PX = 13  # svg.chart font-size in static/charts.css


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: float
    text: str          # what is written after the bar ("12", "83% (5/6)")
    short: str         # the label as drawn: cut to the label column, the whole one in <title>
    y: float
    width: float
    css: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    row: int
    bars: list[Bar]


def bar_chart(items: list[tuple], *, max_value: float | None = None, width: int = 460,
              label_width: int = 170, row: int = 30) -> BarChart:
    """Horizontal bars. items: (key, label, value, text[, css]); bars scale to max_value (the
    largest value when None), leaving room for the text after the longest bar."""
    top = max_value if max_value is not None else max((i[2] for i in items), default=0)
    room = width - label_width - 80
    bars = []
    for index, item in enumerate(items):
        key, label, value, text = item[:4]
        css = item[4] if len(item) > 4 else f"s{index % PALETTE_SIZE}"
        bar_width = room * value / top if top else 0
        bars.append(Bar(key, label, value, text, fitted(str(label), label_width - 8),
                        index * row, round(bar_width, 1), css))
    return BarChart(width, max(row * len(items), row), label_width, row, bars)


def text_px(text: str) -> float:
    """Rough drawn width: a Chinese character is one em wide, Latin letters and digits ~0.6."""
    return sum(FONT_PX if ord(ch) > 0x2E7F else FONT_PX * 0.6 for ch in text)


def fitted(label: str, width: float) -> str:
    """`label`, or its start with "…" so that it fits `width` pixels."""
    if text_px(label) <= width:
        return label
    while label and text_px(label) + FONT_PX > width:
        label = label[:-1]
    return label + "…"


@dataclass(frozen=True)
class Series:
    label: str
    points: str        # the SVG polyline's "x,y x,y …"
    dots: list[tuple[float, float, int]]
    total: int
    css: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    series: list[Series]


def nice_top(value: int) -> int:
    """The smallest of 4, 8, 20 × 10ⁿ at or above value: four ticks of whole round numbers."""
    step = 1
    while True:
        for multiple in (4, 8, 20):
            if multiple * step >= value:
                return multiple * step
        step *= 10


def line_chart(x_labels: list[str], series: list[tuple[str, list[int]]], *, width: int = 720,
               height: int = 260, left: int = 40, bottom: int = 30, right: int = 30) -> LineChart:
    """One line per series over the x labels (months), y from 0 to a round top."""
    top = nice_top(max((v for _, values in series for v in values), default=0))
    plot_w, plot_h = width - left - right, height - bottom - 10
    step = plot_w / max(len(x_labels) - 1, 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return round(left + i * step, 1), round(10 + plot_h * (1 - v / top), 1)

    lines = []
    for index, (label, values) in enumerate(series):
        dots = [(*xy(i, v), v) for i, v in enumerate(values)]
        lines.append(Series(label, " ".join(f"{x},{y}" for x, y, _ in dots), dots, sum(values),
                            f"s{index % PALETTE_SIZE}"))
    ticks = [(xy(0, top * k // 4)[1], top * k // 4) for k in range(5)]
    labels = [(xy(i, 0)[0], text) for i, text in enumerate(x_labels)]
    return LineChart(width, height, left, bottom, labels, ticks, lines)
