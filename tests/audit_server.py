"""A local HTTP server for the audit tests: fixed routes, a hit counter, on 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
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

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    hits: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[self.path] += 1
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
        yield Server(f"http://{host}:{port}", routes, hits)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
