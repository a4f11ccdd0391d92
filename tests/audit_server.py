"""Local HTTP servers for the audit tests, on 127.0.0.1 only.

``serve`` answers fixed routes and counts hits (and the ``Authorization`` headers it was sent);
``serve_raw`` hands each connection to a function that writes whatever bytes a misbehaving server
would (headers one byte at a time, a body shorter than its length).
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: Counter[str]
    authorizations: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    hits: Counter[str] = Counter()
    authorizations: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[self.path] += 1
            if "Authorization" in self.headers:
                authorizations.append(self.headers["Authorization"])
            route = routes.get(self.path, Route(status=404, body=b"not here"))
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield Server(f"http://{host}:{port}", routes, hits, authorizations)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@contextmanager
def serve_raw(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A server that reads one request per connection and lets ``answer`` write the reply.

    Yields the base URL. Connections are answered in daemon threads; ``answer`` should stop
    when a write fails (the client gave up).
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stopping = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(4096)
                    if not data:
                        return
                    request += data
                answer(conn)
            except OSError:
                pass

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        host, port = listener.getsockname()[:2]
        yield f"http://{host}:{port}"
    finally:
        stopping.set()
        thread.join()
        listener.close()
