"""Untrusted input stays data: no writes outside the audit folder, no code from YAML, no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from trustcheck import assess, load_audit, run_audit
from trustcheck.audit.store import AuditStore
from trustcheck.errors import AuditError, FrameworkError
from trustcheck.framework.loader import load_framework

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
INKWELL = CORPUS / "inkwell-2024-cybertipline-summary.md"
HOSTILE = ["../../escaped", "/tmp/absolute", "..\\..\\windows", "results/../../up", "C:evil"]


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_member_names_cannot_make_the_audit_write_outside_its_folder(tmp_path: Path) -> None:
    rows = "".join(f"  - {{member: '{name}', source: {INKWELL}}}\n" for name in HOSTILE)
    manifest = tmp_path / "work" / "m.yaml"
    manifest.parent.mkdir()
    manifest.write_text(f"members:\n{rows}", encoding="utf-8")
    audit = tmp_path / "work" / "audit"
    report = run_audit(manifest, audit, jobs=1)

    assert report.assessed == len(HOSTILE)
    assert sorted(p.name for p in (audit / "results").iterdir()) == [
        "c-evil.json",
        "escaped.json",
        "results-up.json",
        "tmp-absolute.json",
        "windows.json",
    ]
    assert _tree(tmp_path) - {"work"} == {
        f"work/{p}" for p in _tree(tmp_path / "work")
    }  # nothing beside the work folder
    assert not Path("/tmp/absolute.json").exists()


def test_a_member_without_letters_or_digits_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"member,source\n../..,{INKWELL}\n", encoding="utf-8")
    with pytest.raises(AuditError, match="no letters or digits"):
        run_audit(manifest, tmp_path / "audit", jobs=1)


def test_a_tampered_index_cannot_name_files_outside(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "Inkwell.md").write_bytes(INKWELL.read_bytes())
    audit = tmp_path / "audit"
    run_audit(folder, audit, jobs=1)
    index = (audit / "audit.json").read_text(encoding="utf-8")
    (audit / "audit.json").write_text(index.replace('"inkwell"', '"../../x"'), encoding="utf-8")
    with pytest.raises(AuditError, match=r"audit\.json: members\.0\.slug"):
        load_audit(audit)


def test_a_results_folder_linked_elsewhere_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "results").symlink_to(elsewhere)
    with pytest.raises(AuditError, match="outside the audit folder"):
        AuditStore(tmp_path / "audit").create()
    assert list(elsewhere.iterdir()) == []


def test_yaml_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"!!python/object/apply:os.system ['touch {marker}']"
    manifest = tmp_path / "m.yaml"
    manifest.write_text(f"members:\n  - member: {payload}\n    source: x.md\n", encoding="utf-8")
    with pytest.raises(AuditError, match="not valid YAML"):
        run_audit(manifest, tmp_path / "audit", jobs=1)
    framework = tmp_path / "f.yaml"
    framework.write_text(f"id: {payload}\n", encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework(framework)
    assert not marker.exists()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any connection or name lookup is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:] or args))
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_reading_never_fetches_what_a_report_links_to(
    tmp_path: Path, no_network: list[str]
) -> None:
    html = tmp_path / "report.html"
    html.write_text(
        """<!doctype html><html><head><title>Linked</title>
        <link rel="stylesheet" href="https://tracker.example/style.css">
        <style>@import url("https://tracker.example/more.css");</style>
        <script src="https://tracker.example/app.js"></script>
        <meta http-equiv="refresh" content="0; url=https://tracker.example/">
        </head><body><h1>Child safety report 2024</h1>
        <img src="https://tracker.example/pixel.gif" srcset="https://tracker.example/2x.gif 2x">
        <iframe src="https://tracker.example/frame.html"></iframe>
        <p>We removed 1,234 pieces of child sexual abuse material and reported them to
        NCMEC. <a href="https://tracker.example/more">More</a></p></body></html>""",
        encoding="utf-8",
    )
    pdf = tmp_path / "report.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.drawString(72, 760, "We removed 1,234 pieces of child sexual abuse material.")
    canvas.linkURL("https://tracker.example/pdf-link", (72, 750, 400, 770))
    canvas.showPage()
    canvas.save()

    for path in (html, pdf):
        result = assess(path)
        quotes = [e.quote for element in result.elements for e in element.evidence]
        assert any("1,234" in quote for quote in quotes), path
    assert no_network == []
