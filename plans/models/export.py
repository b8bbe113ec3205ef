from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .plan import Plan
from .signoff import Snapshot


class ExportJob(models.Model):
    """Rendering a plan to PDF, watched by its users: queued, running with progress, done,
    or failed with the reason. Keyed so that the same content renders once: a blueprint by
    its snapshot's digest, a draft preview by the digest of the draft's content."""

    class Kind(models.TextChoices):
        BLUEPRINT = "blueprint", _("Signed blueprint")
        PREVIEW = "preview", _("Draft preview")
        # Rendered by the progress app from a published report's frozen content
        # (plans.documents): plans never imports it.
        PROGRESS_REPORT = "progress_report", _("Progress report")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=100, unique=True)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="exports")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="exports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    file = models.FileField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    # A preview renders the draft as it stood when it was asked for (a blueprint renders
    # from its snapshot), however much later the worker picks it up.
    content = models.JSONField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.plan} · {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("plans:export", args=[self.pk])

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def filename(self):
        from plans.documents import document

        other = document(self.kind)
        if other is not None:
            return other.filename(self)
        slug = self.plan.jurisdiction.slug
        suffix = "draft-preview" if self.kind == self.Kind.PREVIEW else "blueprint"
        return f"{slug}-v{self.plan.version}-{suffix}.pdf"
