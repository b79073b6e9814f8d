"""Local HTTP servers on 127.0.0.1 for the fetcher's tests and bench: routes answer with pages,
redirects, drips and broken replies, and every server counts the connections it accepted (a
server nobody should reach is a canary: its count must stay zero)."""

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler, threading.Event], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.connections = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def verify_request(self, request, client_address) -> bool:  # type: ignore[no-untyped-def]
        with self._lock:
            self.connections += 1
        return True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that hangs up early (the fetcher does, on purpose) is no failure


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path.partition("?")[0])
        if route is None:
            page(b"not here", status=404)(self, self.server.stopping)
        else:
            route(self, self.server.stopping)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalServer:
    """A running server: ``url(path)``, ``port``, its ``routes`` (add more while it runs) and
    ``connections`` (accepted so far)."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.port = server.server_address[1]
        self.routes = server.routes

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def connections(self) -> int:
        return self._server.connections


@contextmanager
def serving(
    routes: dict[str, Route] | None = None, *, tls: ssl.SSLContext | None = None
) -> Iterator[LocalServer]:
    """Serve the routes on 127.0.0.1 (a free port) until the block ends; drips watch the stop
    event, so no handler thread outlives the block by more than a moment. With ``tls`` (a
    server-side context) it speaks HTTPS."""
    server = _Server(dict(routes or {}))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield LocalServer(server)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def page(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Route:
    def answer(handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location: str, status: int = 302) -> Route:
    return page(b"", status=status, headers={"Location": location})


def stream(size: int, content_type: str = "text/plain", chunk: int = 64 * 1024) -> Route:
    """A body of ``size`` bytes with no Content-Length: only reading it tells how big it is."""

    def answer(handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Connection", "close")
        handler.end_headers()
        sent = 0
        while sent < size and not stopping.is_set():
            handler.wfile.write(b"x" * min(chunk, size - sent))
            sent += chunk
        handler.close_connection = True

    return answer


def drip(
    content_type: str = "text/html", *, headers_too: bool = False, every: float = 1.0
) -> Route:
    """One byte a second (at most 30) of the body, or of the status line with ``headers_too``."""

    def answer(handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        if headers_too:
            data = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        else:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", "30")
            handler.end_headers()
            handler.wfile.flush()
            data = b"x" * 30
        for byte in data[:30]:
            if stopping.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        handler.close_connection = True

    return answer


def raw(reply: bytes) -> Route:
    """Bytes written as they are, whatever HTTP would say about them."""

    def answer(handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        handler.wfile.write(reply)
        handler.close_connection = True

    return answer


def tiny_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page PDF whose page shows ``lines`` in Helvetica (WinAnsi), with ``title`` in its
    document information, and a correct cross-reference table."""
    shown = b"".join(_pdf_string(line) + b" Tj 0 -16 Td " for line in lines)
    content = b"BT /F1 11 Tf 40 800 Td " + shown + b"ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        b"<</Title " + _pdf_string(title) + b">>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R/Info 6 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def wait_until(condition: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll until the condition holds (a server thread counts a connection a moment later)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
