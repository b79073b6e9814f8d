"""The guarded fetcher against local servers only: what it reads, what it refuses before any
connection (a canary on loopback counts zero), and how it bounds time and size."""

import gzip
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time

import pytest

from annotations.services import fetch_connection
from annotations.services.fetcher import FetchStatus, fetch
from tests.conftest import ROOT
from tests.fetch_servers import drip, page, raw, redirect, serving, stream, tiny_pdf, wait_until

HTML = b"<html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>"


@pytest.fixture
def canary():
    """A server nobody may reach; its port counts as fetchable, so only the address rule can keep
    the fetcher away from it."""
    with serving() as server:
        yield server


@pytest.fixture
def site(settings, canary):
    """An allowed local site (its host:port is in FACTCHECK_LINKCHECK_ALLOW)."""
    with serving({"/": page(HTML)}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        settings.FACTCHECK_FETCH_PORTS = [80, 443, canary.port]
        yield server


def _no_connection(server) -> bool:
    time.sleep(0.05)  # a connection, had there been one, is counted by the server's thread
    return server.connections == 0


# --- what is fetched ------------------------------------------------------------------------------


def test_an_html_page_on_an_allowed_host_is_ok_with_its_body(site):
    result = fetch(site.url("/"))
    assert result.status == FetchStatus.OK
    assert (result.http_status, result.content_type, result.charset) == (200, "text/html", "utf-8")
    assert result.body == HTML
    assert result.address == "127.0.0.1"
    assert result.final_url == site.url("/")


def test_the_host_header_names_the_host_while_the_connection_goes_to_the_checked_address(
    settings, site
):
    seen = {}

    def record(handler, stopping):
        seen["host"] = handler.headers["Host"]
        page(HTML)(handler, stopping)

    site.routes["/who"] = record
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"news.example:{site.port}"]
    result = fetch(f"http://news.example:{site.port}/who", resolver=lambda h, p: ["127.0.0.1"])
    assert result.status == FetchStatus.OK
    assert seen["host"] == f"news.example:{site.port}"


def test_when_the_first_checked_address_refuses_the_next_one_is_tried(settings, site):
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"dual.example:{site.port}"]
    answer = ["127.0.0.2", "127.0.0.1"]  # nothing listens on 127.0.0.2
    result = fetch(f"http://dual.example:{site.port}/", resolver=lambda h, p: answer)
    assert (result.status, result.address) == (FetchStatus.OK, "127.0.0.1")


def test_a_pdf_is_read_with_its_content_type(site):
    site.routes["/doc.pdf"] = page(tiny_pdf(), content_type="application/pdf")
    result = fetch(site.url("/doc.pdf"))
    assert result.status == FetchStatus.OK
    assert result.content_type == "application/pdf"
    assert result.body.startswith(b"%PDF-1.4") and result.body.endswith(b"%%EOF\n")


