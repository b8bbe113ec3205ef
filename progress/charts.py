"""The geometry of a measure's line chart, computed here so that the template only draws
(progress/templates/progress/_line_chart.html): values over the plan's years against the
straight path from the baseline to the target. SVG units; the chart scales to its box and
stays readable on a 390 px phone."""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 14, 14, 30


@dataclass
class Point:
    x: float
    y: float
    on: date
    value: Decimal


@dataclass
class Tick:
    position: float
    label: object  # a number (y axis) or a year (x axis)


@dataclass
class LineChart:
    points: list = field(default_factory=list)  # the measured values, in date order
    path: tuple | None = None  # (x1, y1, x2, y2) from the baseline to the target
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def polyline(self):
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def is_empty(self):
        return not self.points and self.path is None


def nice_step(span):
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about four intervals."""
    raw = span / 4
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    for multiple in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - 10 always suffices


def value_axis(numbers):
    """(lowest, highest, step) of an axis holding all ``numbers`` on round ticks."""
    low, high = min(numbers), max(numbers)
    if low == high:
        pad = abs(low) / 10 if low else Decimal(1)
        low, high = low - pad, high + pad
    if low > 0 and low < (high - low) / 2:
        low = Decimal(0)  # close to zero: start at zero rather than exaggerate the change
    step = nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    return low, high, step


def line_chart(*, start, end, baseline, target, values):
    """The chart of ``values`` ([(date, value)], in date order) over ``start``–``end``, with
    the path from ``baseline`` to ``target`` when both are known."""
    chart = LineChart()
    numbers = [v for _d, v in values] + [n for n in (baseline, target) if n is not None]
    if not numbers:
        return chart
    low, high, step = value_axis(numbers)
    days = max((end - start).days, 1)

    def x(on):
        fraction = min(max((on - start).days / days, 0.0), 1.0)
        return round(chart.left + fraction * (chart.right - chart.left), 1)

    def y(value):
        fraction = float((value - low) / (high - low))
        return round(chart.bottom - fraction * (chart.bottom - chart.top), 1)

    tick = low
    while tick <= high:
        integral = tick == tick.to_integral_value()
        chart.y_ticks.append(Tick(y(tick), tick.quantize(Decimal(1)) if integral
                                  else tick.normalize()))
        tick += step
    years = list(range(start.year, end.year + 1))
    every = max(1, math.ceil(len(years) / 8))  # at most about eight labels
    chart.x_ticks = [Tick(x(date(year, 1, 1) if year > start.year else start), year)
                     for year in years[::every]]
    if baseline is not None and target is not None:
        chart.path = (x(start), y(baseline), x(end), y(target))
    chart.points = [Point(x(on), y(value), on, value) for on, value in values]
    return chart
