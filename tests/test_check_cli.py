"""``trustcheck FILE...``: what a user sees, the exit codes, and errors as one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run
from render_samples import CORPUS, NORTHWIND, ROOT

KESTREL = CORPUS / "kestrel-2024-csam-transparency.pdf"  # partial: full, partial and none rows
SUMMARY = re.compile(r"^(aligned|partially aligned|not aligned), score [\d.]+/100; \d+ full, ")
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m")


def test_default_run_prints_a_table_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(NORTHWIND))
    assert code == 0, err
    assert err == ""
    lines = out.rstrip().splitlines()
    assert lines[0].startswith("Northwind Child Sexual Exploitation and Abuse Transparency Report")
    assert any(line.startswith("│ SC1 Reporting") for line in lines)
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert "\x1b[" not in out  # stdout is not a terminal here


def _on_a_terminal(env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal and return what it wrote."""
    import pty

    leader, follower = pty.openpty()
    env = {**env, "COLUMNS": "120", "TERM": "xterm-256color"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from trustcheck.cli import main; main()", str(KESTREL)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_and_none_under_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    coloured = _on_a_terminal({**env})
    assert COLOUR.search(coloured), "a terminal gets colour"
    plain = _on_a_terminal({**env, "NO_COLOR": "1"})
    assert "◐ partial" in plain and "○ none" in plain
    assert not COLOUR.search(plain), "NO_COLOR removes every colour code"


def test_element_and_section_narrow_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(KESTREL), "--element", "ps1", "--section", "OUT")
    assert code == 0
    rows = re.findall(r"^│ ([A-Z]{2,3}[0-9]*) ", out, flags=re.MULTILINE)
    assert rows == ["PS", "PS1", "OUT", "OUT1", "OUT2", "OUT3", "OUT4", "OUT5", "OUT6"]


def test_unknown_element_is_an_error_not_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(KESTREL), "--element", "PS9")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("error[E001]: --element PS9: no such id") and "choose from SC1" in err


def test_explain_shows_signals_and_all_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(NORTHWIND), "--explain", "PS1")
    assert code == 0
    assert "PS1 Detection of known CSAM (hash matching)" in out
    assert "Why it matters:" in out
    assert "Signals looked for, best level first" in out
    assert "at least 2 of:" in out
    assert "hash_matching: " in out
    assert re.search(r"Evidence \(\d+\)", out)
    assert "✓ hash_technology" in out


def test_explain_needs_the_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(NORTHWIND), "--explain", "PS1", "--format", "json")
    assert code == 2 and err.startswith("error[E001]: --explain")


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [("full", 1), ("partial", 0), ("none", 2), ("great", 2), ("61", 0), ("62", 1), ("101", 2)],
)
def test_fail_under(capsys: pytest.CaptureFixture[str], threshold: str, expected: int) -> None:
    code, _, err = run(capsys, str(KESTREL), "--fail-under", threshold, "--format", "json")
    assert code == expected, err
    if expected == 2:
        assert err.startswith("error[E001]: --fail-under") and "choose from full, partial" in err


def test_one_unreadable_file_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    code, out, err = run(capsys, str(broken), str(KESTREL), "--format", "json")
    assert code == 2
    assert err.count("\n") == 1 and str(broken) in err and err.startswith("error[E3")
    assert "Traceback" not in err
    assert json.loads(out)["document"]["path"] == str(KESTREL)


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pdf")
    for args in (["--debug", missing], [missing, "--debug"]):
        code, _, err = run(capsys, *args)
        assert code == 2
        assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("error[E302]")


def test_output_is_written_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    target.write_text("old")
    code, out, _ = run(capsys, str(KESTREL), "--format", "sarif", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sarif"]


def test_unwritable_output_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(KESTREL), "-o", str(tmp_path / "no" / "such" / "dir.txt"))
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err


def test_table_to_a_file_is_plain_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "table.txt"
    code, _, _ = run(capsys, str(KESTREL), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and "\x1b[" not in text and SUMMARY.match(text.rstrip().splitlines()[-1])


def test_schema_command_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out == (ROOT / "docs" / "assessment.schema.json").read_text(encoding="utf-8")


def test_output_file_gets_the_usual_mode(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        code, _, _ = run(capsys, str(KESTREL), "--format", "html", "-o", str(target))
    finally:
        os.umask(old)
    assert code == 0 and target.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "error[E001]: no report given (run 'trustcheck REPORT.pdf' to check one"),
        (["frameworks"], "error[E001]: trustcheck frameworks: give a command (list, "),
    ],
    ids=["nothing", "group-without-command"],
)
def test_a_run_without_arguments_is_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(expected), err


def test_output_path_problems_are_named_before_any_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "a file.txt"
    a_file.write_text("x")
    cases = {
        tmp_path / "no such" / "out.html": "the folder " + str(tmp_path / "no such") + " does not",
        tmp_path: "it is a folder (give the path of a file inside it)",
        a_file / "out.html": f"{a_file} is a file, not a folder",
    }
    for target, reason in cases.items():
        # The input does not exist either: the output is checked first, so its error wins.
        code, out, err = run(capsys, str(tmp_path / "missing.pdf"), "-o", str(target))
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith(f"error[E001]: cannot write {target}: ")
        assert reason in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file.txt"]


def test_explain_is_not_hidden_by_element_or_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(KESTREL), "--explain", "PS1", "--section", "OUT")
    assert code == 0, err
    assert "PS1 Detection of known CSAM (hash matching)" in out
    code, _, err = run(capsys, str(KESTREL), "--explain", "PS1", "--element", "OUT9")
    assert code == 2 and err.startswith("error[E001]: --element OUT9: no such id")


@pytest.mark.parametrize("option", ["--element", "--section", "--explain"])
def test_unknown_ids_fail_before_any_report_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    missing = str(tmp_path / "missing.pdf")  # would be E302 if it were read first
    code, out, err = run(capsys, missing, option, "zz9")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error[E001]: {option} ZZ9: no such id in this framework (choose from ")