def test_a_gzip_body_is_decoded(site):
    site.routes["/z"] = page(gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
    assert fetch(site.url("/z")).body == HTML


def test_a_path_with_umlauts_and_spaces_is_sent_percent_encoded(site):
    site.routes["/wiki/K%C3%B6ln%20Mitte"] = page(HTML)
    assert fetch(site.url("/wiki/Köln Mitte")).status == FetchStatus.OK


def test_a_corrupt_gzip_body_is_an_error(site):
    site.routes["/z"] = page(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    result = fetch(site.url("/z"))
    assert (result.status, result.error) == (FetchStatus.ERROR, "the compressed body is corrupt")


def test_a_malformed_allow_entry_is_a_configuration_error_not_a_fetch_status(settings):
    settings.FACTCHECK_LINKCHECK_ALLOW = ["127.0.0.1"]
    with pytest.raises(ValueError, match="not host:port"):
        fetch("http://127.0.0.1/")


# --- SSRF: refused before any connection ---------------------------------------------------------

LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "localhost",
    "2130706433",  # decimal
    "0177.0.0.1",  # octal
    "0x7f.1",  # hexadecimal, short
    "0x7f000001",
    "017700000001",
    "127.1",  # short
    "127.0.0.1.",  # trailing dot
    "%31%32%37.0.0.1",  # percent-encoded
    "１２７.０.０.１",  # full-width digits
    "0.0.0.0",  # reaches loopback on Linux
    "0",
    "[::1]",
    "[::]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::127.0.0.1]",  # IPv4-compatible
    "[2002:7f00:1::]",  # 6to4 carrying 127.0.0.1
    "[64:ff9b::7f00:1]",  # NAT64 carrying 127.0.0.1
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo carrying 127.0.0.1
    "user:pass@127.0.0.1",
    "example.com@127.0.0.1",
]
PRIVATE_ADDRESSES = [
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # shared address space
    "192.0.0.1",
    "198.18.0.1",
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "[fe80::1]",  # link-local
    "[fc00::1]",  # unique local
    "[ff02::1]",  # multicast
    "[2002:a00:1::]",  # 6to4 carrying 10.0.0.1
    "[64:ff9b::a00:1]",  # NAT64 carrying 10.0.0.1
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS + PRIVATE_ADDRESSES)
def test_a_loopback_or_private_target_is_blocked_without_a_connection(site, canary, host):
    result = fetch(f"http://{host}:{canary.port}/")
    assert result.status == FetchStatus.BLOCKED, result.error
    assert result.http_status is None and result.address == ""
    assert _no_connection(canary)


def test_the_canary_does_count_a_connection_when_its_pair_is_allowed(settings, site, canary):
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{canary.port}"]
    assert fetch(canary.url("/")).status == FetchStatus.NOT_FOUND
    assert wait_until(lambda: canary.connections == 1)


@pytest.mark.parametrize(
    "answer", [["127.0.0.1"], ["10.1.2.3"], ["93.184.216.34", "127.0.0.1"], ["::1"]]
)
def test_a_name_resolving_to_any_private_address_is_blocked(site, canary, answer):
    result = fetch(f"http://news.example:{canary.port}/", resolver=lambda h, p: answer)
    assert result.status == FetchStatus.BLOCKED
    assert "news.example resolves to" in result.error
    assert _no_connection(canary)


def test_dns_rebinding_gets_nothing_the_checked_answer_is_the_one_connected_to(
    site, canary, monkeypatch
):
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    lookups, connects = [], []

    def resolver(host, port):
        lookups.append(host)
        return next(answers)

    def spy(ip, port, timeout):
        connects.append((str(ip), port))
        raise ConnectionRefusedError(111, "Connection refused")  # no internet in the tests

    monkeypatch.setattr(fetch_connection, "open_socket", spy)
    result = fetch(f"http://rebind.example:{canary.port}/", resolver=resolver)
    assert lookups == ["rebind.example"]
    assert connects == [("93.184.216.34", canary.port)]
    assert result.status == FetchStatus.ERROR
    assert _no_connection(canary)


def test_a_lookup_that_hangs_ends_at_the_deadline(site):
    def hanging(host, port):
        time.sleep(3)
        return ["93.184.216.34"]

    started = time.monotonic()
    result = fetch("http://slow-dns.example/", resolver=hanging, total_timeout=0.5)
    assert result.status == FetchStatus.TIMEOUT
    assert time.monotonic() - started < 2.5, "it waited for the lookup (3 s)"


def test_a_name_that_does_not_resolve_is_an_error_not_blocked(site):
    def nxdomain(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    result = fetch("http://no-such-host.example/", resolver=nxdomain)
    assert (result.status, result.error) == (
        FetchStatus.ERROR,
        "the host no-such-host.example could not be resolved",
    )


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:{port}/", "http://localhost:{port}/", "http://2130706433:{port}/"]
    + ["http://[::ffff:127.0.0.1]:{port}/", "http://169.254.169.254/latest/meta-data/"],
)
def test_a_redirect_from_an_allowed_host_to_loopback_is_blocked(site, canary, location):
    target = location.format(port=canary.port)
    site.routes["/hop"] = redirect(target)
    result = fetch(site.url("/hop"))
    assert result.status == FetchStatus.BLOCKED
    assert (result.redirects, result.final_url, result.http_status) == ((target,), target, 302)
    assert _no_connection(canary)
    assert site.connections == 1


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi"]
    + ["gopher://127.0.0.1:70/", "http:///nohost", "http://1.2.3.999/", "http://a..b/"],
)
def test_other_schemes_and_unreadable_hosts_are_unsupported(site, url):
    assert fetch(url).status == FetchStatus.UNSUPPORTED


