"""Which hosts and addresses the fetcher may reach: host names normalised the way browsers read
them, and a public-address rule that sees through numeric and embedded forms.

A URL's host is decoded like the WHATWG URL parser and glibc's ``inet_aton`` do, so
``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and ``127.1`` are all 127.0.0.1 here too: checking the
text and then letting the resolver read it differently is the classic SSRF bypass. The address
rule is an explicit table (IANA special-purpose registries) rather than ``ipaddress.is_global``,
whose answers changed between Python patch releases.
"""

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import cast
from urllib.parse import unquote

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

_V4_NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", and 0.0.0.0 reaches loopback on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata services
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)
# IPv6 is public only inside global unicast 2000::/3, minus these; NAT64 is judged by the IPv4
# address it carries.
_V6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_V6_NOT_PUBLIC = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) among them
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
    )
)
_V6_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V6_6TO4 = ipaddress.IPv6Network("2002::/16")

_HOST_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?")


class InvalidHost(ValueError):
    """The URL's host is not a name or an address we can read unambiguously."""


def why_not_public(ip: IPAddress) -> str:
    """Empty when the address is publicly routable; otherwise the reason, for the error message."""
    if isinstance(ip, ipaddress.IPv4Address):
        for net in _V4_NOT_PUBLIC:
            if ip in net:
                return f"{ip} is in {net}, not a public address"
        return ""
    if ip.ipv4_mapped is not None:
        return f"{ip} is an IPv4-mapped address"
    if ip in _V6_NAT64:
        embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        reason = why_not_public(embedded)
        return f"{ip} is NAT64 for {embedded}: {reason}" if reason else ""
    if ip in _V6_6TO4 and ip.sixtofour is not None:
        reason = why_not_public(ip.sixtofour)
        return f"{ip} is 6to4 for {ip.sixtofour}: {reason}" if reason else ""
    if ip not in _V6_GLOBAL_UNICAST:
        # loopback, unspecified, IPv4-compatible, unique-local, link-local, site-local, multicast
        return f"{ip} is outside global unicast (2000::/3)"
    for net6 in _V6_NOT_PUBLIC:
        if ip in net6:
            return f"{ip} is in {net6}, not a public address"
    return ""


def _ipv4_number(part: str) -> int | None:
    """One dotted part as WHATWG reads it: 0x.. hexadecimal, 0.. octal, else decimal."""
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        part, radix = part[1:], 8
    if part == "":
        return 0
    try:
        return int(part, radix) if part.isascii() and part.isalnum() else None
    except ValueError:
        return None


def _numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a host "ending in a number" stands for; None for an ordinary name.

    Raises InvalidHost for a numeric-looking host that no form reads (``1.2.3.999``), as a
    browser refuses it.
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts[-1] or (not parts[-1].isdigit() and _ipv4_number(parts[-1]) is None):
        return None
    numbers = [_ipv4_number(part) if part else None for part in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        raise InvalidHost(f"{host!r} looks numeric but is not an IPv4 address")
    *leading, last = cast(list[int], numbers)  # none is None: checked above
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise InvalidHost(f"{host!r} looks numeric but is not an IPv4 address")
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(leading))
    return ipaddress.IPv4Address(value)


def normalise_host(raw: str) -> tuple[str, IPAddress | None]:
    """The host as it will be looked up (lowercase ASCII, no trailing dot) and, for an address
    literal in any spelling, the address itself."""
    host = unquote(raw).strip().lower()
    if not host:
        raise InvalidHost("the URL has no host")
    if ":" in host:  # only an IPv6 literal keeps a colon once the port is split off
        try:
            ip6 = ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise InvalidHost(f"{raw!r} is not an IPv6 address") from exc
        return str(ip6), ip6
    try:
        host = host.encode("idna").decode("ascii")  # nameprep folds full-width digits too
    except UnicodeError as exc:
        raise InvalidHost(f"{raw!r} is not a valid host name") from exc
    if not _HOST_NAME.fullmatch(host):
        raise InvalidHost(f"{raw!r} is not a valid host name")
    ip4 = _numeric_ipv4(host)
    if ip4 is not None:
        return str(ip4), ip4
    return host.rstrip("."), None


# getaddrinfo has no timeout of its own (glibc may retry for 30 s); lookups run here so a fetch
# can stop waiting at its deadline. A lookup that hangs keeps its thread until glibc gives up.
_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fetch-dns")


def resolve_within(resolver: Resolver, host: str, port: int, timeout: float) -> Sequence[str]:
    """The resolver's answer, or TimeoutError after ``timeout`` seconds."""
    return _LOOKUPS.submit(resolver, host, port).result(timeout=timeout)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for the host, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_address(text: str) -> IPAddress:
    """A resolver's answer as an address; a zone (``fe80::1%eth0``) is dropped, as it is
    link-local and refused anyway."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def parse_allow_entry(entry: str) -> tuple[str, int]:
    """A ``host:port`` (or ``[v6]:port``) from FACTCHECK_LINKCHECK_ALLOW, normalised like URLs."""
    host, sep, port = entry.strip().rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"FACTCHECK_LINKCHECK_ALLOW entry {entry!r} is not host:port")
    return normalise_host(host.strip("[]"))[0], int(port)
