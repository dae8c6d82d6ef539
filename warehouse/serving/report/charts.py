"""Charts as inline SVG, drawn in Python.

Each chart is one ``<svg class="chart">``; every data point is a mark
(``<rect>`` or ``<circle>`` with class ``mark``) carrying ``data-series``,
``data-label`` and ``data-value``, so the page needs no JavaScript, prints as is,
and a test can read back exactly what was drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096")
WIDTH = 640
HEIGHT = 280
FONT = "font-family='system-ui, sans-serif' font-size='11'"


@dataclass(frozen=True)
class Point:
    label: str
    value: float


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


def format_value(value: float | None, fmt: str) -> str:
    if value is None:
        return "–"
    if fmt == "percent":
        return f"{value * 100:.1f}%"
    if fmt == "days":
        return f"{value:,.1f} d"
    if fmt == "currency":
        return f"R$ {value:,.2f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def series_from_rows(
    records: list[dict[str, Any]], x: str, ys: tuple[str, ...], breakout: str | None = None
) -> list[Series]:
    """One series per y column, or per value of ``breakout`` (in order of first
    appearance); rows whose value is null are left out of that series."""
    if breakout:
        groups: dict[str, list[Point]] = {}
        for record in records:
            if record[ys[0]] is not None:
                groups.setdefault(str(record[breakout]), []).append(
                    Point(label=str(record[x]), value=float(record[ys[0]]))
                )
        return [Series(name=name, points=tuple(points)) for name, points in groups.items()]
    result = []
    for y in ys:
        points = tuple(
            Point(label=str(record[x]), value=float(record[y]))
            for record in records
            if record[y] is not None
        )
        result.append(Series(name=y, points=points))
    return result


def _labels(series: list[Series]) -> list[str]:
    return list(dict.fromkeys(p.label for s in series for p in s.points))


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exponent >= value:
            return step * exponent
    return 10 * exponent


def _svg(chart_id: str, kind: str, body: list[str], height: int = HEIGHT) -> str:
    return (
        f"<svg class='chart' data-chart='{escape(chart_id)}' data-kind='{kind}' "
        f"xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' "
        f"width='{WIDTH}' height='{height}' role='img'>" + "".join(body) + "</svg>"
    )


def _mark_attrs(series: Series, point: Point, fmt: str) -> str:
    return (
        f"class='mark' data-series='{escape(series.name)}' data-label='{escape(point.label)}' "
        f"data-value='{point.value!r}'"
    )


def _title(series: Series, point: Point, fmt: str) -> str:
    text = f"{point.label} – {series.name}: {format_value(point.value, fmt)}"
    return f"<title>{escape(text)}</title>"


def _legend(series: list[Series], x0: int) -> list[str]:
    if len(series) < 2:
        return []
    parts = []
    for index, one in enumerate(series):
        x = x0 + index * 110
        color = PALETTE[index % len(PALETTE)]
        name = one.name if len(one.name) <= 14 else one.name[:13] + "…"
        parts.append(
            f"<rect x='{x}' y='6' width='10' height='10' fill='{color}'/>"
            f"<text x='{x + 14}' y='15' {FONT}>{escape(name)}</text>"
        )
    return parts


def _value_axis(top: float, fmt: str, x0: int, x1: int, y0: int, y1: int) -> list[str]:
    parts = []
    for tick in range(5):
        value = top * tick / 4
        y = y1 - (y1 - y0) * tick / 4
        parts.append(
            f"<line x1='{x0}' x2='{x1}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e2e8f0'/>"
            f"<text x='{x0 - 6}' y='{y + 4:.1f}' text-anchor='end' {FONT} fill='#4a5568'>"
            f"{format_value(value, fmt)}</text>"
        )
    return parts


def _category_labels(labels: list[str], xs: list[float], y: int) -> list[str]:
    every = max(1, math.ceil(len(labels) / 24))
    parts = []
    for index, (label, x) in enumerate(zip(labels, xs, strict=True)):
        if index % every:
            continue
        short = label if len(label) <= 12 else label[:11] + "…"
        parts.append(
            f"<text x='{x:.1f}' y='{y}' text-anchor='end' {FONT} fill='#4a5568' "
            f"transform='rotate(-35 {x:.1f} {y})'>{escape(short)}</text>"
        )
    return parts


def line_chart(
    chart_id: str, series: list[Series], fmt: str, labels: list[str] | None = None
) -> str:
    x0, x1, y0, y1 = 70, WIDTH - 20, 26, HEIGHT - 70
    labels = labels or _labels(series)
    top = _nice_max(max((p.value for s in series for p in s.points), default=0))
    step = (x1 - x0) / max(len(labels) - 1, 1)
    x_of = {label: x0 + i * step for i, label in enumerate(labels)}
    body = _value_axis(top, fmt, x0, x1, y0, y1) + _legend(series, x0)
    for index, one in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        coords = [(x_of[p.label], y1 - (y1 - y0) * p.value / top, p) for p in one.points]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y, _) in enumerate(coords)
        )
        body.append(f"<path d='{path}' fill='none' stroke='{color}' stroke-width='2'/>")
        for x, y, point in coords:
            body.append(
                f"<circle {_mark_attrs(one, point, fmt)} cx='{x:.1f}' cy='{y:.1f}' r='3' "
                f"fill='{color}'>{_title(one, point, fmt)}</circle>"
            )
    body += _category_labels(labels, [x_of[label] for label in labels], y1 + 14)
    return _svg(chart_id, "line", body)


def bar_chart(
    chart_id: str, series: list[Series], fmt: str, labels: list[str] | None = None
) -> str:
    x0, x1, y0, y1 = 70, WIDTH - 20, 26, HEIGHT - 70
    labels = labels or _labels(series)
    top = _nice_max(max((p.value for s in series for p in s.points), default=0))
    band = (x1 - x0) / max(len(labels), 1)
    width = band * 0.8 / max(len(series), 1)
    body = _value_axis(top, fmt, x0, x1, y0, y1) + _legend(series, x0)
    for index, one in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        for point in one.points:
            x = x0 + labels.index(point.label) * band + band * 0.1 + index * width
            h = max((y1 - y0) * max(point.value, 0) / top, 1)
            body.append(
                f"<rect {_mark_attrs(one, point, fmt)} x='{x:.1f}' y='{y1 - h:.1f}' "
                f"width='{max(width, 1):.1f}' height='{h:.1f}' fill='{color}'>"
                f"{_title(one, point, fmt)}</rect>"
            )
    centres = [x0 + i * band + band / 2 for i in range(len(labels))]
    body += _category_labels(labels, centres, y1 + 14)
    return _svg(chart_id, "bar", body)


def row_chart(
    chart_id: str, series: list[Series], fmt: str, labels: list[str] | None = None
) -> str:
    """Horizontal bars, one row per label: for rankings with long names."""
    labels = labels or _labels(series)
    row_height = 22
    height = max(len(labels) * row_height + 40, 80)
    x0, x1, y0 = 170, WIDTH - 90, 24
    top = _nice_max(max((p.value for s in series for p in s.points), default=0))
    body = _legend(series, x0)
    bar = (row_height - 6) / max(len(series), 1)
    for i, label in enumerate(labels):
        y = y0 + i * row_height
        short = label if len(label) <= 26 else label[:25] + "…"
        body.append(
            f"<text x='{x0 - 6}' y='{y + row_height / 2 + 2:.1f}' text-anchor='end' {FONT} "
            f"fill='#2d3748'>{escape(short)}</text>"
        )
    for index, one in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        for point in one.points:
            y = y0 + labels.index(point.label) * row_height + 3 + index * bar
            w = max((x1 - x0) * max(point.value, 0) / top, 1)
            body.append(
                f"<rect {_mark_attrs(one, point, fmt)} x='{x0}' y='{y:.1f}' width='{w:.1f}' "
                f"height='{bar:.1f}' fill='{color}'>{_title(one, point, fmt)}</rect>"
                f"<text x='{x0 + w + 4:.1f}' y='{y + bar - 3:.1f}' {FONT} fill='#4a5568'>"
                f"{format_value(point.value, fmt)}</text>"
            )
    return _svg(chart_id, "row", body, height=height)


def scalar(chart_id: str, series: Series, fmt: str) -> str:
    """A single figure, drawn as a mark too so tests treat it like any chart."""
    point = series.points[0] if series.points else Point(series.name, math.nan)
    return _svg(
        chart_id,
        "scalar",
        [
            f"<rect {_mark_attrs(series, point, fmt)} x='0' y='0' width='{WIDTH}' height='90' "
            f"fill='#ebf4ff'/>",
            f"<text x='{WIDTH / 2}' y='62' text-anchor='middle' "
            "font-family='system-ui, sans-serif' font-size='40' font-weight='600' "
            f"fill='#1a365d'>{format_value(point.value, fmt)}</text>",
        ],
        height=90,
    )


def draw(
    chart_id: str,
    display: str,
    series: list[Series],
    fmt: str,
    labels: list[str] | None = None,
) -> str:
    """``labels``: the categories in display order (default: as the points come)."""
    if display == "scalar":
        return scalar(chart_id, series[0], fmt)
    if display in ("line", "area"):
        return line_chart(chart_id, series, fmt, labels)
    if display == "row":
        return row_chart(chart_id, series, fmt, labels)
    return bar_chart(chart_id, series, fmt, labels)
