"""The Celery app; settings come from Django's settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shared_safety.settings")

app = Celery("shared_safety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
