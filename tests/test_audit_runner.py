"""The audit runner: resumes after an interruption, refuses foreign folders, reads folders."""

import json
import shutil
from pathlib import Path

import pytest

from audit_server import Route, serve
from trustcheck import load_audit, run_audit
from trustcheck.audit.runner import ProgressEvent
from trustcheck.cli.main import main
from trustcheck.errors import AuditError

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
MARKDOWN = [
    "inkwell-2024-cybertipline-summary.md",
    "halcyon-child-safety-policy.md",
    "sprout-teen-protections-update.md",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in MARKDOWN:
        shutil.copy(CORPUS / name, reports / f"{name.split('-')[0].title()}.md")
    return reports


def test_an_interrupted_audit_resumes(folder: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit"
    seen: list[ProgressEvent] = []

    def stop_after_first(event: ProgressEvent) -> None:
        seen.append(event)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_audit(folder, audit, jobs=1, progress=stop_after_first)
    assert [(e.done, e.total, e.status) for e in seen] == [(1, 3, "assessed")]
    assert len(list((audit / "results").iterdir())) == 1

    report = run_audit(folder, audit, jobs=1)
    assert (report.from_cache, report.assessed, report.failed) == (1, 2, 0)
    assert [m.member for m in load_audit(audit).assessed] == ["Halcyon", "Inkwell", "Sprout"]


def test_members_removed_from_the_manifest_lose_their_results(folder: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit"
    run_audit(folder, audit, jobs=1)
    (folder / "Sprout.md").unlink()
    run_audit(folder, audit, jobs=1)
    assert sorted(p.name for p in (audit / "results").iterdir()) == ["halcyon.json", "inkwell.json"]


def test_a_missing_file_is_recorded_not_fatal(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"member,year,source\nGone,2025,gone.pdf\nInkwell,2025,{CORPUS / MARKDOWN[0]}\n",
        encoding="utf-8",
    )
    report = run_audit(manifest, tmp_path / "audit", jobs=1)
    assert report.failed == 1 and report.assessed == 1
    assert "gone.pdf does not exist" in report.errors["Gone"]


def test_a_folder_that_is_not_an_audit_is_refused(folder: Path, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.docx").write_bytes(b"x")
    with pytest.raises(AuditError, match="not an audit folder"):
        run_audit(folder, busy, jobs=1)
    assert [p.name for p in busy.iterdir()] == ["thesis.docx"]


def test_an_audit_keeps_its_framework(folder: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit"
    run_audit(folder, audit, jobs=1)
    with pytest.raises(AuditError, match="holds an audit against 'trust'"):
        run_audit(folder, audit, framework="weprotect-industry", jobs=1)


def test_review_and_summary_need_an_audit_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "error[E500]" in capsys.readouterr().err


def test_audit_command_on_a_folder(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audit", str(folder), "-o", str(tmp_path / "audit"), "-j", "1"])
    out = capsys.readouterr().out
    assert "3 assessed, 0 from cache, 0 failed" in out
    index = json.loads((tmp_path / "audit" / "audit.json").read_text(encoding="utf-8"))
    assert index["framework_id"] == "trust" and len(index["members"]) == 3
    main(["summary", str(tmp_path / "audit"), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["assessed"] == 3


def test_progress_shows_downloads_before_anything_is_settled(tmp_path: Path) -> None:
    body = (CORPUS / MARKDOWN[0]).read_bytes()
    routes = {"/inkwell.md": Route(body=body, headers={"Content-Type": "text/markdown"})}
    seen: list[ProgressEvent] = []
    with serve(routes) as server:
        manifest = tmp_path / "m.csv"
        manifest.write_text(
            f"member,source\nInkwell,{server.url('/inkwell.md')}\n"
            f"Nowhere,{server.url('/gone.md')}\n",
            encoding="utf-8",
        )
        run_audit(manifest, tmp_path / "audit", jobs=1, progress=seen.append)
        again: list[ProgressEvent] = []
        run_audit(manifest, tmp_path / "audit", jobs=1, progress=again.append)
    events = [(e.done, e.total, e.member, e.status) for e in seen]
    assert events[:2] == [(0, 2, "Inkwell", "fetching"), (0, 2, "Nowhere", "fetching")]
    assert sorted(events[2:]) == [(1, 2, "Nowhere", "failed"), (2, 2, "Inkwell", "assessed")]
    # Kept bytes are not downloaded again, so there is nothing to show for them.
    assert [(e.member, e.status) for e in again if e.status == "fetching"] == [
        ("Nowhere", "fetching")
    ]
