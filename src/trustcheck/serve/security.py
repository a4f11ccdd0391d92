"""The workbench's defences: report text is hostile, the browser may be tricked, the host checked.

- Every response carries a Content-Security-Policy that allows only the workbench's own script,
  style sheet and images (no inline script at all), and may not be framed.
- A state-changing request must carry the session's token: a random session id lives in an
  HttpOnly, SameSite=Strict cookie, and the token in every form is an HMAC of it under a key
  made at start-up, so another site cannot forge a decision.
- Only loopback names are accepted in the Host header unless the server was bound elsewhere on
  purpose (a DNS-rebinding page cannot talk to it under another name).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "trustcheck_session"
REVIEWER_COOKIE = "trustcheck_reviewer"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) only reaches this machine."""
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Tokens:
    """Per-session CSRF tokens: an HMAC of the session id under a key that lives in memory."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def token(self, session: str) -> str:
        return hmac.new(self._key, session.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, session: str | None, token: str | None) -> bool:
        if not session or not token:
            return False
        return hmac.compare_digest(self.token(session), token)


def host_name(header: str) -> str:
    """The name in a Host header, without the port (``[::1]:8765`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SecurityHeaders:
    """ASGI middleware: refuse unknown Host names, add :data:`HEADERS` to every response.

    ``allowed_hosts`` None accepts any name (a server bound to another interface on purpose).
    """

    def __init__(
        self, app: ASGIApp, allowed_hosts: tuple[str, ...] | None = LOOPBACK_NAMES
    ) -> None:
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None and host_name(Headers(scope=scope).get("host", "")) not in (
            self.allowed
        ):
            refused = PlainTextResponse("unknown host name", status_code=400, headers=HEADERS)
            await refused(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name == "Cache-Control" and name.lower() in headers:
                        continue
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
