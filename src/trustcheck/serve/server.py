"""Running the workbench: a socket bound on purpose, then uvicorn on it.

The socket is bound here, before uvicorn starts, so the URL printed is the one that answers
(port 0 picks a free port) and a port already in use is a one-line error, not a traceback.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

from trustcheck.errors import UsageError
from trustcheck.serve.security import is_loopback


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a clear error if it cannot be had."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as err:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port} ({err.strerror or err})",
            hint="choose another --port, or 0 for any free one",
        ) from err
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve_audit(
    audit_dir: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    reviewer: str | None = None,
    allow_remote: bool = False,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workbench for ``audit_dir`` until interrupted.

    Binds to loopback unless ``allow_remote`` is given with another ``host``: anyone who can
    reach that interface can read the reports and record decisions. ``on_ready`` receives the
    URL once the socket is listening.
    """
    import uvicorn

    from trustcheck.serve.app import create_app

    if not is_loopback(host) and not allow_remote:
        raise UsageError(
            f"--host {host} would let other machines reach the workbench",
            hint="pass --allow-remote as well to do so on purpose",
        )
    app = create_app(
        Path(audit_dir),
        reviewer=reviewer,
        any_host=not is_loopback(host),
    )
    sock = bind(host, port)
    if on_ready is not None:
        on_ready(url_of(sock))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
