"""Untrusted text reaching a terminal or a spreadsheet: shown escaped, never acting, never lost.

File names, member names and reviewers' reasons are written by others; a control character in
them must not recolour the terminal, forge an error line or break a workbook.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli_runner import run
from trustcheck import record_decision, run_audit
from trustcheck.neutral import neutralise

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"
INKWELL = CORPUS / "inkwell-2024-cybertipline-summary.md"
HOSTILE = "Ink\x1b[31mwell\x1b]0;owned\x07\u202eevil\u202c"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, é and 🙂", "plain text, é and 🙂"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
        ("a\nerror[E100]: forged", "a\\nerror[E100]: forged"),
        ("\u202eevil\u2066", "\\u202eevil\\u2066"),
        ("csi\x9b2J del\x7f tab\t", "csi\\x9b2J del\\x7f tab\\t"),
        ("bad\udcffbyte", "bad\\xffbyte"),
    ],
)
def test_neutralise_escapes_what_could_act_and_keeps_the_rest(text: str, shown: str) -> None:
    assert neutralise(text) == shown
    assert neutralise(shown) == shown


def test_a_file_name_with_escapes_and_a_newline_cannot_forge_an_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = tmp_path / "x\x1b[2J\nerror[E999]: forged.pdf"
    name.write_bytes(b"\x00\x01\x02\x03" * 100)
    code, _, err = run(capsys, str(name))
    assert code == 2
    assert err.count("\n") == 1 and "\x1b" not in err
    assert err.startswith("error[E301]: ") and "x\\x1b[2J" in err


def test_a_file_name_that_is_not_utf8_gets_its_own_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/report-\xff.md")
    Path(name).write_bytes(INKWELL.read_bytes())
    code, out, err = run(capsys, name, "--format", "json")
    assert code in (0, 1), err
    assert json.loads(out)["document"]["path"].endswith("/report-\\xff.md")
    code, out, err = run(capsys, name)
    assert code in (0, 1) and err == ""
    assert "Inkwell: CyberTipline Reporting Summary" in out


def _hostile_audit(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(INKWELL, folder / f"{HOSTILE}.md")
    audit = tmp_path / "audit"
    assert run_audit(folder, audit, jobs=1).assessed == 1
    return audit


def test_member_names_and_reasons_reach_tables_and_workbooks_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audit = _hostile_audit(tmp_path)
    record_decision(
        audit, HOSTILE, "SC1", level="full", reason="ok\x1b[8m hidden \x0c", reviewer="R\x07"
    )
    code, out, err = run(capsys, "audit", str(tmp_path / "reports"), "-o", str(audit))
    assert code == 0, err
    assert "\x1b" not in out and "Ink\\x1b[31mwell" in out and "\\u202eevil" in out

    code, out, err = run(capsys, "summary", str(audit), "-o", str(tmp_path / "figures"))
    assert code == 0, err
    workbook = load_workbook(tmp_path / "figures" / "summary.xlsx")
    cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not any(ch in cell for cell in cells for ch in "\x1b\x07\x0c")

    code, out, err = run(capsys, "export", str(audit), "--format", "csv")
    assert code == 0, err
    assert "\x1b" not in out and "Ink\\x1b[31mwell" in out


def test_a_folder_audit_names_a_file_name_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    Path(os.fsdecode(os.fsencode(str(folder)) + b"/Kestrel-\xe9.md")).write_bytes(b"# K\n\nText.\n")
    code, _, err = run(capsys, "audit", str(folder), "-o", str(tmp_path / "audit"))
    assert code == 2
    assert err == (
        f"error[E500]: {folder}/Kestrel-\\xe9.md: the file name is not valid UTF-8 "
        "(rename the file)\n"
    )


def test_a_member_name_with_a_newline_cannot_forge_a_line_under_the_audit_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "members.yaml"
    manifest.write_text(
        'members:\n  - {member: "Gone\\nerror[E999]: forged", source: /no/such/file.pdf}\n'
        f"  - {{member: Inkwell, source: {INKWELL}}}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "audit", str(manifest), "-o", str(tmp_path / "audit"))
    assert code == 3, err  # some members' reports could not be read
    assert not any(line.startswith("error[E999]") for line in out.splitlines())
    shown = os.path.relpath("/no/such/file.pdf", tmp_path)  # as exports show it
    assert f"Gone\\nerror[E999]: forged: error[E500]: {shown} does not exist" in out


def test_extracted_text_shows_bidi_controls_and_escapes_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r\x1b[1m.txt"
    report.write_text("Title\n\nWe report \u202eevil\u202c to NCMEC.\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(report), "--format", "text")
    assert code == 0, err
    assert "\u202e" not in out and "\x1b" not in out
    assert "We report \\u202eevil\\u202c to NCMEC." in out


@pytest.mark.parametrize("command", ["validate", "test"])
def test_framework_commands_show_a_hostile_file_name_escaped(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = tmp_path / "fw\x1b[2J\nerror[E999]: forged.yaml"
    code, out, err = run(capsys, "frameworks", command, str(name))
    assert code == 2
    assert "\x1b" not in out + err
    assert "fw\\x1b[2J\\nerror[E999]: forged.yaml" in err
    assert not any(line.startswith("error[E999]") for line in (out + err).splitlines())
