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

    def bench_data(self, plan, editor):
        """`make bench`'s record of the signed plan (plans' bench command asks every app)."""
        from .benchmark import fill_record

        fill_record(plan, editor)

    def bench_state_data(self, measures, count):
        """`make bench`'s measured values of a state-sized installation."""
        from .benchmark import state_values

        return state_values(measures, count)
