"""The audit commands at their rough edges: outputs that cannot be written, odd names."""

import csv
import re
import shutil
from html import escape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli_runner import run
from trustcheck import record_decision, run_audit

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One audit of one Markdown report, assessed once for the module."""
    folder = tmp_path_factory.mktemp("edges")
    shutil.copy(CORPUS / "inkwell-2024-cybertipline-summary.md", folder / "inkwell.md")
    (folder / "audit.csv").write_text(
        "member,year,source,notes\nInkwell,2024,inkwell.md,published late; see their blog\n",
        encoding="utf-8",
    )
    run_audit(folder / "audit.csv", folder / "audit", jobs=1)
    return folder / "audit"


def _one_line_error(code: int, err: str, expected: str) -> None:
    assert code == 2
    assert err.startswith(expected) and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["diff", "{audit}", "{audit}", "--format", "html"],
        ["diff", "{audit}", "{audit}", "--format", "csv"],
        ["diff", "{audit}", "{audit}"],
        ["export", "{audit}", "--format", "sarif"],
    ],
)
def test_output_into_a_missing_folder_is_one_line(
    audit_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    target = tmp_path / "no such folder" / "out.txt"
    args = [a.replace("{audit}", str(audit_dir)) for a in command]
    code, _out, err = run(capsys, *args, "-o", str(target))
    _one_line_error(code, err, f"error[E001]: cannot write {target}: No such file or directory")


def test_summary_into_a_file_is_one_line(
    audit_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "figures"
    taken.write_text("not a folder", encoding="utf-8")
    code, _out, err = run(capsys, "summary", str(audit_dir), "-o", str(taken))
    _one_line_error(code, err, f"error[E500]: cannot write the figures to {taken}: File exists")
    assert taken.read_text(encoding="utf-8") == "not a folder"


def test_manifest_notes_reach_the_tables_and_exports(
    audit_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note = "published late; see their blog"
    monkeypatch.setenv("COLUMNS", "200")  # the table on one line per member
    code, out, _err = run(capsys, "review", str(audit_dir))
    assert code == 0 and note in out
    published = tmp_path / "figures"
    assert run(capsys, "summary", str(audit_dir), "-o", str(published))[0] == 0
    rows = list(csv.DictReader((published / "members.csv").read_text("utf-8").splitlines()))
    assert [(r["member"], r["notes"]) for r in rows] == [("Inkwell", note)]
    workbook = load_workbook(published / "summary.xlsx", read_only=True)
    sheet = list(workbook["members"].iter_rows(values_only=True))
    workbook.close()
    assert sheet[1][sheet[0].index("notes")] == note
    assert f"<td>{escape(note)}</td>" in (published / "index.html").read_text(encoding="utf-8")


def test_piped_tables_keep_each_row_on_one_line(
    audit_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = tmp_path / "old audit", tmp_path / "new audit"
    shutil.copytree(audit_dir, old)
    shutil.copytree(audit_dir, new)
    record_decision(new, "Inkwell", "SC1", level="none", reason="no period", reviewer="ana")
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _err = run(capsys, "diff", str(old), str(new))
    assert code == 0 and "…" not in out
    rows = [line for line in out.splitlines() if "Inkwell" in line]
    member_row, row = rows  # the member's score moved with its SC1 decision
    assert re.search(r"partial \(\d+(\.\d)? -> \d+(\.\d)?\)", member_row)
    assert "SC1" in row and "worse" in row and "- -> none (accepted)" in row
    assert "decision changed" in row


def test_reviewing_a_member_that_failed_says_why_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "audit.csv").write_text("member,source\nGone,gone.pdf\n", encoding="utf-8")
    run_audit(tmp_path / "audit.csv", tmp_path / "audit", jobs=1)
    code, out, err = run(capsys, "review", str(tmp_path / "audit"), "Gone")
    # Not a dead end: the reason, once, then the elements a reviewer can score by hand.
    assert code == 0 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("Gone: the report could not be read (E500: gone.pdf does not exist")
    assert "score it by hand" in err and str(tmp_path) not in err
    assert "Gone - PS5" in out and "only a reviewer's decision counts" in out
