"""Fetching a report named by URL, once, within limits, and keeping the bytes.

A member's report URL is untrusted, and so is every site it redirects to: it may redirect
forever, to a non-HTTP scheme or to the auditor's own network, stream gigabytes, compress a bomb
in layers, dribble its headers or never answer. Only http(s) is followed; redirects are followed
by hand so each hop is checked; every connection is checked and timed where it is made
(:mod:`trustcheck.audit.fetch_guard`); the body is decoded here, layer by layer, each layer
bounded; a body shorter than its ``Content-Length`` is refused; and nothing the document itself
links to is ever requested. Credentials in a URL are never written anywhere. The bytes are
stored under their sha256 so the audit can be re-run, years later, on exactly what was assessed.
"""

from __future__ import annotations

import hashlib
import mimetypes
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from trustcheck._version import __version__
from trustcheck.audit.fetch_guard import GuardedBackend
from trustcheck.errors import FetchError
from trustcheck.fsutil import write_atomic

_MB = 1024 * 1024
_SUFFIXES = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/markdown": ".md",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds for one download; the defaults fit the largest published reports."""

    max_bytes: int = 100 * _MB
    """Most bytes of the body, counted after every layer of ``Content-Encoding``."""
    timeout: float = 30.0
    """Seconds allowed for connecting and between bytes."""
    total_seconds: float = 120.0
    """Seconds allowed for the whole download, redirects included."""
    max_redirects: int = 5
    allow_internal: bool = False
    """Follow redirects to loopback, private and link-local addresses (see fetch_guard)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """What was downloaded and where it is kept."""

    url: str
    final_url: str
    sha256: str
    path: Path
    content_type: str
    size: int
    fetched_at: str


def redact_url(url: str) -> str:
    """``url`` without a ``user:password@`` part: credentials are never written anywhere."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def fetch(
    url: str,
    store: Path,
    limits: FetchLimits | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """Download ``url`` into ``store`` as ``<sha256><suffix>``; raise :class:`FetchError`.

    Credentials in ``url`` are sent to its own host only, never to a host it redirects to, and
    never appear in what is returned or in a message.
    """
    limits = limits or FetchLimits()
    shown = redact_url(url)
    _check_scheme(shown, url)
    deadline = time.monotonic() + limits.total_seconds
    origin = urlsplit(url)
    host = (origin.hostname or "").lower()
    trusted = (host, origin.port or (443 if origin.scheme.lower() == "https" else 80))
    if transport is None:
        backend = GuardedBackend(
            deadline, trusted_origin=trusted, allow_internal=limits.allow_internal
        )
        transport = _GuardedTransport(backend)
    headers = {
        "User-Agent": f"trustcheck/{__version__} (transparency report audit)",
        "Accept-Encoding": "gzip, deflate",
    }
    current = url
    try:
        with httpx.Client(
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=False,
            headers=headers,
            transport=transport,
            trust_env=False,
        ) as client:
            for _hop in range(limits.max_redirects + 1):
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(f"{shown}: redirect without a Location header")
                        # Credentials in a Location are not sent on: nobody the user trusted
                        # wrote them, and they would be written into the audit.
                        current = _with_own_credentials(redact_url(urljoin(current, location)), url)
                        _check_scheme(shown, current)
                        continue
                    if response.status_code != 200:
                        raise FetchError(
                            f"{shown}: HTTP {response.status_code} {response.reason_phrase}".strip()
                        )
                    body = _read_body(shown, response, limits, deadline)
                    content_type = response.headers.get("content-type", "").split(";")[0]
                    return _keep(
                        shown, redact_url(current), body, content_type.strip().lower(), store
                    )
            raise FetchError(f"{shown}: more than {limits.max_redirects} redirects")
    except FetchError as err:
        if str(err).startswith(shown):
            raise
        hop = "" if current == url else f"redirected to {redact_url(current)}: "
        raise FetchError(f"{shown}: {hop}{err}", hint=err.hint or None) from err
    except httpx.TimeoutException as err:
        if time.monotonic() >= deadline:
            raise FetchError(f"{shown}: download took over {limits.total_seconds:g} s") from err
        raise FetchError(f"{shown}: timed out after {limits.timeout:g} s") from err
    except httpx.HTTPError as err:
        text = str(err).replace(url, shown).replace(current, redact_url(current))
        text = text.replace("\n", " ")
        raise FetchError(f"{shown}: {type(err).__name__}: {text}") from err


