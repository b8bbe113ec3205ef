from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Registers the tasks that shared_safety.events queues by name, in every process:
        # Celery's autodiscovery imports them only in a worker, and a task unknown to the
        # web process would not run there when tasks are eager.
        from . import tasks  # noqa: F401
