"""The visitor's address behind the reverse proxies we trust (INTS_TRUSTED_PROXIES).

Rate limits, django-axes (AXES_CLIENT_IP_CALLABLE), counters and logs all call `client_ip`.

Why not django-ipware: it matches trusted proxies by string prefix rather than by network, and
its default reads the left-most X-Forwarded-For entry, which the visitor writes himself. The rule
here is the one proxies document (nginx's real_ip_recursive, Rack, Go's chi): walk the chain from
the right, skip the proxies we trust, and the first address left is the client. Addresses are
parsed by the standard library's `ipaddress`, never by hand.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _trusted_networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_trusted_proxies(entries):
    """Networks from addresses or CIDR ranges; raises ValueError on a bad entry (settings)."""
    return _trusted_networks(tuple(entries))


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    """The right-most address of (X-Forwarded-For…, peer) that is not a trusted proxy.

    A peer that is not a trusted proxy is the client, whatever headers it sends; a malformed
    entry in the chain stops the walk at the last address we could check.
    """
    networks = parse_trusted_proxies(settings.INTS_TRUSTED_PROXIES)
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = peer
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(entry)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