def _with_own_credentials(target: str, url: str) -> str:
    """``target`` with the user's credentials when it is on the user's URL's own origin."""
    mine, there = urlsplit(url), urlsplit(target)
    same = (mine.scheme.lower(), mine.hostname, mine.port) == (
        there.scheme.lower(),
        there.hostname,
        there.port,
    )
    if not same or "@" not in mine.netloc:
        return target
    return urlunsplit(there._replace(netloc=mine.netloc))


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend` (deadline and address policy)."""

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=backend, max_connections=4
        )


def _check_scheme(shown: str, target: str) -> None:
    parts = urlsplit(target)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        where = "" if target == shown else f" (redirected to {redact_url(target)})"
        raise FetchError(f"{shown}: only http and https URLs are fetched{where}")


_DECODERS = {"gzip": 47, "x-gzip": 47, "deflate": 15}  # zlib wbits: 47 = gzip or zlib header
_MAX_LAYERS = 3


def _read_body(url: str, response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    """The body, decoded, with the size bounded after every layer of ``Content-Encoding``.

    httpx would decode each piece whole, so ``gzip, gzip`` of a few KB could grow to gigabytes
    in one call; here each layer inflates at most 1 MB at a time and is counted as it goes.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: {int(declared) / _MB:.1f} MB is over {_mb(limits)} MB")
    layers = _layers(url, response.headers.get("content-encoding", ""))
    received = 0

    def raw() -> Iterator[bytes]:
        nonlocal received
        try:
            for chunk in response.iter_raw():
                received += len(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: download took over {limits.total_seconds:g} s")
                yield chunk
        except httpx.RemoteProtocolError as err:  # the connection closed before the end
            raise _cut_short(url, received, declared) from err

    pieces: Iterable[bytes] = _bounded(url, raw(), limits)
    for wbits in reversed(layers):  # the last encoding applied is undone first
        pieces = _bounded(url, _inflate(url, pieces, wbits), limits)
    body = b"".join(pieces)
    if declared.isdigit() and received != int(declared):
        raise _cut_short(url, received, declared)
    if not body:
        raise FetchError(f"{url}: the response is empty")
    return body


def _cut_short(url: str, received: int, declared: str) -> FetchError:
    of = f" of its {int(declared):,}" if declared.isdigit() else ""
    return FetchError(
        f"{url}: the response ended after {received:,}{of} bytes (the download was cut short)",
        hint="try again later",
    )


def _layers(url: str, header: str) -> list[int]:
    names = [n.strip().lower() for n in header.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    unknown = [n for n in names if n not in _DECODERS]
    if unknown:
        raise FetchError(f"{url}: the server sent an encoding trustcheck did not ask for "
                         f"({', '.join(unknown)})")  # fmt: skip
    if len(names) > _MAX_LAYERS:
        raise FetchError(f"{url}: the body is encoded {len(names)} times over")
    return [_DECODERS[n] for n in names]


def _bounded(url: str, pieces: Iterable[bytes], limits: FetchLimits) -> Iterator[bytes]:
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > limits.max_bytes:
            raise FetchError(f"{url}: larger than {_mb(limits)} MB once decoded")
        yield piece


def _inflate(url: str, pieces: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(wbits)
    try:
        for piece in pieces:
            while piece and not inflater.eof:
                out = inflater.decompress(piece, _MB)
                piece = inflater.unconsumed_tail
                if out:
                    yield out
        while out := inflater.decompress(b"", _MB):
            yield out
    except zlib.error as err:
        raise FetchError(f"{url}: the compressed body is corrupt ({err})") from err


def _mb(limits: FetchLimits) -> str:
    return f"{limits.max_bytes / _MB:g}"


def _keep(url: str, final_url: str, body: bytes, content_type: str, store: Path) -> Fetched:
    digest = hashlib.sha256(body).hexdigest()
    suffix = _SUFFIXES.get(content_type) or _url_suffix(final_url)
    store.mkdir(parents=True, exist_ok=True)
    path = store / f"{digest}{suffix}"
    if not path.exists():
        write_atomic(path, body)
    return Fetched(
        url=url,
        final_url=final_url,
        sha256=digest,
        path=path,
        content_type=content_type,
        size=len(body),
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _url_suffix(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    known = set(_SUFFIXES.values()) | {".htm", ".markdown"}
    if suffix in known:
        return suffix
    guessed = mimetypes.guess_type(f"x{suffix}")[0] if suffix else None
    return _SUFFIXES.get(guessed or "", ".bin")
