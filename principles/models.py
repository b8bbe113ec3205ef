"""The Blueprint's framework: five principles worked through five stages, with practices.

Reference data, loaded from the versioned file principles/data/blueprint.yaml (see
principles/catalogue.py) and editable by site admins.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def split_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class Stage(models.Model):
    """One of the five stages of local work: envision, plan, invest, evaluate, strengthen."""

    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    purpose = models.TextField(_("purpose"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return f"{self.number}. {self.name}"


class PrincipleQuerySet(models.QuerySet):
    def with_practices(self):
        """Principles with their practices and stages, in two queries whatever the size."""
        return self.prefetch_related(
            models.Prefetch("practices", queryset=Practice.objects.select_related("stage"))
        )


class Principle(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=60)
    idea = models.TextField(_("idea"))
    source_url = models.URLField(_("source"), blank=True)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("principles:principle", args=[self.slug])


class Practice(models.Model):
    """A practice of one principle at one stage, with the parts every Blueprint practice has.

    The list parts (questions, implementation steps, outcome measures) are stored one item
    per line so that a site admin edits them as plain text.
    """

    principle = models.ForeignKey(
        Principle, on_delete=models.PROTECT, related_name="practices", verbose_name=_("principle")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="practices", verbose_name=_("stage")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    why = models.TextField(_("why do we need it?"))
    how_it_helps = models.TextField(_("how does it help?"))
    questions = models.TextField(_("questions to ask"), help_text=_("One question per line."))
    implementation = models.TextField(
        _("what does it take to implement?"), help_text=_("One step per line.")
    )
    outcome_measures = models.TextField(
        _("outcome measures"),
        blank=True,
        help_text=_("One measure per line. Leave empty until the sourced list is at hand."),
    )
    statistic = models.TextField(_("statistic"), blank=True)
    statistic_source = models.CharField(_("statistic source"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        ordering = ["principle__number", "stage__number", "title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("principles:practice", args=[self.principle.slug, self.slug])

    @property
    def question_list(self):
        return split_lines(self.questions)

    @property
    def implementation_steps(self):
        return split_lines(self.implementation)

    @property
    def outcome_measure_list(self):
        return split_lines(self.outcome_measures)
