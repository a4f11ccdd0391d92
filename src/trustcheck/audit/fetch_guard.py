"""The network under a download: one total deadline, and no connection to internal addresses.

A manifest URL, and every site it redirects to, is untrusted. Two things cannot be checked on
the URL alone, so they are checked where the connection is made, under httpx (an httpcore
network backend):

* **time**: a server that sends its headers one byte at a time never trips a per-read timeout.
  Every connect, read and write here is given only what is left of the download's one deadline.
* **where**: a redirect to ``localhost``, ``2130706433`` (a decimal IP), ``[::1]``, a private
  network or a link-local address (a cloud's metadata service) would let a manifest, or a site
  it names, make the auditor's machine request its own internal services. The host name is
  resolved here and the connection made to the address that was checked, so a name cannot
  resolve to one address for the check and another for the connection. Such addresses are
  refused unless they are the origin the user wrote in the manifest, or the user allows them.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import typing
from collections.abc import Iterable

import httpcore

from trustcheck.errors import FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_internal(address: Address) -> bool:
    """Loopback, private, link-local, multicast, reserved or unspecified: not the internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own blocking backend, under one deadline and an address policy."""

    def __init__(
        self, deadline: float, *, trusted_origin: tuple[str, int], allow_internal: bool
    ) -> None:
        self.deadline = deadline
        self.trusted_origin = trusted_origin
        self.allow_internal = allow_internal
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        address = self._checked_address(host, port, timeout)
        stream = self._inner.connect_tcp(
            str(address), port, _left(self.deadline, timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("downloads never use a local socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.deadline - time.monotonic())))

    def _checked_address(self, host: str, port: int, timeout: float | None) -> Address:
        _left(self.deadline, timeout)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        trusted = self.allow_internal or (host.lower(), port) == self.trusted_origin
        internal = [a for a in addresses if is_internal(a)]
        if internal and not trusted:
            raise FetchError(
                f"{host} is {internal[0]}, an internal address (loopback, private or "
                "link-local) that a download may only reach when the manifest names it",
                hint="pass --allow-internal-addresses if the audit is meant to reach it",
            )
        return addresses[0]


def _left(deadline: float, timeout: float | None) -> float:
    """The timeout for one network operation: the usual one, or what is left of the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the download's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(self._deadline, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(self._deadline, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(self._deadline, timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)
