"""Fetching reports by URL: only http(s), bounded redirects, size limits, bytes kept by hash."""

import hashlib
from pathlib import Path

import pytest

from audit_server import Route, serve
from trustcheck.audit.fetch import FetchLimits, fetch
from trustcheck.errors import FetchError

BODY = b"# Report\n\nWe report CSAM to NCMEC.\n"


def test_fetch_follows_redirects_and_keeps_bytes_by_hash(tmp_path: Path) -> None:
    routes = {
        "/r.md": Route(body=BODY, headers={"Content-Type": "text/markdown; charset=utf-8"}),
        "/go": Route(status=302, headers={"Location": "/r.md"}),
    }
    with serve(routes) as server:
        fetched = fetch(server.url("/go"), tmp_path)
    digest = hashlib.sha256(BODY).hexdigest()
    assert fetched.sha256 == digest and fetched.path == tmp_path / f"{digest}.md"
    assert fetched.path.read_bytes() == BODY
    assert fetched.final_url.endswith("/r.md") and fetched.size == len(BODY)


def test_suffix_from_url_when_content_type_is_vague(tmp_path: Path) -> None:
    routes = {"/a/report.pdf": Route(body=b"%PDF-1.7", headers={"Content-Type": "x/unknown"})}
    with serve(routes) as server:
        assert fetch(server.url("/a/report.pdf"), tmp_path).path.suffix == ".pdf"


@pytest.mark.parametrize(
    ("routes", "path", "limits", "message"),
    [
        ({}, "/missing", None, "HTTP 404"),
        ({"/loop": Route(status=302, headers={"Location": "/loop"})}, "/loop", None, "redirects"),
        (
            {"/x": Route(status=301, headers={"Location": "file:///etc/passwd"})},
            "/x",
            None,
            "only http and https",
        ),
        ({"/big": Route(body=b"x" * 5000)}, "/big", FetchLimits(max_bytes=1000), "over"),
        ({"/empty": Route(body=b"")}, "/empty", None, "empty"),
        ({"/r": Route(status=302)}, "/r", None, "without a Location"),
    ],
)
def test_fetch_failures_are_one_line(
    tmp_path: Path, routes: dict[str, Route], path: str, limits: FetchLimits | None, message: str
) -> None:
    with serve(routes) as server, pytest.raises(FetchError, match=message) as info:
        fetch(server.url(path), tmp_path, limits)
    assert "\n" not in str(info.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/r.pdf", "http://"])
def test_only_http_urls(tmp_path: Path, url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, tmp_path)


def test_unreachable_host(tmp_path: Path) -> None:
    with serve({}) as server:
        url = server.url("/r.pdf")
    with pytest.raises(FetchError, match=r"127\.0\.0\.1"):
        fetch(url, tmp_path, FetchLimits(timeout=2))
