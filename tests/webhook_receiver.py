"""A webhook receiver for the tests and the bench: a route for tests/fetch_servers.py that keeps
every request it got (time, headers, body) and answers with the next status of a script."""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any


@dataclass
class Received:
    at: float
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        timestamp = self.headers["X-Webhook-Timestamp"]
        mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + self.body, hashlib.sha256)
        return hmac.compare_digest(f"sha256={mac.hexdigest()}", self.headers["X-Webhook-Signature"])


@dataclass
class Receiver:
    """Answers ``statuses`` in turn (the last one from then on); waits ``delay`` s first."""

    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    got: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        with self._lock:
            self.got.append(Received(time.monotonic(), dict(handler.headers.items()), body))
            status = self.statuses[min(len(self.got) - 1, len(self.statuses) - 1)]
        if self.delay and stopping.wait(self.delay):
            return
        answer = b'{"ok": true}'
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(answer)))
        handler.end_headers()
        handler.wfile.write(answer)

    def types(self) -> list[str]:
        return [r.event["type"] for r in self.got]
