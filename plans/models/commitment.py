from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import Plan, money_validators
from .versioning import Versioned


class CommitmentQuerySet(models.QuerySet):
    def current(self):
        """Commitments not removed (removed ones stay in the database and the history)."""
        return self.filter(removed_at__isnull=True)


class Commitment(Versioned):
    """A practice the jurisdiction commits to under one principle: from the catalogue, or a
    local practice written under that principle."""

    class Progress(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDERWAY = "underway", _("Underway")
        COMPLETED = "completed", _("Completed")
        PAUSED = "paused", _("Paused")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="commitments")
    principle = models.ForeignKey(
        "principles.Principle",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("principle"),
    )
    practice = models.ForeignKey(
        "principles.Practice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("practice from the Blueprint"),
    )
    local_practice = models.CharField(
        _("local practice"),
        max_length=200,
        blank=True,
        help_text=_("Or name a practice of your own under this principle."),
    )
    stage = models.ForeignKey(
        "principles.Stage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stage it serves"),
        help_text=_("For a local practice: the stage of local work it serves. A practice "
                    "from the Blueprint serves its own stage."),
    )
    local_action = models.TextField(_("local action"), max_length=3000)
    lead_agency = models.CharField(_("lead agency"), max_length=200)
    partners = models.CharField(
        _("partner organizations"),
        max_length=500,
        blank=True,
        help_text=_("Separate names with commas."),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    annual_budget = models.DecimalField(
        _("annual budget (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    progress = models.CharField(
        _("status"), max_length=20, choices=Progress.choices, default=Progress.PLANNED
    )
    position = models.PositiveIntegerField(default=0, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The commitment of the signed version this one was copied from by "amend", so that
    # the new version can show what the implementation record says of it.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
        editable=False,
        verbose_name=_("carried over from"),
    )

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["principle__number", "position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.practice.title if self.practice_id else self.local_practice

    @property
    def serves_stage(self):
        """The stage this commitment serves: its practice's, or the one named for a local
        practice (None if not named)."""
        return self.practice.stage if self.practice_id else self.stage

    def clean(self):
        errors = {}
        if self.practice_id and self.local_practice:
            errors["local_practice"] = _(
                "Choose a practice from the Blueprint or name a local one, not both."
            )
        elif not self.practice_id and not self.local_practice:
            errors["local_practice"] = _(
                "Choose a practice from the Blueprint or name a local one."
            )
        if (
            self.practice_id
            and self.principle_id
            and self.practice.principle_id != self.principle_id
        ):
            errors["practice"] = _("This practice belongs to another principle.")
        if self.practice_id and self.stage_id and self.practice.stage_id != self.stage_id:
            errors["stage"] = _(
                "A practice from the Blueprint serves its own stage, %(stage)s: leave the "
                "stage empty or choose that one."
            ) % {"stage": self.practice.stage.name}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot come before the start.")
        if errors:
            raise ValidationError(errors)


class OutcomeMeasure(Versioned):
    """How the jurisdiction will know a commitment works."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="measures")
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_("e.g. %, people, days, incidents per 1,000"),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")

    def __str__(self):
        return self.indicator

    def clean(self):
        if (self.target is not None or self.baseline is not None) and not self.unit:
            raise ValidationError({"unit": _("Give the unit of the baseline and target.")})
