"""Local servers on 127.0.0.1: a free port, and an HTTP server in a background thread.

The offline stand-ins of the sources (the randomuser API, the fixture job board) and
the test fakes all run on this, so each says only how it answers a request.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class LoopbackServer:
    """Serve ``handler`` on 127.0.0.1 (port 0: any free port) until ``stop()``.

    Use as a context manager, or ``start()``/``stop()``; ``url`` is the base URL.
    Each request gets its own thread; ``stop()`` returns within a poll interval.
    """

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], port: int = 0, name: str = ""
    ) -> None:
        self._handler = handler
        self._port = port
        self._name = name or handler.__name__
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError(f"{self._name} is not running; call start() first")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._httpd = ThreadingHTTPServer((HOST, self._port), self._handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self._name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps stderr clean: servers keep their own request log."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass
