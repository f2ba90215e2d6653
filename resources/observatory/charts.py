"""Server-rendered charts: the geometry of an indicator's SVG, computed here, drawn by a template.

Every chart reads without JavaScript and without CSS (presentation attributes give its colours;
static/css/charts.css refines them with the DSFR's variables, dark mode included). A time series
is a line or vertical bars, a comparison between territories is horizontal bars sorted from the
highest value. The template adds role="img", <title> and <desc>; the data table sits beside it.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formatting import format_number
from resources.observatory.enums import ChartType, Frequency
from resources.observatory.formatting import format_period

WIDTH = 640
LINE_HEIGHT = 300
ROW_HEIGHT = 28
BAR_THICKNESS = 18
CHAR_WIDTH = 7  # average width of a 12px Marianne/Arial character, to reserve room for labels
MAX_LABEL_CHARS = 28
VALUE_CHAR_WIDTH = 8  # bold values are wider


@dataclass
class Row:
    """One value of the indicator, as the chart and the table show it."""

    label: str
    value: Decimal
    number: str  # the value written in French: "12 345,6"
    text: str  # the same with its unit, for sentences: "12 345,6 personnes"

    @property
    def short(self):
        """What the chart writes by a point or bar: the unit is in the title, except "%"."""
        return self.text if self.text.endswith("%") else self.number


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Mark:
    """A point (line chart) or a bar: its box, its label and where the value is written."""

    x: float
    y: float
    width: float = 0
    height: float = 0
    label: str = ""
    text: str = ""
    text_x: float = 0
    text_y: float = 0
    text_anchor: str = "middle"
    show_text: bool = True


@dataclass
class Chart:
    kind: str  # "line", "bar" or "hbar"
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    baseline: float
    value_ticks: list = field(default_factory=list)
    category_ticks: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    polyline: str = ""
    description: str = ""
    unit: str = ""

    @property
    def left_label_x(self):
        """Where labels left of the plot end (value ticks, or territories for bars)."""
        return _r(self.plot_left - 8)

    @property
    def bottom_label_y(self):
        return _r(self.plot_bottom + 22)

    @property
    def is_line(self):
        return self.kind == "line"

    @property
    def is_bar(self):
        return self.kind == "bar"

    @property
    def is_hbar(self):
        return self.kind == "hbar"


def with_unit(number_text, unit):
    return f"{number_text}\u00a0{unit}" if unit else number_text


def rows_for(indicator, points):
    """The indicator's rows in chart order: by period, or by value from the highest."""
    rows = []
    for point in points:
        number = format_number(point.value, indicator.decimals)
        text = with_unit(number, indicator.unit)
        if indicator.is_time_series:
            label = point.label or format_period(point.period, indicator.frequency)
            rows.append((point.period, Row(label, point.value, number, text)))
        else:
            label = point.label or point.territory.name
            rows.append((point.territory.name, Row(label, point.value, number, text)))
    if indicator.is_time_series:
        rows.sort(key=lambda item: item[0])
    else:
        rows.sort(key=lambda item: (-item[1].value, item[0]))
    return [row for _key, row in rows]


