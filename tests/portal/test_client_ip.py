"""The client's address behind INTS_TRUSTED_PROXIES (core/client_ip.py)."""

import pytest
from django.test import RequestFactory

from core.client_ip import client_ip


def request_from(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ((), "192.0.2.1", "198.51.100.7", "192.0.2.1"),  # nobody trusted: the peer
        (("10.0.0.1",), "192.0.2.1", "198.51.100.7", "192.0.2.1"),  # untrusted peer
        (("10.0.0.1",), "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (("10.0.0.1",), "10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged left
        (("10.0.0.0/24",), "10.0.0.9", "198.51.100.7, 10.0.0.3", "198.51.100.7"),  # two layers
        (("10.0.0.1",), "10.0.0.1", None, "10.0.0.1"),  # proxy's own request
        (("10.0.0.1",), "10.0.0.1", "garbage, 198.51.100.7", "198.51.100.7"),
        (("10.0.0.1",), "10.0.0.1", "198.51.100.7, garbage", "10.0.0.1"),  # stops at garbage
        (("::1",), "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_ip_walks_forwarded_for_from_the_right(settings, trusted, peer, forwarded, expected):
    settings.INTS_TRUSTED_PROXIES = trusted

    assert client_ip(request_from(peer, forwarded)) == expected


def test_axes_uses_the_same_client_address(settings):
    from axes.helpers import get_client_ip_address

    settings.INTS_TRUSTED_PROXIES = ("10.0.0.1",)

    assert get_client_ip_address(request_from("10.0.0.1", "198.51.100.7")) == "198.51.100.7"
