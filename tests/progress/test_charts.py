"""The geometry of a measure's line chart: axes on round ticks holding every figure, the
path from the baseline to the target, and the values placed by their dates."""

from datetime import date
from decimal import Decimal as D

from progress.charts import line_chart, value_axis

START, END = date(2024, 1, 1), date(2026, 12, 31)


def test_the_value_axis_holds_every_figure_on_round_ticks():
    assert value_axis([D(35), D(80), D(52)]) == (D(20), D(80), D(20))
    assert value_axis([D(18), D(9)]) == (D("7.5"), D(20), D("2.5"))
    assert value_axis([D(1), D(80)]) == (D(0), D(80), D(20))  # near zero: from zero
    assert value_axis([D(5), D(5)]) == (D("4.5"), D("5.5"), D("0.25"))  # one figure
    low, high, _step = value_axis([D("-3"), D("4")])
    assert low <= -3 and high >= 4


def test_the_chart_draws_the_path_and_places_each_value_by_its_date():
    chart = line_chart(start=START, end=END, baseline=D(0), target=D(6),
                       values=[(date(2024, 12, 31), D(2)), (date(2025, 12, 31), D(3))])
    x1, y1, x2, y2 = chart.path
    assert (x1, x2) == (chart.left, chart.right)
    assert y1 == chart.bottom and y2 == chart.top  # from 0 at the bottom to 6 at the top
    first, second = chart.points
    assert chart.left < first.x < second.x < chart.right
    assert first.y > second.y  # 2 is drawn below 3
    assert chart.polyline == f"{first.x:.1f},{first.y:.1f} {second.x:.1f},{second.y:.1f}"
    assert [tick.label for tick in chart.x_ticks] == [2024, 2025, 2026]
    assert [tick.label for tick in chart.y_ticks] == [D(0), D(2), D(4), D(6)]


def test_a_measure_without_a_baseline_or_target_draws_its_values_alone():
    chart = line_chart(start=START, end=END, baseline=None, target=None,
                       values=[(date(2025, 6, 30), D("12.5"))])
    assert chart.path is None
    assert len(chart.points) == 1
    assert not chart.is_empty


def test_a_measure_with_nothing_to_draw_gives_an_empty_chart():
    assert line_chart(start=START, end=END, baseline=None, target=None, values=[]).is_empty
