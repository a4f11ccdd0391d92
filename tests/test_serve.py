"""The reviewer's workbench over HTTP, against the real server on a loopback port.

A three-member audit (a PDF, an HTML page, a hostile Markdown report) is built once; tests that
record decisions work on a copy. Requests go through httpx as a browser would send them:
cookies kept, forms posted with the page's token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from serve_support import HOSTILE_MEMBER, build_audit, copy_audit, csrf_of, running
from trustcheck import load_audit, record_decision
from trustcheck.cli.main import main

pytest.importorskip("uvicorn")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audit(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def audit(built: Path, tmp_path: Path) -> Path:
    return copy_audit(built, tmp_path / "audit")


@pytest.fixture
def client(audit: Path) -> Iterator[httpx.Client]:
    with running(audit) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def _log(audit: Path) -> list[dict[str, str]]:
    path = audit / "decisions.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _links(html: str) -> list[str]:
    return re.findall(r'class="verdict-link" href="(/verdict/[^"?]+)', html)


def _override(client: httpx.Client, path: str, level: str, reason: str) -> httpx.Response:
    page = client.get(path)
    return client.post(
        path,
        data={"csrf": csrf_of(page.text), "action": "override", "level": level, "reason": reason},
    )


def _machine(audit: Path, member: str, element: str) -> str:
    return load_audit(audit).member(member).assessment.element(element).level  # type: ignore[union-attr]


def test_queue_lists_every_verdict_least_certain_first(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert len(_links(response.text)) == 3 * 18
    values = [float(v) for v in re.findall(r'class="band band-\w+">([0-9.]+)<', response.text)]
    assert len(values) == 54
    assert values == sorted(values)
    assert "0 of 54 verdicts reviewed" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_queue_filters(client: httpx.Client) -> None:
    mine = _links(client.get("/", params={"member": "quillpost"}).text)
    assert len(mine) == 18
    assert all(link.startswith("/verdict/quillpost/") for link in mine)
    one = _links(client.get("/", params={"element": "PS1"}).text)
    assert sorted(one) == sorted(f"/verdict/{m}/PS1" for m in _slugs(client))
    assert _links(client.get("/", params={"status": "overridden"}).text) == []
    low = client.get("/", params={"band": "low"}).text
    assert "band band-high" not in low and "band band-medium" not in low


def _slugs(client: httpx.Client) -> set[str]:
    return {link.split("/")[2] for link in _links(client.get("/").text)}


def test_override_is_logged_rescored_and_kept(client: httpx.Client, audit: Path) -> None:
    machine = _machine(audit, "Northwind", "PS1")
    target = "none" if machine != "none" else "full"
    before = load_audit(audit).member("Northwind").final_score
    response = _override(client, "/verdict/northwind/PS1", target, "the hashes are not named")
    assert response.status_code == 303
    assert "done=northwind%2FPS1" in response.headers["location"]

    (entry,) = _log(audit)
    assert (entry["member"], entry["element"], entry["level"]) == ("Northwind", "PS1", target)
    assert entry["reviewer"] == "ana" and entry["machine_level"] == machine
    assert entry["reason"] == "the hashes are not named" and entry["timestamp"]

    after = load_audit(audit).member("Northwind").final_score
    assert after is not None and after != before
    landed = client.get(response.headers["location"]).text
    assert f'<strong class="score">{after:.1f}</strong>' in landed
    members = client.get("/members").text
    row = members.split('data-member="northwind"')[1].split("</tr>")[0]
    assert f">{after:.1f}<" in row and "1/18" in row
    again = client.get("/verdict/northwind/PS1").text
    assert f'id="final-level">{target}<' in again and 'id="status">overridden<' in again
    assert _links(client.get("/", params={"status": "overridden"}).text) == [
        "/verdict/northwind/PS1"
    ]


def test_accept_records_the_machine_level(client: httpx.Client, audit: Path) -> None:
    page = client.get("/verdict/quillpost/PP1")
    response = client.post(
        "/verdict/quillpost/PP1", data={"csrf": csrf_of(page.text), "action": "accept"}
    )
    assert response.status_code == 303
    (entry,) = _log(audit)
    assert entry["level"] == entry["machine_level"] == _machine(audit, "Quillpost", "PP1")
    assert entry["reason"] == "machine verdict confirmed"
    assert 'id="status">accepted<' in client.get("/verdict/quillpost/PP1").text


def test_override_needs_a_reason_and_a_level(client: httpx.Client, audit: Path) -> None:
    page = client.get("/verdict/northwind/PS2")
    token = csrf_of(page.text)
    no_reason = client.post(
        "/verdict/northwind/PS2", data={"csrf": token, "action": "override", "level": "none"}
    )
    assert no_reason.status_code == 400 and "write the reason" in no_reason.text
    bad_level = client.post(
        "/verdict/northwind/PS2",
        data={"csrf": token, "action": "override", "level": "gold", "reason": "x"},
    )
    assert bad_level.status_code == 400 and "choose a level" in bad_level.text
    assert _log(audit) == []


def test_post_without_the_session_token_is_refused(client: httpx.Client, audit: Path) -> None:
    form = {"action": "override", "level": "none", "reason": "forged"}
    assert client.post("/verdict/northwind/PS1", data=form).status_code == 403
    client.get("/")
    forged = {**form, "csrf": "0" * 64}
    assert client.post("/verdict/northwind/PS1", data=forged).status_code == 403
    with httpx.Client(base_url=str(client.base_url)) as other:
        theirs = csrf_of(other.get("/").text)  # a valid token, of another session
    assert client.post("/verdict/northwind/PS1", data={**form, "csrf": theirs}).status_code == 403
    refused = client.post("/reviewer", data={"reviewer": "mallory"})
    assert refused.status_code == 403
    assert _log(audit) == []


@pytest.mark.parametrize(
    "path",
    [
        "/static/%2e%2e/app.py",
        "/static/..%2F..%2Faudit.json",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/page/..%2F..%2Faudit.json/1.png",
        "/page/northwind/999.png",
        "/page/quillpost/1.png",
        "/verdict/..%2Faudit.json/PS1",
        "/verdict/northwind/..%2F..%2Fdecisions.jsonl",
        "/audit.json",
        "/results/northwind.json",
    ],
)
def test_nothing_outside_the_workbench_is_served(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert "trustcheck/audit/v1" not in response.text
    assert "root:" not in response.text


def test_other_host_names_are_refused(client: httpx.Client) -> None:
    port = str(client.base_url.port)
    for name in ("attacker.example", "127.0.0.1.attacker.example", "localhost.", "[::2]"):
        response = client.get("/", headers={"Host": f"{name}:{port}"})
        assert response.status_code == 400, name
        assert "script-src 'self'" in response.headers["content-security-policy"]
    for name in ("localhost", "127.0.0.1", "[::1]"):
        assert client.get("/", headers={"Host": f"{name}:{port}"}).status_code == 200, name


def test_a_report_that_could_not_be_read_is_scored_by_hand(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    broken = work / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (work / "audit.yaml").write_text(
        f"members:\n  - member: Broken\n    source: {json.dumps(str(broken))}\n", encoding="utf-8"
    )
    from trustcheck import run_audit

    run_audit(work / "audit.yaml", work / "audit", jobs=1)
    with running(work / "audit") as url, httpx.Client(base_url=url) as http:
        queue = http.get("/").text
        assert len(_links(queue)) == 18
        assert queue.count("needs review") == 18
        page = http.get("/verdict/broken/SC1").text
        assert "could not be read" in page
        response = http.post(
            "/verdict/broken/SC1",
            data={"csrf": csrf_of(page), "action": "override", "level": "full", "reason": "p. 2"},
        )
        assert response.status_code == 303
        members = http.get("/members").text
        row = members.split('data-member="broken"')[1].split("</tr>")[0]
        assert "1/18" in row and "not read" in row
    scored = load_audit(work / "audit").member("Broken")
    assert scored.manual and scored.assessment.element("SC1").final_level == "full"  # type: ignore[union-attr]


def test_hostile_report_text_is_escaped(client: httpx.Client) -> None:
    queue = client.get("/").text
    assert "<script>alert" not in queue
    assert "Evil &lt;script&gt;alert(&#34;m&#34;)&lt;/script&gt; &amp; Co" in queue
    slug = "evil-script-alert-m-script-co"
    page = client.get(f"/verdict/{slug}/PS1").text
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/workbench.js" defer>']
    assert HOSTILE_MEMBER not in page


def test_pdf_evidence_is_highlighted_on_the_rendered_page(
    client: httpx.Client, audit: Path
) -> None:
    element = load_audit(audit).member("Northwind").assessment.element("PS1")  # type: ignore[union-attr]
    assert element.evidence
    page = client.get("/verdict/northwind/PS1").text
    first = element.evidence[0].page
    assert f'href="/page/northwind/{first}.png"' in page
    boxes = re.findall(r'<rect class="highlight" x="([0-9.]+)" y="([0-9.]+)"', page)
    assert boxes, "the quote was not located on its page"
    image = client.get(f"/page/northwind/{first}.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert client.get(f"/page/northwind/{first}.png").content == image.content


def test_html_evidence_is_shown_in_its_section(client: httpx.Client, audit: Path) -> None:
    element = next(
        e
        for e in load_audit(audit).member("Quillpost").assessment.elements  # type: ignore[union-attr]
        if e.evidence
    )
    page = client.get(f"/verdict/quillpost/{element.id}").text
    assert 'class="here"' in page
    assert "<svg" not in page


def test_second_review_and_disagreements(client: httpx.Client, audit: Path) -> None:
    _override(client, "/verdict/northwind/PS1", "partial", "one hash source only")
    page = client.get("/verdict/northwind/PS1").text
    same = client.post(
        "/verdict/northwind/PS1",
        data={"csrf": csrf_of(page), "action": "disagree", "level": "full", "reason": "x"},
    )
    assert same.status_code == 400 and "another reviewer" in same.text
    named = client.post("/reviewer", data={"csrf": csrf_of(page), "reviewer": "ben", "back": "/"})
    assert named.status_code == 303
    page = client.get("/verdict/northwind/PS1").text
    assert 'name="reviewer" value="ben"' in page
    response = client.post(
        "/verdict/northwind/PS1",
        data={"csrf": csrf_of(page), "action": "disagree", "level": "full", "reason": "two lists"},
    )
    assert response.status_code == 303
    log = _log(audit)
    assert [e.get("kind", "decision") for e in log] == ["decision", "second-review"]
    assert load_audit(audit).member("Northwind").assessment.element("PS1").final_level == "partial"  # type: ignore[union-attr]
    listed = client.get("/disagreements").text
    assert "two lists" in listed and ">ben<" in listed and ">ana<" in listed
    agree = client.post("/verdict/northwind/PS1", data={"csrf": csrf_of(page), "action": "agree"})
    assert agree.status_code == 303
    assert "No disagreements." in client.get("/disagreements").text


def test_a_decision_from_the_terminal_shows_on_the_next_page(
    client: httpx.Client, audit: Path
) -> None:
    record_decision(audit, "Quillpost", "OUT1", level="none", reason="no figure", reviewer="cli")
    page = client.get("/verdict/quillpost/OUT1").text
    assert 'id="final-level">none<' in page and "no figure" in page


def test_serve_command_refuses_what_it_cannot_do(
    tmp_path: Path, audit: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(*argv: str) -> int:
        with pytest.raises(SystemExit) as exit_:
            main(["serve", *argv])
        return int(exit_.value.code or 0)

    assert run(str(tmp_path / "nothing")) == 2
    assert "error[E500]" in capsys.readouterr().err
    assert run(str(audit), "--host", "0.0.0.0") == 2
    err = capsys.readouterr().err
    assert "error[E001]" in err and "--allow-remote" in err and err.count("\n") == 1
    from trustcheck.serve.server import bind

    taken = bind("127.0.0.1", 0)
    try:
        assert run(str(audit), "--port", str(taken.getsockname()[1])) == 2
        assert "error[E001]: cannot listen on 127.0.0.1" in capsys.readouterr().err
    finally:
        taken.close()
    everywhere = bind("0.0.0.0", 0)
    try:
        port = str(everywhere.getsockname()[1])
        assert run(str(audit), "--host", "0.0.0.0", "--allow-remote", "--port", port) == 2
        warning, error = capsys.readouterr().err.splitlines()
        assert warning.startswith("warning: listening on 0.0.0.0: anyone who can reach it")
        assert error.startswith("error[E001]: cannot listen on 0.0.0.0")
    finally:
        everywhere.close()


def test_status_of_a_verdict() -> None:
    from trustcheck import ElementResult, ReviewDecision
    from trustcheck.serve.workbench import status_of

    def element(decision: ReviewDecision | None) -> ElementResult:
        return ElementResult(
            id="PS1", title="t", level="partial", score=50, confidence=0.9, decision=decision
        )

    def decided(level: str, **extra: object) -> ReviewDecision:
        return ReviewDecision.model_validate(
            {"level": level, "reason": "r", "machine_level": "partial", **extra}
        )

    assert status_of(element(None)) == "unreviewed"
    assert status_of(element(decided("partial"))) == "accepted"
    assert status_of(element(decided("none"))) == "overridden"
    assert status_of(element(decided("none", stale=True))) == "stale"
    assert status_of(element(decided("none", status="under-review"))) == "unreviewed"


def test_a_quote_that_runs_on_to_the_next_page_is_highlighted_on_both(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from trustcheck.audit.store import AuditStore, MemberRecord
    from trustcheck.serve.sources import Sources

    path = tmp_path / "two-pages.pdf"
    canvas = Canvas(str(path), pagesize=(400, 400), invariant=1)
    canvas.drawString(40, 360, "Our reviewers check every match.")
    canvas.drawString(40, 40, "Every confirmed match of known abuse imagery is reported")
    canvas.showPage()
    canvas.drawString(40, 360, "to the national hotline within a day.")
    canvas.drawString(40, 340, "Nothing else is on this page.")
    canvas.save()
    record = MemberRecord(member="Two", slug="two", source=str(path))
    sources = Sources(AuditStore(tmp_path))
    quote = (
        "Every confirmed match of known abuse imagery is reported to the national hotline "
        "within a day."
    )
    first, second = sources.page_views(record, 1, quote)
    assert (first.page, second.page) == (1, 2)
    assert len(first.boxes) == 1 and first.boxes[0].y > 300  # the page's last line
    assert len(second.boxes) == 1 and second.boxes[0].y < 60  # the next page's first line
    (alone,) = sources.page_views(record, 1, "Our reviewers check every match.")
    assert alone.page == 1 and len(alone.boxes) == 1 and alone.boxes[0].y < 60
    (missing,) = sources.page_views(record, 2, "A sentence that is nowhere.")
    assert missing.page == 2 and missing.boxes == ()
