"""The address a request comes from, as the proxies in front of the planner saw it."""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def trusted_networks(networks):
    return [ipaddress.ip_network(network, strict=False) for network in networks]


def from_trusted_proxy(address):
    """Whether ``address`` is one of the proxies' (settings.TRUSTED_PROXIES)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The client's address. Behind N proxies (settings.PROXY_COUNT) it is the Nth address
    from the right of X-Forwarded-For: each proxy appends the address it sees, so those
    entries are the proxies' own and anything further left is the client's to write. The
    header counts only when the connection comes from a trusted proxy: a client reaching the
    app directly would otherwise choose its own address. With no proxy, a header too short
    for N proxies or an entry that is no address, it is the connection's own address
    (REMOTE_ADDR)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if proxies < 1 or not from_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote
