"""The page caches in Redis (shared_safety.cache): shared, always expiring, never evicting a
queued task when they share the broker's Redis, and a miss rather than an error when Redis
is gone. Each test runs a throwaway redis-server of its own, so that filling or flushing it
touches no other test's queue."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from celery import Celery
from django.core.cache import caches
from django.urls import reverse

from tests.conftest import require
from tests.plans.factories import county_people, new_plan, text

pytestmark = pytest.mark.services

MAX_MEMORY = 4 * 1024 * 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def throwaway_redis(tmp_path):
    """A redis-server as the README asks for a broker shared with the cache: a memory bound
    and ``volatile-lru``; no persistence."""
    require(shutil.which("redis-server") is not None, "needs redis-server")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path), "--maxmemory", str(MAX_MEMORY),
         "--maxmemory-policy", "volatile-lru"],
        stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.kill()  # nothing in it to keep
    server.wait(timeout=10)


def caches_in(settings, url):
    settings.CACHES = {
        **settings.CACHES,
        **{alias: {"BACKEND": "shared_safety.cache.ExpiringRedisCache", "LOCATION": url,
                   "KEY_PREFIX": alias, "TIMEOUT": settings.CACHE_TIMEOUT,
                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
           for alias in ("default", "pages")},
    }


def test_a_full_cache_evicts_its_own_keys_and_never_a_queued_task(settings, throwaway_redis):
    broker = Celery("probe", broker=throwaway_redis)
    for number in range(200):
        broker.send_task("notifications.send_reminders", args=[number])
    caches_in(settings, throwaway_redis)
    fragment = "x" * 50_000

    for number in range(400):  # 20 MB through a 4 MB Redis
        caches["default"].set(f"fragment-{number}", fragment)

    server = redis.Redis.from_url(throwaway_redis)
    assert server.info("stats")["evicted_keys"] > 0
    assert server.llen("celery") == 200
    assert caches["default"].get("fragment-399") == fragment  # the latest stay


def test_every_cache_key_expires_even_when_asked_to_live_forever(settings, throwaway_redis):
    caches_in(settings, throwaway_redis)

    caches["default"].set("forever", "kept", timeout=None)
    caches["pages"].set("page", "kept")

    server = redis.Redis.from_url(throwaway_redis)
    ttls = {key: server.ttl(key) for key in server.keys("*")}
    assert len(ttls) == 2
    assert all(0 < ttl <= settings.CACHE_TIMEOUT for ttl in ttls.values()), ttls


@pytest.mark.django_db
def test_pages_kept_in_redis_are_served_from_it_with_fewer_queries(
        settings, throwaway_redis, client, django_assert_max_num_queries):
    """What one web process keeps, another reads: the second view of a plan page comes from
    Redis (keys carry everything that varies, so any process may answer with them)."""
    caches_in(settings, throwaway_redis)
    people = county_people()
    plan = new_plan(people)
    client.force_login(people.editor)
    url = reverse("plans:plan", args=[plan.pk])
    first = client.get(url)

    caches["pages"].close()  # a new connection, as another process would open
    with django_assert_max_num_queries(4):
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert text(second) == text(first)
    assert redis.Redis.from_url(throwaway_redis).dbsize() >= 2  # the fragment and the page


@pytest.mark.django_db
def test_pages_are_served_while_the_cache_is_down(settings, client):
    caches_in(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    people = county_people()
    plan = new_plan(people)
    client.force_login(people.editor)

    response = client.get(reverse("plans:plan", args=[plan.pk]))

    assert response.status_code == 200
    assert plan.title in response.content.decode()
    assert caches["pages"].get("anything") is None
