"""Whether an outcome measure is on track, and which way it is moving: one rule, stated in
words on every page that applies it (``RULE``)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")

RULE = _(
    "A measure is on track when its latest value has come at least as far as a straight line "
    "drawn from the baseline, at the start of the plan, to the target, at its end, has come "
    "by the date of that value. A value beyond the target is on track. A measure without a "
    "baseline, a target or a measured value, or whose target equals its baseline, is not "
    "judged."
)


class Verdict(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Off track")
    NOT_JUDGED = "not_judged", _("Not judged")


@dataclass(frozen=True)
class Judgement:
    verdict: str
    reason: str  # why, in a sentence
    expected: Decimal | None = None  # where the straight path is on the latest value's date

    @property
    def label(self):
        return Verdict(self.verdict).label

    @property
    def is_on_track(self):
        return self.verdict == Verdict.ON_TRACK

    @property
    def is_behind(self):
        return self.verdict == Verdict.BEHIND


def on_path(baseline, target, start, end, on):
    """Where the straight path from ``baseline`` on ``start`` to ``target`` on ``end`` is on
    the day ``on``, to the cent; before the start it is the baseline, after the end the
    target."""
    if on <= start:
        return baseline
    if on >= end:
        return target
    fraction = Decimal((on - start).days) / Decimal((end - start).days)
    return (baseline + (target - baseline) * fraction).quantize(CENT, ROUND_HALF_EVEN)


def judge(*, baseline, target, start: date, end: date, latest_value, latest_date):
    """The on-track rule (``RULE``): the latest value against the straight path from the
    baseline at the plan's start to the target at its end."""
    if baseline is None or target is None:
        return Judgement(Verdict.NOT_JUDGED, _("It needs a baseline and a target."))
    if target == baseline:
        return Judgement(Verdict.NOT_JUDGED,
                         _("Its target equals its baseline: there is no path to measure."))
    if latest_value is None:
        return Judgement(Verdict.NOT_JUDGED, _("No value is measured yet."))
    expected = on_path(baseline, target, start, end, latest_date)
    rising = target > baseline
    if (latest_value >= expected) if rising else (latest_value <= expected):
        return Judgement(Verdict.ON_TRACK, _("The latest value is on or ahead of the path."),
                         expected)
    return Judgement(Verdict.BEHIND, _("The latest value is behind the path."), expected)


class Direction(models.TextChoices):
    TOWARD = "toward", _("moving toward the target")
    AWAY = "away", _("moving away from the target")
    STEADY = "steady", _("unchanged")


def trend(*, baseline, target, values):
    """Which way the latest value moved from the one before it (the baseline before the
    first value), against the direction of the target; None when there is nothing to
    compare."""
    if not values:
        return None
    before = values[-2] if len(values) > 1 else baseline
    if before is None:
        return None
    change = values[-1] - before
    if change == 0:
        return Direction.STEADY
    if target is None or baseline is None or target == baseline:
        return None
    return Direction.TOWARD if (change > 0) == (target > baseline) else Direction.AWAY
