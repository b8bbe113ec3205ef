from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from django.views.i18n import set_language
from kombu.exceptions import OperationalError as BrokerError

from plans.publishing import blueprints_in_force, public_figures
from principles.models import Principle

from .cache import ExpiringRedisCache
from .celery import app as celery_app


@require_POST
def choose_language(request):
    """Django's set_language, which also keeps a signed-in person's choice on their account
    so that their other devices and their emails follow it."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class HomeView(TemplateView):
    """What the planner is for and what is in it: the figures of the blueprints in force,
    the latest of them, the five principles, and a way in for each kind of visitor."""

    template_name = "home.html"
    latest = 6

    def get_context_data(self, **kwargs):
        blueprints = list(blueprints_in_force().order_by("-snapshot__created_at", "-pk")
                          [:self.latest])
        return super().get_context_data(
            figures=public_figures(), blueprints=blueprints,
            principles=Principle.objects.all(), **kwargs)


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def task_queue_state():
    """'eager' when tasks run in-process, else whether the broker answers."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except (BrokerError, OSError):
        return "down"
    return "ok"


def cache_state():
    """'local' when each process keeps its own pages, else whether the shared Redis answers."""
    pages = caches["pages"]
    if not isinstance(pages, ExpiringRedisCache):
        return "local"
    return pages.state()


def storage_state():
    """'local' for the local folder, else whether the object storage answers (a look-up of
    a name that need not exist: only an error counts)."""
    if isinstance(default_storage, FileSystemStorage):
        return "local"
    try:
        default_storage.exists("healthz")
    except (BotoCoreError, ClientError, OSError):
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and compose: 503 when the database is unreachable, 200
    "degraded" when the task queue, the shared cache or the object storage is (pages are still
    served, slower, or without their PDFs)."""
    states = {"database": database_state(), "task_queue": task_queue_state(),
              "cache": cache_state(), "storage": storage_state()}
    healthy = states["database"] == "ok"
    if not healthy:
        status = "down"
    elif "down" in states.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **states}, status=200 if healthy else 503)
