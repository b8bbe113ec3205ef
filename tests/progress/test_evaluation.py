"""The on-track rule and a measure's direction, with their edge cases."""

from datetime import date
from decimal import Decimal as D

import pytest

from progress.evaluation import Direction, Verdict, judge, on_path, trend

START, END = date(2024, 1, 1), date(2026, 12, 31)
MIDDLE = date(2025, 7, 2)  # half way: 548 of 1095 days


def verdict(baseline, target, value, on=MIDDLE):
    return judge(baseline=baseline, target=target, start=START, end=END,
                 latest_value=value, latest_date=on)


def test_the_path_runs_straight_from_the_baseline_at_the_start_to_the_target_at_the_end():
    assert on_path(D(10), D(20), START, END, START) == D(10)
    assert on_path(D(10), D(20), START, END, END) == D(20)
    assert on_path(D(10), D(20), START, END, MIDDLE) == D("15.00")
    assert on_path(D(0), D(6), START, END, date(2024, 12, 31)) == D("2.00")


def test_before_the_start_the_path_is_the_baseline_and_after_the_end_the_target():
    assert on_path(D(10), D(20), START, END, date(2023, 6, 1)) == D(10)
    assert on_path(D(10), D(20), START, END, date(2027, 6, 1)) == D(20)


@pytest.mark.parametrize(("value", "expected"), [
    (D("15.00"), Verdict.ON_TRACK),  # on the path exactly
    (D("16"), Verdict.ON_TRACK),  # ahead
    (D("25"), Verdict.ON_TRACK),  # beyond the target
    (D("14.99"), Verdict.BEHIND),
    (D("5"), Verdict.BEHIND),  # worse than the baseline
])
def test_a_rising_measure_is_on_track_at_or_above_the_path(value, expected):
    judgement = verdict(D(10), D(20), value)
    assert judgement.verdict == expected
    assert judgement.expected == D("15.00")


@pytest.mark.parametrize(("value", "expected"), [
    (D("13.5"), Verdict.ON_TRACK),  # re-injury down from 18 toward 9: path at 13.50
    (D("9"), Verdict.ON_TRACK),
    (D("13.51"), Verdict.BEHIND),
    (D("20"), Verdict.BEHIND),
])
def test_a_target_below_the_baseline_is_on_track_at_or_below_the_path(value, expected):
    assert verdict(D(18), D(9), value).verdict == expected


def test_a_value_dated_before_the_plan_starts_is_judged_against_the_baseline():
    assert verdict(D(10), D(20), D(10), on=date(2023, 12, 1)).verdict == Verdict.ON_TRACK
    assert verdict(D(10), D(20), D(9), on=date(2023, 12, 1)).verdict == Verdict.BEHIND


@pytest.mark.parametrize(("baseline", "target", "value", "reason"), [
    (None, D(20), D(15), "It needs a baseline and a target."),
    (D(10), None, D(15), "It needs a baseline and a target."),
    (D(10), D(10), D(15), "Its target equals its baseline: there is no path to measure."),
    (D(10), D(20), None, "No value is measured yet."),
])
def test_a_measure_lacking_a_baseline_a_target_a_path_or_a_value_is_not_judged(
        baseline, target, value, reason):
    judgement = verdict(baseline, target, value)
    assert judgement.verdict == Verdict.NOT_JUDGED
    assert str(judgement.reason) == reason
    assert not judgement.is_on_track and not judgement.is_behind


def test_the_direction_compares_the_latest_value_with_the_one_before_or_the_baseline():
    assert trend(baseline=D(10), target=D(20), values=[D(12)]) == Direction.TOWARD
    assert trend(baseline=D(10), target=D(20), values=[D(12), D(11)]) == Direction.AWAY
    assert trend(baseline=D(18), target=D(9), values=[D(17), D(15)]) == Direction.TOWARD
    assert trend(baseline=D(10), target=D(20), values=[D(12), D(12)]) == Direction.STEADY
    assert trend(baseline=D(10), target=D(20), values=[]) is None
    assert trend(baseline=None, target=D(20), values=[D(3)]) is None
    assert trend(baseline=D(10), target=D(10), values=[D(3)]) is None
