"""Downloads from a hostile or broken server: bounded, on time, never inward, never leaking.

Every server here is local (127.0.0.1); no test sends traffic anywhere else. Redirect targets
that name other local addresses are refused before any connection is made to them.
"""

from __future__ import annotations

import resource
import socket
import time
from pathlib import Path

import pytest

from audit_server import Route, serve, serve_raw
from fixture_scripts import make_faults
from trustcheck import load_audit, run_audit
from trustcheck.audit.fetch import FetchLimits, fetch, redact_url
from trustcheck.errors import FetchError, TrustcheckWarning

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
BODY = (CORPUS / "inkwell-2024-cybertipline-summary.md").read_bytes()
MARKDOWN = {"Content-Type": "text/markdown"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_body_gzipped_twice_is_bounded_after_each_layer(tmp_path: Path) -> None:
    bomb = make_faults.gzip_layers(400 * 1024 * 1024, layers=2)
    assert len(bomb) < 50_000
    routes = {"/r": Route(body=bomb, headers={"Content-Encoding": "gzip, gzip", **MARKDOWN})}
    before = _peak_mb()
    with serve(routes) as server, pytest.raises(FetchError) as info:
        fetch(server.url("/r"), tmp_path)
    assert str(info.value) == f"{server.url('/r')}: larger than 100 MB once decoded"
    assert _peak_mb() - before < 250  # never the 400 MB, let alone 8 GB
    assert not list(tmp_path.iterdir())


def test_a_body_gzipped_twice_within_the_limit_is_read(tmp_path: Path) -> None:
    import gzip

    twice = gzip.compress(gzip.compress(BODY, mtime=0), mtime=0)
    routes = {"/r": Route(body=twice, headers={"Content-Encoding": "gzip, gzip", **MARKDOWN})}
    with serve(routes) as server:
        assert fetch(server.url("/r"), tmp_path).path.read_bytes() == BODY


def test_an_encoding_that_was_not_asked_for_is_refused(tmp_path: Path) -> None:
    routes = {"/r": Route(body=b"\x00" * 10, headers={"Content-Encoding": "br"})}
    with serve(routes) as server, pytest.raises(FetchError, match=r"did not ask for \(br\)"):
        fetch(server.url("/r"), tmp_path)


def _dribble(conn: socket.socket) -> None:
    """Headers one byte at a time, for about a minute."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X-Pad: " + b"a" * 600
    for byte in head:
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def test_a_server_dribbling_its_headers_meets_the_total_deadline(tmp_path: Path) -> None:
    started = time.monotonic()
    with serve_raw(_dribble) as base, pytest.raises(FetchError) as info:
        fetch(f"{base}/r", tmp_path, FetchLimits(total_seconds=1.0, timeout=5.0))
    assert str(info.value) == f"{base}/r: download took over 1 s"
    assert time.monotonic() - started < 30  # the server would go on for a minute


def _short(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n")
    conn.sendall(b"x" * 100)


def test_a_body_shorter_than_its_length_is_refused(tmp_path: Path) -> None:
    with serve_raw(_short) as base, pytest.raises(FetchError) as info:
        fetch(f"{base}/r.md", tmp_path)
    assert str(info.value).startswith(f"{base}/r.md: ")
    assert info.value.one_line() == (
        f"error[E400]: {base}/r.md: the response ended after 100 of its 1,000 bytes "
        "(the download was cut short) (try again later)"
    )
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{other}/r.md",  # another port of the same machine
        "http://localhost:{port}/r.md",
        "http://2130706433:{port}/r.md",  # 127.0.0.1 as a decimal number
        "//localhost:{port}/r.md",  # protocol-relative
        "http://[::ffff:127.0.0.1]:{port}/r.md",
    ],
)
def test_redirects_to_internal_addresses_are_refused(tmp_path: Path, location: str) -> None:
    with serve({"/r.md": Route(body=BODY, headers=MARKDOWN)}) as other:
        other_port = other.base.rsplit(":", 1)[1]
        routes: dict[str, Route] = {"/r.md": Route(body=BODY, headers=MARKDOWN)}
        with serve(routes) as server:
            port = server.base.rsplit(":", 1)[1]
            target = location.format(port=port, other=other_port)
            routes["/go"] = Route(status=302, headers={"Location": target})
            with pytest.raises(FetchError, match="an internal address") as info:
                fetch(server.url("/go"), tmp_path)
            assert "pass --allow-internal-addresses" in info.value.one_line()
            assert other.hits["/r.md"] == 0
            allowed = FetchLimits(allow_internal=True)
            if "[::" not in location:
                assert fetch(server.url("/go"), tmp_path, allowed).path.read_bytes() == BODY


def test_credentials_in_a_location_are_not_sent_on(tmp_path: Path) -> None:
    routes: dict[str, Route] = {"/r.md": Route(body=BODY, headers=MARKDOWN)}
    with serve(routes) as server:
        host = server.base.removeprefix("http://")
        routes["/go"] = Route(status=302, headers={"Location": f"http://u:secret@{host}/r.md"})
        fetched = fetch(server.url("/go"), tmp_path)
    assert server.authorizations == []
    assert "secret" not in fetched.final_url


def test_the_users_credentials_follow_a_redirect_on_their_own_origin_only(tmp_path: Path) -> None:
    routes: dict[str, Route] = {"/r.md": Route(body=BODY, headers=MARKDOWN)}
    with serve(routes) as server:
        routes["/go"] = Route(status=302, headers={"Location": "/r.md"})
        url = server.url("/go").replace("http://", "http://auditor:hunter2@")
        fetched = fetch(url, tmp_path)
    assert len(server.authorizations) == 2  # /go and /r.md, both on the host the user named
    assert fetched.url == server.url("/go") and fetched.final_url == server.url("/r.md")


def test_credentials_in_a_manifest_url_are_never_written(tmp_path: Path) -> None:
    with serve({"/r.md": Route(body=BODY, headers=MARKDOWN)}) as server:
        url = server.url("/r.md").replace("http://", "http://auditor:hunter2@")
        manifest = tmp_path / "members.yaml"
        manifest.write_text(f"members:\n  - {{member: Inkwell, source: '{url}'}}\n")
        report = run_audit(manifest, tmp_path / "audit", jobs=1)
        assert server.authorizations  # sent to the host the user named
    assert report.assessed == 1
    written = [p.read_bytes() for p in (tmp_path / "audit").rglob("*.json")]
    assert written and not any(b"hunter2" in data or b"auditor:" in data for data in written)
    assert load_audit(tmp_path / "audit").members[0].record.source == redact_url(url)
    from trustcheck.render import render_assessments

    assessments = [m.assessment for m in load_audit(tmp_path / "audit").assessed]
    for fmt in ("sarif", "json", "csv", "html", "markdown"):
        assert "hunter2" not in render_assessments(assessments, fmt)  # type: ignore[arg-type]


def test_a_failed_refetch_keeps_the_earlier_good_copy(tmp_path: Path) -> None:
    routes = {"/r.md": Route(body=BODY, headers=MARKDOWN)}
    with serve(routes) as server:
        manifest = tmp_path / "members.yaml"
        manifest.write_text(f"members:\n  - {{member: Inkwell, source: '{server.url('/r.md')}'}}\n")
        audit = tmp_path / "audit"
        assert run_audit(manifest, audit, jobs=1).assessed == 1
        routes["/r.md"] = Route(status=404, body=b"gone for a moment")
        with pytest.warns(TrustcheckWarning, match="HTTP 404 .*kept the copy fetched"):
            again = run_audit(manifest, audit, jobs=1, refetch=True)
    assert (again.from_cache, again.failed) == (1, 0)
    assert "HTTP 404" in again.warnings["Inkwell"]
    assert [m.member for m in load_audit(audit).assessed] == ["Inkwell"]
    assert (audit / "results" / "inkwell.json").is_file()
