"""The shared page cache: Django's Redis cache, made safe to share a Redis with the task queue
and to lose.

Every key it writes expires: with ``maxmemory-policy volatile-lru`` Redis then evicts only
cache keys when memory is full, never the task queue's (which have no expiry). And a Redis
that cannot be reached is a miss, not an error: pages are rendered afresh, slower, but
served.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ExpiringRedisCache(RedisCache):
    """RedisCache whose keys always expire and whose failures read as misses."""

    def __init__(self, server, params):
        super().__init__(server, params)
        if self.default_timeout is None:
            raise ImproperlyConfigured("A shared cache needs a TIMEOUT: keys must expire.")

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        """A key asked to live forever gets the cache's default timeout instead: a key
        without expiry could never be evicted under ``volatile-lru``."""
        if timeout is None:
            timeout = self.default_timeout
        return super().get_backend_timeout(timeout)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("Cache unreachable, reading %s as a miss: %s", key, error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            logger.warning("Cache unreachable or full, not keeping %s: %s", key, error)

    def state(self):
        """'ok' when Redis answers, else 'down' (for /healthz)."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            return "down"
        return "ok"
