"""Where Dynamic Registration may send requests, so the registration page cannot probe a network.

The LMS names the addresses lti-qi calls while registering (its OpenID configuration, its
registration endpoint). lti-qi only calls https hosts whose every resolved address is public
(not loopback, link-local, private, shared or reserved), and checks each redirect's target the
same way before following it. Hosts the operator lists in ``dynamic_registration_allowed_hosts``
may be called over http and on any address (the demo's sandbox LMS runs on this machine).

The host is resolved here and again when connecting, so a name that changes its answer in
between (DNS rebinding) is not caught; the invite link limits who can try.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests


class HostRefused(Exception):
    """lti-qi will not send a registration request to this address."""


def check_url(url: str, allowed_hosts: Iterable[str]) -> None:
    """Refuse a URL that is not https on public addresses, unless its host is allowed.

    Raises:
        HostRefused: naming the reason (for the log; never shown to the browser).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise HostRefused(f"{url!r} names no host")
    allowed = {entry.lower() for entry in allowed_hosts}
    if host in allowed or parts.netloc.lower() in allowed:
        return
    if parts.scheme != "https":
        raise HostRefused(f"{url!r} is not https")
    for address in _addresses(host):
        if not address.is_global or address.is_multicast:
            raise HostRefused(f"{host} resolves to the non-public address {address}")


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise HostRefused(f"{host} does not resolve") from error
    # An IPv6 address may carry a zone ("fe80::1%eth0"), which ip_address refuses.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]


class GuardedSession:
    """The shared outbound session, checking every address (and redirect) before calling it.

    pylti1p3 uses it in a ``with`` block; leaving the block does not close the shared session.
    """

    def __init__(self, session: requests.Session, allowed_hosts: Iterable[str]):
        self._session = session
        self._allowed_hosts = tuple(allowed_hosts)

    def __enter__(self) -> GuardedSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        """Send a GET to an address that passes ``check_url``."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """Send a POST to an address that passes ``check_url``."""
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Check the address, then send; each redirect's target is checked before it is followed.

        Raises:
            HostRefused: when the address or a redirect's target is refused.
        """
        check_url(url, self._allowed_hosts)
        return self._session.request(
            method, url, hooks={"response": self._check_redirect}, **kwargs
        )

    def _check_redirect(self, response: requests.Response, **_: Any) -> requests.Response:
        if response.is_redirect:
            check_url(urljoin(response.url, response.headers["location"]), self._allowed_hosts)
        return response
