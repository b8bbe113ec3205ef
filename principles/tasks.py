from celery import shared_task

from .models import Practice, Principle


def catalogue_summary():
    """How many principles and practices the catalogue holds."""
    return {"principles": Principle.objects.count(), "practices": Practice.objects.count()}


@shared_task(name="principles.catalogue_summary")
def catalogue_summary_task():
    """Report the catalogue's size; used by health checks and the worker round-trip test."""
    return catalogue_summary()
