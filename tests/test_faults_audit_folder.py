"""The audit folder is a year of work: faults while writing it must lose nothing and say why.

Full disks are real here: the commands run in a child process whose file-size limit
(``RLIMIT_FSIZE``) makes the kernel cut writes short and then refuse them, as a full disk does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_runner import run
from trustcheck import AuditError, load_audit, record_decision, run_audit
from trustcheck.audit.cache import AssessmentCache
from trustcheck.audit.runner import ProgressEvent
from trustcheck.audit.store import AuditStore
from trustcheck.errors import TrustcheckWarning
from trustcheck.framework.loader import load_framework

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
MARKDOWN = {
    "Inkwell": "inkwell-2024-cybertipline-summary.md",
    "Halcyon": "halcyon-child-safety-policy.md",
    "Sprout": "sprout-teen-protections-update.md",
}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE")


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    for member, name in MARKDOWN.items():
        shutil.copy(CORPUS / name, reports / f"{member}.md")
    folder = tmp_path / "audit"
    assert run_audit(reports, folder, jobs=1).assessed == 3
    return folder


def _cli(*args: str, max_file_bytes: int) -> subprocess.CompletedProcess[str]:
    """The command line in a child process that can write no file past ``max_file_bytes``."""

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    code = "import sys; from trustcheck.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_rerun_stopped_half_way_keeps_every_member_reviewable(audit: Path) -> None:
    reports = audit.parent / "reports"
    (reports / "Sprout.md").write_text("# Sprout\n\nA corrected report.\n", encoding="utf-8")
    events: list[ProgressEvent] = []

    def stop(event: ProgressEvent) -> None:
        events.append(event)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_audit(reports, audit, jobs=1, progress=stop)
    assert events[0].status == "cached"
    loaded = load_audit(audit)
    assert [(m.member, m.record.status) for m in loaded.members] == [
        ("Halcyon", "ok"),
        ("Inkwell", "ok"),
        ("Sprout", "pending"),  # its source changed: its old result no longer stands
    ]
    entry = record_decision(audit, "Inkwell", "SC1", level="full", reason="checked by hand")
    assert entry.member == "Inkwell"


def test_a_second_audit_into_a_folder_being_written_is_refused(audit: Path) -> None:
    reports = audit.parent / "reports"
    with AuditStore(audit).writing():  # as a run in another process holds it
        with pytest.raises(AuditError, match="another trustcheck audit is writing to "):
            run_audit(reports, audit, jobs=1)
        record_decision(audit, "Inkwell", "SC1", level="full", reason="reviews go on")
    assert run_audit(reports, audit, jobs=1).from_cache == 3


def test_a_cached_assessment_of_another_document_is_never_served(audit: Path) -> None:
    reports = audit.parent / "reports"
    store = AuditStore(audit)
    cache = AssessmentCache(store.cache_dir, load_framework("trust"))
    index = store.read_index()
    kestrel, northwind = index.member("Inkwell"), index.member("Halcyon")
    shutil.copy(cache.path(northwind.sha256 or ""), cache.path(kestrel.sha256 or ""))

    report = run_audit(reports, audit, jobs=1)
    assert (report.from_cache, report.assessed) == (2, 1)
    result = json.loads((audit / "results" / "inkwell.json").read_text(encoding="utf-8"))
    assert result["document"]["sha256"] == kestrel.sha256


@linux_only
def test_a_decision_cut_short_by_a_full_disk_is_not_recorded_and_says_so(audit: Path) -> None:
    log = audit / "decisions.jsonl"
    record_decision(audit, "Inkwell", "SC1", level="full", reason="first decision")
    before = log.read_bytes()
    done = _cli(
        *("review", str(audit), "Halcyon", "SC1", "--level", "none"),
        *("--reason", "a long reason " * 20),
        max_file_bytes=len(before) + 60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"error[E500]: the decision was not recorded: cannot write {log}")
    assert "File too large" in done.stderr and done.stderr.count("\n") == 1
    assert log.read_bytes() == before  # the partial line was taken back


def test_a_torn_last_line_is_skipped_with_a_warning(
    audit: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_decision(audit, "Inkwell", "SC1", level="full", reason="kept")
    log = audit / "decisions.jsonl"
    with log.open("ab") as handle:
        handle.write(b'{"member": "Halcyon", "element": "SC1", "le')
    with pytest.warns(TrustcheckWarning, match="skipped an incomplete last line"):
        assert len(load_audit(audit).decisions) == 1
    for command in (["summary", str(audit)], ["export", str(audit), "--format", "json"]):
        code, _, err = run(capsys, *command)
        assert code == 0
        assert err.startswith(f"warning: {log}:2: skipped an incomplete last line (43 bytes)")
    code, _, err = run(capsys, "review", str(audit), "Halcyon", "SC1", "--level", "none",
                       "--reason", "again")  # fmt: skip
    assert code == 0
    assert f"warning: {log}: removed an incomplete last line (43 bytes)" in err
    lines = log.read_bytes().splitlines()
    assert len(lines) == 2 and b'"reason":"again"' in lines[1]  # the new decision is whole
    code, _, err = run(capsys, "summary", str(audit))
    assert (code, err) == (0, "")


def test_a_line_that_is_not_utf8_is_named(audit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record_decision(audit, "Inkwell", "SC1", level="full", reason="kept")
    log = audit / "decisions.jsonl"
    log.write_bytes(b"\xff\xfe junk\n" + log.read_bytes())
    code, _, err = run(capsys, "summary", str(audit))
    assert code == 2
    assert err == (
        f"error[E500]: {log}:1: not a valid decision (not UTF-8 text) "
        "(correct or remove that line)\n"
    )


@linux_only
def test_a_full_disk_during_an_audit_names_the_folder_and_the_cause(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CORPUS / MARKDOWN["Inkwell"], reports / "Inkwell.md")
    folder = tmp_path / "audit"
    done = _cli("audit", str(reports), "-o", str(folder), "-j", "1", max_file_bytes=2048)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error[E500]: cannot write to the audit folder {folder} (")
    assert done.stderr.rstrip().endswith(
        ": File too large (free some space or fix the folder's permissions, then run the "
        "command again)"
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders"
)
@pytest.mark.parametrize(
    "action",
    [
        lambda audit: run_audit(audit.parent / "reports", audit, jobs=1),
        lambda audit: record_decision(audit, "Inkwell", "SC1", level="full", reason="r"),
    ],
)
def test_a_read_only_audit_folder_is_said_so(audit: Path, action: Callable[[Path], object]) -> None:
    for path in [audit, *audit.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        with pytest.raises(AuditError, match="Permission denied"):
            action(audit)
    finally:
        for path in [audit, *audit.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
