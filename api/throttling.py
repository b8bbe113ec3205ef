"""Anonymous reads are limited per client address. The counters live in the "ratelimit"
cache (Redis when REDIS_URL is set), so that every process of the site counts together."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from shared_safety.client import client_ip


class AnonymousThrottle(AnonRateThrottle):
    @property
    def cache(self):
        return caches["ratelimit"]

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        # the address the sign-in and password-reset limits see, behind proxies too
        return client_ip(request)
