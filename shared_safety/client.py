"""The address a request comes from, as the proxies in front of the planner saw it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address. Behind N proxies (settings.PROXY_COUNT) it is the Nth address
    from the right of X-Forwarded-For: each proxy appends the address it sees, so those
    entries are the proxies' own and anything further left is the client's to write. With
    no proxy, a header too short for N proxies or an entry that is no address, it is the
    connection's own address (REMOTE_ADDR)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if proxies < 1:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote
