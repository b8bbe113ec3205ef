from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .versioning import EditConflict, Versioned

__all__ = ["EditConflict", "Plan", "PriorityPopulation", "Status"]

MAX_BUDGET = 10_000_000_000  # ten billion a year: anything above is a typing slip
money_validators = [
    MinValueValidator(0, _("A budget cannot be negative.")),
    MaxValueValidator(MAX_BUDGET, _("That is over ten billion a year: check the figure.")),
]
year_validators = [
    MinValueValidator(2000, _("Use a year from 2000 to 2100.")),
    MaxValueValidator(2100, _("Use a year from 2000 to 2100.")),
]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    REVISION = "revision", _("In revision")
    REVIEW = "review", _("In review for sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")
    SUPERSEDED = "superseded", _("Superseded")


EDITABLE_STATUSES = {Status.DRAFT, Status.CONSULTATION, Status.REVISION}


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of the jurisdictions where the user holds a role (all for a site admin)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(jurisdiction_id__in=list(user.roles_by_jurisdiction()))


class Plan(Versioned):
    """A jurisdiction's safety plan, one row per version; v2 amends a signed v1.

    Its status changes only through plans.workflow.
    """

    jurisdiction = models.ForeignKey(
        "stakeholders.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("jurisdiction"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
        editable=False,
        verbose_name=_("amends"),
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language of the published plan"), max_length=10, choices=settings.LANGUAGES,
        default="en", help_text=_("The PDF blueprint is written in this language."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=year_validators)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=year_validators)
    vision = models.TextField(_("vision"), max_length=5000, blank=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    enforcement_spending = models.DecimalField(
        _("current annual spending on enforcement"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
        help_text=_("Policing and prosecution today, per year, if known."),
    )
    incarceration_spending = models.DecimalField(
        _("current annual spending on incarceration"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
        help_text=_("Jail, prison and detention today, per year, if known."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    consultation_opens = models.DateField(_("consultation opens"), null=True, editable=False)
    consultation_closes = models.DateField(_("consultation closes"), null=True, editable=False)
    signoff_round = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    def lock_before_saving(self):
        # Saving moves the jurisdiction's changed_at (plans/signals.py); every writer takes
        # that row before the plan's, as the workflow does (plans.fragments.touch_jurisdictions).
        jurisdictions = self._meta.get_field("jurisdiction").related_model.objects
        list(jurisdictions.select_for_update().filter(pk=self.jurisdiction_id).values_list("pk"))

    class Meta:
        ordering = ["jurisdiction__name", "-first_year", "-version"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="plan_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.pk])

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first.")})

    @property
    def is_editable(self):
        """Content can change in draft, consultation and revision; review freezes it."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_signed(self):
        return self.status in {Status.SIGNED_OFF, Status.SUPERSEDED}

    def consultation_is_open(self, today=None):
        from django.utils import timezone

        today = today or timezone.localdate()
        return (
            self.status == Status.CONSULTATION
            and self.consultation_opens is not None
            and self.consultation_opens <= today <= self.consultation_closes
        )


class PriorityPopulation(Versioned):
    """Who is most vulnerable and where, why, and the data that shows it."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    who = models.CharField(_("who"), max_length=200)
    place = models.CharField(_("where"), max_length=200, blank=True)
    why = models.TextField(_("why"), max_length=2000)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("priority population")
        verbose_name_plural = _("priority populations")

    def __str__(self):
        return f"{self.who} — {self.place}" if self.place else self.who