def nice_step(span, count=4):
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that cuts `span` into about `count` intervals."""
    raw = Decimal(span) / count
    if raw <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** math.floor(raw.log10())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor * magnitude >= raw:
            return (factor * magnitude).normalize()
    return (Decimal(10) * magnitude).normalize()  # pragma: no cover


def value_scale(values, count=4):
    """Domain from 0 (or the lowest negative value) to a round maximum, and its ticks."""
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    if low == high:
        high = Decimal(1)
    step = nice_step(high - low, count)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    tick = low
    while tick <= high:
        ticks.append(tick)
        tick += step
    decimals = max(0, -step.as_tuple().exponent)
    return low, high, ticks, decimals


def _r(number):
    return round(float(number), 1)


def _truncate(text, limit=MAX_LABEL_CHARS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_chart(indicator, rows):
    """The chart of `indicator` for `rows` (see rows_for), or None when there is no data."""
    if not rows:
        return None
    if indicator.is_time_series:
        return _vertical_chart(indicator, rows)
    return _horizontal_bars(indicator, rows)


def _vertical_chart(indicator, rows):
    values = [row.value for row in rows]
    low, high, ticks, tick_decimals = value_scale(values)
    tick_labels = [format_number(tick, tick_decimals) for tick in ticks]
    left = 12 + CHAR_WIDTH * max(len(label) for label in tick_labels)
    chart = Chart(
        kind="line" if indicator.chart_type == ChartType.LINE else "bar",
        width=WIDTH,
        height=LINE_HEIGHT,
        plot_left=left,
        plot_right=WIDTH - 24,
        plot_top=36,  # room for the unit and the highest value's label
        plot_bottom=LINE_HEIGHT - 36,
        baseline=0,
    )
    span = float(high - low)

    def y_of(value):
        share = float(value - low) / span
        return _r(chart.plot_bottom - share * (chart.plot_bottom - chart.plot_top))

    chart.baseline = y_of(0)
    chart.value_ticks = [Tick(y_of(t), label) for t, label in zip(ticks, tick_labels, strict=True)]
    plot_width = chart.plot_right - chart.plot_left
    count = len(rows)
    if chart.is_line:
        if count == 1:
            xs = [_r(chart.plot_left + plot_width / 2)]
        else:
            inset = 16  # keeps the first and last labels inside the chart
            step = (plot_width - 2 * inset) / (count - 1)
            xs = [_r(chart.plot_left + inset + i * step) for i in range(count)]
        slot = plot_width / max(count - 1, 1)
    else:
        slot = plot_width / count
        xs = [_r(chart.plot_left + (i + 0.5) * slot) for i in range(count)]
    bar_width = _r(min(48, slot * 0.7))
    # Every value is written when they fit side by side; otherwise the first and the last.
    show_values = max(len(row.short) for row in rows) * VALUE_CHAR_WIDTH <= slot
    extremes = {0, count - 1}
    for i, (row, x) in enumerate(zip(rows, xs, strict=True)):
        y = y_of(row.value)
        mark = Mark(
            x=x,
            y=y,
            label=row.label,
            text=row.short,
            text_x=x,
            show_text=show_values or i in extremes,
        )
        if chart.is_bar:
            top = min(y, chart.baseline)
            mark.x = _r(x - bar_width / 2)
            mark.y = top
            mark.width = bar_width
            mark.height = _r(abs(chart.baseline - y))
        negative = row.value < 0
        mark.text_y = _r(y + 16) if negative else _r(y - 8)
        chart.marks.append(mark)
    chart.polyline = " ".join(
        f"{mark.text_x},{y_of(row.value)}" for mark, row in zip(chart.marks, rows, strict=True)
    )
    # Thin the period labels so that they never overlap; the most recent one is always shown.
    widest = max(len(row.label) for row in rows) * CHAR_WIDTH + 8
    every = max(1, math.ceil(widest / max(slot, 1)))
    chart.category_ticks = [
        Tick(x, row.label)
        for i, (row, x) in enumerate(zip(rows, xs, strict=True))
        if (count - 1 - i) % every == 0
    ]
    chart.description = _time_series_description(indicator, rows)
    chart.unit = indicator.unit
    return chart


def _horizontal_bars(indicator, rows):
    values = [row.value for row in rows]
    low, high, ticks, tick_decimals = value_scale(values, count=4)
    labels = [_truncate(row.label) for row in rows]
    left = 12 + CHAR_WIDTH * max(len(label) for label in labels)
    right_room = 12 + VALUE_CHAR_WIDTH * max(len(row.short) for row in rows)
    top = 28  # room for the unit above the bars
    height = top + ROW_HEIGHT * len(rows) + 32
    chart = Chart(
        kind="hbar",
        width=WIDTH,
        height=height,
        plot_left=left,
        plot_right=WIDTH - right_room,
        plot_top=top,
        plot_bottom=top + ROW_HEIGHT * len(rows),
        baseline=0,
    )
    span = float(high - low)

    def x_of(value):
        share = float(value - low) / span
        return _r(chart.plot_left + share * (chart.plot_right - chart.plot_left))

    chart.baseline = x_of(0)
    chart.value_ticks = [Tick(x_of(tick), format_number(tick, tick_decimals)) for tick in ticks]
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        x = x_of(row.value)
        middle = top + i * ROW_HEIGHT + ROW_HEIGHT / 2
        negative = row.value < 0
        chart.marks.append(
            Mark(
                x=min(x, chart.baseline),
                y=_r(middle - BAR_THICKNESS / 2),
                width=_r(abs(x - chart.baseline)),
                height=BAR_THICKNESS,
                label=label,
                text=row.short,
                text_x=_r(x - 6) if negative else _r(x + 6),
                text_y=_r(middle + 4),
                text_anchor="end" if negative else "start",
            )
        )
        chart.category_ticks.append(Tick(_r(middle + 4), label))
    chart.description = _territory_description(indicator, rows)
    chart.unit = indicator.unit
    return chart


def _time_series_description(indicator, rows):
    first, last = rows[0], rows[-1]
    if len(rows) == 1:
        return _("%(name)s : %(value)s en %(period)s.") % {
            "name": indicator.name,
            "value": first.text,
            "period": first.label,
        }
    highest = max(rows, key=lambda row: row.value)
    lowest = min(rows, key=lambda row: row.value)
    frequency = dict(Frequency.choices).get(indicator.frequency, "")
    return _(
        "%(name)s, de %(first_period)s à %(last_period)s (%(count)s valeurs, périodicité "
        "%(frequency)s) : %(first)s en %(first_period)s, %(last)s en %(last_period)s. "
        "Maximum : %(max)s en %(max_period)s ; minimum : %(min)s en %(min_period)s."
    ) % {
        "name": indicator.name,
        "count": len(rows),
        "frequency": str(frequency).split(" (")[0].lower(),
        "first": first.text,
        "first_period": first.label,
        "last": last.text,
        "last_period": last.label,
        "max": highest.text,
        "max_period": highest.label,
        "min": lowest.text,
        "min_period": lowest.label,
    }


def _territory_description(indicator, rows):
    highest, lowest = rows[0], rows[-1]
    if len(rows) == 1:
        return _("%(name)s : %(value)s pour %(territory)s.") % {
            "name": indicator.name,
            "value": highest.text,
            "territory": highest.label,
        }
    return _(
        "%(name)s, comparaison de %(count)s territoires, du plus élevé au plus faible. "
        "Le plus élevé : %(max_label)s, %(max)s ; le plus faible : %(min_label)s, %(min)s."
    ) % {
        "name": indicator.name,
        "count": len(rows),
        "max_label": highest.label,
        "max": highest.text,
        "min_label": lowest.label,
        "min": lowest.text,
    }
