"""With Redis, the anonymous throttle counts in Redis: every process of the site sees the
same count for an address."""

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse


@pytest.mark.services
def test_the_count_lives_in_redis_where_every_process_reads_it(county, anonymous, settings,
                                                                redis_url):
    prefix = f"api-throttle-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {**settings.CACHES, "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
        "KEY_PREFIX": prefix}}
    settings.API_ANON_RATE = "2/minute"
    url = reverse("api:blueprint-list")
    assert [anonymous.get(url).status_code for _ in range(2)] == [200, 200]
    # another process: its own connection to the same Redis
    elsewhere = RedisCache(redis_url, {"KEY_PREFIX": prefix})
    assert len(elsewhere.get("throttle_anon_127.0.0.1")) == 2
    assert anonymous.get(url).status_code == 429
    elsewhere.delete("throttle_anon_127.0.0.1")  # it would expire after the minute
