"""Fetching a report named by URL, once, within limits, and keeping the bytes.

A member's report URL is untrusted: it may redirect forever, point at a non-HTTP scheme, stream
gigabytes or never answer. Only http(s) is followed, redirects are followed by hand so each hop
is checked, the body is read in chunks against a byte and a wall-clock budget, and nothing the
document itself links to is ever requested. The bytes are stored under their sha256 so the audit
can be re-run, years later, on exactly what was assessed.
"""

from __future__ import annotations

import hashlib
import mimetypes
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from trustcheck._version import __version__
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
    timeout: float = 30.0
    """Seconds allowed for connecting and between bytes."""
    total_seconds: float = 120.0
    """Seconds allowed for the whole download, redirects included."""
    max_redirects: int = 5


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


def fetch(
    url: str,
    store: Path,
    limits: FetchLimits | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """Download ``url`` into ``store`` as ``<sha256><suffix>``; raise :class:`FetchError`."""
    limits = limits or FetchLimits()
    _check_scheme(url, url)
    deadline = time.monotonic() + limits.total_seconds
    headers = {"User-Agent": f"trustcheck/{__version__} (transparency report audit)"}
    try:
        with httpx.Client(
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=False,
            headers=headers,
            transport=transport,
        ) as client:
            current = url
            for _hop in range(limits.max_redirects + 1):
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(f"{url}: redirect without a Location header")
                        current = urljoin(current, location)
                        _check_scheme(url, current)
                        continue
                    if response.status_code != 200:
                        raise FetchError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}".strip()
                        )
                    body = _read_body(url, response, limits, deadline)
                    content_type = response.headers.get("content-type", "").split(";")[0]
                    return _keep(url, current, body, content_type.strip().lower(), store)
            raise FetchError(f"{url}: more than {limits.max_redirects} redirects")
    except httpx.TimeoutException as err:
        raise FetchError(f"{url}: timed out after {limits.timeout:g} s") from err
    except httpx.HTTPError as err:
        raise FetchError(f"{url}: {type(err).__name__}: {err}".replace("\n", " ")) from err


def _check_scheme(url: str, target: str) -> None:
    parts = urlsplit(target)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        where = "" if target == url else f" (redirected to {target})"
        raise FetchError(f"{url}: only http and https URLs are fetched{where}")


def _read_body(url: str, response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: {int(declared) / _MB:.1f} MB is over {_mb(limits)} MB")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{url}: larger than {_mb(limits)} MB")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: download took over {limits.total_seconds:g} s")
        chunks.append(chunk)
    if size == 0:
        raise FetchError(f"{url}: the response is empty")
    return b"".join(chunks)


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
