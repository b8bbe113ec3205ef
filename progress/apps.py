from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """Evaluate and strengthen: the record of a signed plan's implementation. It depends on
    plans and stakeholders; they never import it (STYLE.md)."""

    name = "progress"
    verbose_name = _("Implementation progress")

    def ready(self):
        from plans import carried

        from . import frozen, strengthen

        carried.register(carried=strengthen.carried, links=strengthen.links)
        frozen.register()

    def seed_demo(self):
        """The demo's record of implementation (plans.demo.seed asks every app for its own)."""
        from .demo import seed

        yield from seed()
