from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """Evaluate and strengthen: the record of a signed plan's implementation. It depends on
    plans and stakeholders; they never import it (STYLE.md)."""

    name = "progress"
    verbose_name = _("Implementation progress")
