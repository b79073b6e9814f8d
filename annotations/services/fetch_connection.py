"""HTTP connections pinned to addresses that were already checked, with a deadline on every read.

``http.client`` would resolve the host name again in ``connect()``; a DNS answer that changes
between the check and the connection (rebinding) would then reach whatever it names. These
connections open the socket to the checked address themselves, while the Host header, TLS SNI
and certificate verification still use the host name.
"""

import http.client
import io
import socket
import ssl
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

from .fetch_address import IPAddress

# A connection attempt to one address may take this long (bounded by the overall deadline too),
# so a dead first address of a dual-stack host leaves time for the next.
CONNECT_TIMEOUT = 3.0


def open_socket(ip: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP connection to exactly this address: no name lookup happens here."""
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((str(ip), port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except BaseException:
        sock.close()
        raise
    return sock


class Deadline:
    """A monotonic deadline for the whole fetch and the idle limit for each wait on the network."""

    def __init__(self, total: float, idle: float) -> None:
        self.end = time.monotonic() + total
        self.idle = idle

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("the overall deadline passed")
        return left

    def wait(self) -> float:
        """The timeout for the next socket operation."""
        return min(self.idle, self.remaining())


class _DeadlineReader(io.RawIOBase):
    """Socket reads that give up after ``idle`` seconds without a byte or at the deadline, so a
    server dripping one byte a second cannot hold a worker beyond the total timeout."""

    def __init__(self, owner: "_DeadlineSocket") -> None:
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        sock = self._owner.sock
        sock.settimeout(self._owner.deadline.wait())
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            super().close()
            self._owner.release()


class _DeadlineSocket:
    """What ``http.client`` needs of a socket (sendall, makefile, close), under the deadline.

    Like a real socket, it stays open while a file made from it is open: http.client closes the
    connection as soon as a "Connection: close" reply arrives, before its body is read.
    """

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self.sock = sock
        self.deadline = deadline
        self._files = 0
        self._closed = False

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.wait())
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        self._files += 1
        return io.BufferedReader(_DeadlineReader(self))

    def release(self) -> None:
        self._files -= 1
        if self._closed and self._files == 0:
            self.sock.close()

    def close(self) -> None:
        self._closed = True
        if self._files == 0:
            self.sock.close()


def _connect_first(
    addresses: Sequence[IPAddress], port: int, deadline: Deadline
) -> tuple[socket.socket, IPAddress]:
    """The first of the checked addresses that accepts a connection, tried in order."""
    error: OSError = ConnectionError("no address to connect to")
    for ip in addresses:
        timeout = min(CONNECT_TIMEOUT, deadline.remaining())  # TimeoutError once it has passed
        try:
            return open_socket(ip, port, timeout), ip
        except OSError as exc:  # refused, unreachable or slow: the next address may answer
            error = exc
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to a checked address; the Host header names ``host``."""

    def __init__(
        self, host: str, port: int, *, addresses: Sequence[IPAddress], deadline: Deadline
    ) -> None:
        super().__init__(host, port)
        self.addresses = list(addresses)
        self.deadline = deadline
        self.peer = ""  # the address connected to, once connected

    def connect(self) -> None:
        sock, ip = _connect_first(self.addresses, self.port, self.deadline)
        self.peer = str(ip)
        self.sock = _DeadlineSocket(sock, self.deadline)


@cache
def _tls_context() -> ssl.SSLContext:
    """Certificate and host name verification on, the system's trust store; built once."""
    return ssl.create_default_context()


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address; SNI and certificate verification use ``host``."""

    def __init__(
        self, host: str, port: int, *, addresses: Sequence[IPAddress], deadline: Deadline
    ) -> None:
        super().__init__(host, port, context=_tls_context())
        self.addresses = list(addresses)
        self.deadline = deadline
        self.peer = ""  # the address connected to, once connected

    def connect(self) -> None:
        sock, ip = _connect_first(self.addresses, self.port, self.deadline)
        self.peer = str(ip)
        try:
            sock.settimeout(min(CONNECT_TIMEOUT, self.deadline.remaining()))
            tls = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = _DeadlineSocket(tls, self.deadline)
