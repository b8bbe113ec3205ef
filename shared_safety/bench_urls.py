"""The URLconf of the benchmark only (`make bench`): the project's URLs plus the floor view.

The project's own ROOT_URLCONF never includes this module, so the floor is no page of the
product (and needs no row in the permission matrix). `manage.py bench` switches to it with
override_settings for the test client, and its gunicorn loads ``wsgi()`` below, which sets
ROOT_URLCONF in that server process only.
"""

from functools import cache

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import include, path

FLOOR_TEMPLATE = "bench_floor.html"
ROW_TEXT = "Floor row: plain text of a fixed length, standing for a page's content."


def floor_rows(count):
    return [(f"{n:06d}", ROW_TEXT) for n in range(count)]


@cache
def floor_layout():
    """(bytes of the template with no rows, bytes of one row)."""
    empty = len(render_to_string(FLOOR_TEMPLATE, {"rows": [], "pad": ""}).encode())
    one = len(render_to_string(FLOOR_TEMPLATE, {"rows": floor_rows(1), "pad": ""}).encode())
    return empty, one - empty


def floor(request, size):
    """A bare view: no query, no session, a template rendered to exactly ``size`` bytes
    (rows of text in a loop, topped up with padding)."""
    empty, row = floor_layout()
    count = max(0, (size - empty) // row)
    pad = "x" * max(0, size - empty - count * row)
    return render(request, FLOOR_TEMPLATE, {"rows": floor_rows(count), "pad": pad})


@cache
def bench_urlpatterns():
    return [
        path("bench/floor/<int:size>/", floor, name="bench_floor"),
        path("", include("shared_safety.urls")),
    ]


def __getattr__(name):
    # ``urlpatterns`` is built on first use, so that gunicorn can import this module (to find
    # wsgi() below) before Django is set up.
    if name == "urlpatterns":
        return bench_urlpatterns()
    raise AttributeError(name)


def wsgi():
    """The benchmark server's application: ``gunicorn 'shared_safety.bench_urls:wsgi()'``."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.ROOT_URLCONF = __name__
    return application