def test_a_port_outside_the_fetch_ports_is_unsupported_without_a_connection(settings, canary):
    settings.FACTCHECK_LINKCHECK_ALLOW = []
    result = fetch(f"http://news.example:{canary.port}/", resolver=lambda h, p: ["93.184.216.34"])
    assert result.status == FetchStatus.UNSUPPORTED
    assert f"port {canary.port}" in result.error
    assert _no_connection(canary)
    assert fetch("http://93.184.216.34:8080/").status == FetchStatus.UNSUPPORTED


def test_production_refuses_to_start_with_an_allow_list(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(
        FACTCHECK_DEPLOYMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="factcheck.example.org",
        FACTCHECK_VAR_DIR=str(tmp_path),
        FACTCHECK_LINKCHECK_ALLOW="127.0.0.1:8000",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "FACTCHECK_LINKCHECK_ALLOW is for tests only" in result.stderr


# --- statuses -----------------------------------------------------------------------------------


def test_five_redirects_are_followed_and_the_page_is_redirected(site):
    for n in range(5):
        site.routes[f"/r{n}"] = redirect(f"/r{n + 1}", status=301 if n % 2 else 307)
    site.routes["/r5"] = page(HTML)
    result = fetch(site.url("/r0"))
    assert result.status == FetchStatus.REDIRECTED
    assert result.final_url == site.url("/r5") and len(result.redirects) == 5
    assert result.body == HTML


def test_ten_redirects_are_too_many(site):
    for n in range(10):
        site.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    site.routes["/r10"] = page(HTML)
    result = fetch(site.url("/r0"))
    assert result.status == FetchStatus.ERROR
    assert result.error == "stopped after 5 redirects"
    assert len(result.redirects) == 5 and result.body == b""


def test_a_webhook_style_post_refuses_every_redirect(site):
    site.routes["/hook"] = redirect("/elsewhere", status=307)
    result = fetch(site.url("/hook"), method="POST", body=b"{}", max_redirects=0, accept=None)
    assert (result.status, result.http_status) == (FetchStatus.ERROR, 307)
    assert (result.error, result.redirects) == ("redirects are not followed", ())


@pytest.mark.parametrize(
    ("status", "expected"),
    [(404, FetchStatus.NOT_FOUND), (410, FetchStatus.GONE), (500, FetchStatus.ERROR)]
    + [(403, FetchStatus.ERROR), (304, FetchStatus.ERROR)],
)
def test_http_statuses_map_to_link_statuses_and_the_body_is_never_quoted(site, status, expected):
    site.routes["/s"] = page(b"SECRET-UPSTREAM-BODY", status=status)
    result = fetch(site.url("/s"))
    assert (result.status, result.http_status) == (expected, status)
    assert result.body == b""
    assert "SECRET" not in result.error


def test_a_garbled_reply_is_an_error_that_does_not_quote_it(site):
    site.routes["/junk"] = raw(b"SECRET-STATUS-LINE nonsense\r\n\r\n")
    result = fetch(site.url("/junk"))
    assert result.status == FetchStatus.ERROR
    assert "SECRET" not in result.error and "protocol" in result.error


def test_an_image_is_unsupported_and_its_body_is_not_read(site):
    site.routes["/img.png"] = drip("image/png")  # reading the body would take 30 s
    started = time.monotonic()
    result = fetch(site.url("/img.png"))
    assert result.status == FetchStatus.UNSUPPORTED
    assert "image/png" in result.error and result.body == b""
    assert time.monotonic() - started < 10, "it read the body (30 s)"


# --- time and size --------------------------------------------------------------------------------


def test_a_drip_of_one_byte_a_second_times_out_at_the_first_limit_it_meets(site):
    # A byte a second arrives just within the 1 s idle limit, or just after it: whichever, the
    # total deadline (10 s by default, 1.5 s here) ends the fetch.
    site.routes["/drip"] = drip()
    started = time.monotonic()
    result = fetch(site.url("/drip"), total_timeout=1.5)
    assert result.status == FetchStatus.TIMEOUT
    assert 0.9 < time.monotonic() - started < 6, "it read on past the total deadline"


def test_a_drip_faster_than_the_idle_limit_still_ends_at_the_total_deadline(site):
    site.routes["/drip"] = drip(every=0.3)
    started = time.monotonic()
    result = fetch(site.url("/drip"), total_timeout=1.5)
    assert result.status == FetchStatus.TIMEOUT
    assert 1.4 < time.monotonic() - started < 6, "it read on past the total deadline"


def test_a_status_line_dripped_a_byte_a_second_times_out_at_the_total_deadline(site):
    site.routes["/slow-head"] = drip(headers_too=True)
    started = time.monotonic()
    result = fetch(site.url("/slow-head"), total_timeout=1.5)
    assert result.status == FetchStatus.TIMEOUT
    assert time.monotonic() - started < 6, "it read on past the total deadline"


def test_a_server_silent_for_longer_than_the_idle_limit_times_out(site):
    site.routes["/stall"] = drip(every=5.0)
    started = time.monotonic()
    result = fetch(site.url("/stall"))
    assert result.status == FetchStatus.TIMEOUT
    assert 0.9 < time.monotonic() - started < 4.5, "it waited for the next byte (5 s)"


def test_a_declared_six_megabyte_body_is_too_large_before_it_is_read(site):
    site.routes["/big"] = page(b"x" * 6_000_000, content_type="text/plain")
    result = fetch(site.url("/big"))
    assert (result.status, result.body) == (FetchStatus.TOO_LARGE, b"")


def test_an_undeclared_six_megabyte_body_is_too_large_once_five_are_read(site):
    site.routes["/big"] = stream(6_000_000)
    result = fetch(site.url("/big"))
    assert (result.status, result.body) == (FetchStatus.TOO_LARGE, b"")


def test_a_gzip_bomb_is_too_large_however_small_it_arrives(site):
    bomb = gzip.compress(b"\0" * 50_000_000)
    site.routes["/bomb"] = page(
        bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"}
    )
    result = fetch(site.url("/bomb"))
    assert len(bomb) < 100_000
    assert result.status == FetchStatus.TOO_LARGE


# --- TLS ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.example (made by the openssl command line)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example"]
        + ["-addext", "subjectAltName=DNS:news.example"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def tls_site(settings, certificate):
    """An HTTPS server for news.example on 127.0.0.1; ``names`` collects the SNI it was sent."""
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    with serving({"/": page(HTML)}, tls=context) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"news.example:{server.port}"]
        server.names = names
        yield server


def _trusting(monkeypatch, cert) -> None:
    monkeypatch.setattr(
        fetch_connection, "_tls_context", lambda: ssl.create_default_context(cafile=cert)
    )


def test_https_sends_the_host_name_and_verifies_the_certificate_against_it(
    tls_site, certificate, monkeypatch
):
    _trusting(monkeypatch, certificate[0])
    result = fetch(f"https://news.example:{tls_site.port}/", resolver=lambda h, p: ["127.0.0.1"])
    assert result.status == FetchStatus.OK, result.error
    assert (result.body, result.address, tls_site.names) == (HTML, "127.0.0.1", ["news.example"])


def test_https_with_a_certificate_for_another_name_is_an_error(
    settings, tls_site, certificate, monkeypatch
):
    _trusting(monkeypatch, certificate[0])
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"other.example:{tls_site.port}"]
    result = fetch(f"https://other.example:{tls_site.port}/", resolver=lambda h, p: ["127.0.0.1"])
    assert result.status == FetchStatus.ERROR
    assert result.error == "the TLS certificate is not valid for this host"


def test_https_with_an_untrusted_certificate_is_an_error(tls_site):
    result = fetch(f"https://news.example:{tls_site.port}/", resolver=lambda h, p: ["127.0.0.1"])
    assert result.status == FetchStatus.ERROR
    assert result.error == "the TLS certificate is not valid for this host"
