"""A coalition year from manifest to published figures, point by point, from the command line.

Two audits of fictional members' reports (the repository's own fixtures): last year's and this
year's, with an encrypted PDF, a missing file and a member whose name a spreadsheet would run
as a formula. Each block checks one thing staff need: levels that separate members and scores
everywhere; review that moves scores and sections; failed members that can be unlocked or
scored by hand and are listed everywhere; exports without local paths, with a member column
and full citations; workbook and CSV conventions; exit codes and gates; mileposts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from jsonschema import Draft4Validator, Draft202012Validator
from openpyxl import load_workbook

from cli_runner import run
from trustcheck import assessment_schema, load_audit

ROOT = Path(__file__).parent.parent
REPORTS = ROOT / "fixtures" / "corpus" / "reports"
ENCRYPTED = ROOT / "fixtures" / "ingest" / "encrypted_user_password.pdf"
FORMULA = "=Formula [red]Co[/red]"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _manifest(path: Path, year: int, rows: list[dict[str, str]]) -> Path:
    lines = [f"year: {year}", "members:"]
    for row in rows:
        lines.append("  - " + json.dumps(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two audits on disk; this year's first run has two members that could not be read."""
    work = tmp_path_factory.mktemp("year")
    reports = work / "reports"
    reports.mkdir()
    for name in (
        "northwind-2024-csea-report.pdf",
        "saltmarsh-h1-2024-transparency.pdf",
        "kestrel-2024-csam-transparency.pdf",
        "pebblechat-child-safety-report.pdf",
        "cirrus-ai-2024-child-safety-report.md",
        "halcyon-child-safety-policy.md",
    ):
        shutil.copy(REPORTS / name, reports / name)
    shutil.copy(ENCRYPTED, reports / "locked.pdf")
    last = _manifest(
        work / "2024.yaml",
        2024,
        [
            {"member": "Northwind", "source": "reports/saltmarsh-h1-2024-transparency.pdf"},
            {"member": "Kestrel", "source": "reports/kestrel-2024-csam-transparency.pdf"},
            {"member": "Pebble", "source": "reports/pebblechat-child-safety-report.pdf"},
            {"member": FORMULA, "source": "reports/halcyon-child-safety-policy.md"},
        ],
    )
    this_rows = [
        {"member": "Northwind", "source": "reports/northwind-2024-csea-report.pdf"},
        {"member": "Kestrel", "source": "reports/kestrel-2024-csam-transparency.pdf"},
        {"member": "Pebble", "source": "reports/pebblechat-child-safety-report.pdf"},
        {"member": FORMULA, "source": "reports/cirrus-ai-2024-child-safety-report.md"},
        {"member": "Locked", "source": "reports/locked.pdf"},
        {"member": "Missing", "source": "reports/gone.pdf"},
    ]
    this = _manifest(work / "2025.yaml", 2025, this_rows)
    return {"work": work, "last": last, "this": this, "rows": this_rows}


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_year(
    year: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work: Path = year["work"]
    old, new = work / "audits" / "2024", work / "audits" / "2025"
    code, _out, _err = run(capsys, "audit", str(year["last"]), "-o", str(old), "-j", "2")
    assert code == 0

    # 3. Failed members: exit 3 (not 1), the encrypted PDF's hint points at the manifest.
    code, out, _err = run(capsys, "audit", str(year["this"]), "-o", str(new), "-j", "2")
    assert code == 3
    locked_error = load_audit(new).member("Locked").record.error or ""
    assert locked_error.startswith("error[E303]") and "password_env" in locked_error
    assert "--password" not in locked_error

    # ... unlocked by a password from the environment, named in the manifest.
    rows = [dict(r) for r in year["rows"]]
    rows[4]["password_env"] = "LOCKED_PDF_PASSWORD"
    _manifest(year["this"], 2025, rows)
    code, _out, err = run(capsys, "audit", str(year["this"]), "-o", str(new), "-j", "2")
    assert (
        code == 3
        and "LOCKED_PDF_PASSWORD is not set" in load_audit(new).member("Locked").record.error
    )  # type: ignore[operator]
    monkeypatch.setenv("LOCKED_PDF_PASSWORD", "open-sesame")
    code, out, err = run(capsys, "audit", str(year["this"]), "-o", str(new), "-j", "2")
    audit = load_audit(new)
    assert code == 3 and audit.member("Locked").record.status == "ok"
    assert "open-sesame" not in (new / "audit.json").read_text(encoding="utf-8")
    assert [m.member for m in audit.unassessed] == ["Missing"]

    # 1. Levels separate members; scores in the tables.
    levels = {m.member: m.final_level for m in audit.assessed}
    assert len(set(levels.values())) >= 2, levels
    assert levels["Northwind"] == "full" and levels["Pebble"] == "none"
    scores = {m.member: m.final_score for m in audit.assessed}
    assert f"full {scores['Northwind']:g}" in out
    assert "[red]Co[/red]" in out  # a member's name is text in the terminal, not markup

    # 2. A decision moves the element's, section's and member's scores.
    pebble = audit.member("Pebble").assessment
    assert pebble is not None
    pp1 = pebble.element("PP1")
    target = "full" if pp1.level != "full" else "none"
    why = "the policy annex defines the harms"
    code, _out, _err = run(capsys, "review", str(new), "Pebble", "PP1", "--level", target,
                           "--reason", why, "--reviewer", "ana")  # fmt: skip
    assert code == 0
    reviewed = load_audit(new).member("Pebble")
    assert reviewed.assessment is not None
    section = next(s for s in reviewed.assessment.sections if s.id == "PP")
    assert section.final_score != section.score
    assert reviewed.final_score != reviewed.machine_score == scores["Pebble"]

    # 3. A member that cannot be read is scored by hand, recorded like any decision.
    for element in ("PP1", "PS5", "OUT3"):
        code, _out, _err = run(capsys, "review", str(new), "Missing", element, "--level",
                               "partial", "--reason", "read on the member's site",
                               "--reviewer", "bo")  # fmt: skip
        assert code == 0
    missing = load_audit(new).member("Missing")
    assert missing.manual and missing.machine_level is None
    assert missing.final_score is not None and missing.final_score > 0
    log = (new / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum('"member":"Missing"' in line and '"reviewer":"bo"' in line for line in log) == 3

    # 8. Mileposts, from two audits: diff and summary --previous.
    code, out, _err = run(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 0
    mileposts = json.loads(out)["mileposts"]
    assert "Northwind" in mileposts["members_advanced"]
    assert mileposts["headline"].startswith(f"{len(mileposts['members_advanced'])} of 4 members")
    advance = next(a for a in mileposts["advances"] if a["member"] == "Northwind")
    assert advance["evidence"] and advance["evidence"][0]["citation"].startswith("p. ")
    per_category = {c["id"]: c for c in mileposts["categories"]}
    assert set(per_category) == {
        "reporting", "transparency", "tooling_investigations", "wellness", "prevention",
        "detection", "user_reporting",
    }  # fmt: skip
    assert mileposts["mileposts"] == sum(c["members_count"] for c in per_category.values())

    # Summary: published files, then every point checked in them.
    figures = work / "figures"
    code, out, err = run(capsys, "summary", str(new), "-o", str(figures), "--previous", str(old),
                         "--bom")  # fmt: skip
    assert code == 0, err  # Missing is scored by hand, so nothing is left unassessed
    summary = json.loads((figures / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed"] == ["Missing"]
    assert summary["manual"] == ["Missing"] and summary["unassessed"] == []
    assert "scored by hand" in summary["headline"]
    assert summary["mileposts"]["mileposts"] == mileposts["mileposts"]

    members = {r["member"]: r for r in _csv(figures / "members.csv")}
    assert {"Northwind", "Pebble", "Missing", "'" + FORMULA} <= set(members)
    assert float(members["Pebble"]["final_score"]) == reviewed.final_score
    assert float(members["Pebble"]["machine_score"]) == scores["Pebble"]
    assert members["Missing"]["scored_by_hand"] == "yes"
    assert members["Northwind"]["rank"] == "1"
    assert members["Northwind"]["source"] == "reports/northwind-2024-csea-report.pdf"
    failures = _csv(figures / "failures.csv")
    assert [f["member"] for f in failures] == ["Missing"]
    matrix = _csv(figures / "matrix.csv")
    northwind = next(r for r in matrix if r["member"] == "Northwind")
    assert northwind["rank"] == "1" and float(northwind["score"]) == scores["Northwind"]
    assert "PS total" in northwind and matrix[-1]["member"] == "mean"
    verdicts = _csv(figures / "verdicts.csv")
    cited = next(v for v in verdicts if v["member"] == "Northwind" and v["evidence_citation"])
    assert re.fullmatch(r"p\. \w+ \(file page \d+\)|p\. \d+", cited["evidence_citation"])
    assert any("(file page" in v["evidence_citation"] for v in verdicts)

    # 6. CSV: one line-ending convention and the BOM when asked; formula guard kept in CSV.
    raw = (figures / "members.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")

    # 6. The workbook's parts, read as plain zip and XML (no spreadsheet library): intact.
    with zipfile.ZipFile(figures / "summary.xlsx") as package:
        assert package.testzip() is None
        parts = [n for n in package.namelist() if n.endswith(".xml")]
        for part in parts:
            ElementTree.fromstring(package.read(part))  # every part is well-formed XML
        types = package.read("[Content_Types].xml").decode("utf-8")
        assert types.count("worksheet+xml") == len([n for n in parts if "worksheets/sheet" in n])

    # 6. Workbook, re-opened by a second reader: structure, widths, filters, colours, text.
    book = load_workbook(figures / "summary.xlsx")
    assert {"headline", "members", "matrix", "failures", "mileposts"} <= set(book.sheetnames)
    sheet = book["members"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["B"].width >= len("Northwind")
    names = [c.value for c in sheet["B"][1:]]
    assert FORMULA in names and "'" + FORMULA not in names  # no visible guard in the workbook
    formula_cell = next(c for c in sheet["B"] if c.value == FORMULA)
    assert formula_cell.data_type == "s"
    level_cells = [c for c in sheet["F"][1:] if c.value == "full"]
    assert level_cells and level_cells[0].fill.start_color.rgb.endswith("C8E6C9")
    matrix_sheet = book["matrix"]
    assert matrix_sheet.freeze_panes == "C2"
    header = [c.value for c in matrix_sheet[1]]
    first = list(matrix_sheet[2])  # the best-ranked member
    ps1 = first[header.index("PS1")]
    assert ps1.fill.start_color.rgb.endswith({100: "C8E6C9", 50: "FFF59D", 0: "E0E0E0"}[ps1.value])
    book.close()

    # 4. No local absolute path in anything published.
    for path in figures.iterdir():
        if path.suffix in {".csv", ".json", ".html", ".svg"}:
            text = path.read_text(encoding="utf-8-sig")
            assert str(work) not in text, path.name
    dashboard = (figures / "index.html").read_text(encoding="utf-8")
    assert "Reports that could not be read" in dashboard and "scored by hand" in dashboard
    assert 'href="../reports/northwind-2024-csea-report.pdf#page=' in dashboard
    assert "Mileposts" in dashboard and "<script" not in dashboard

    # 4. and 3. Exports: a member column, citations, failures listed, no local paths.
    code, out, _err = run(capsys, "export", str(new), "--format", "csv")
    assert code == 0 and str(work) not in out
    rows_out = list(csv.DictReader(io.StringIO(out)))
    assert {r["member"] for r in rows_out} >= {"Northwind", "Missing", "'" + FORMULA}
    pebble_pp1 = next(r for r in rows_out if r["member"] == "Pebble" and r["element"] == "PP1")
    assert (pebble_pp1["final_level"], pebble_pp1["decision_level"]) == (target, target)
    assert any(r["citation"].startswith("p. i (file page") for r in rows_out)
    exported_csv = work / "export.csv"
    run(capsys, "export", str(new), "--format", "csv", "--bom", "-o", str(exported_csv))
    raw = exported_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    code, out, _err = run(capsys, "export", str(new), "--format", "json")
    exported = json.loads(out)
    schema_validator = Draft202012Validator(assessment_schema())
    assert [m["member"] for m in exported["members"]][:2] == ["Northwind", "Kestrel"]
    assert str(work) not in out
    for member in exported["members"]:
        if member["assessment"] is not None:
            schema_validator.validate(member["assessment"])
    code, out, _err = run(capsys, "export", str(new), "--format", "sarif")
    sarif = json.loads(out)
    Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any("Missing" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    uris = [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]]
    assert "reports/northwind-2024-csea-report.pdf" in uris
    assert not any(u.startswith(("file:", "/")) for u in uris)
    code, out, _err = run(capsys, "export", str(new), "--format", "html")
    assert "Reports that could not be read (1)" in out and str(work) not in out

    # 7. Gates and exit codes: a score gate, an element gate, and stale review (4).
    below = min(s for s in scores.values() if s is not None) + 0.1
    code, _out, err = run(capsys, "summary", str(new), "--fail-under", f"{below:g}")
    assert code == 1 and "gate: " in err and "is below" in err
    code, _out, err = run(capsys, "summary", str(new), "--require", "PS5=full")
    assert code == 1 and "PS5 is" in err
    code, _out, _err = run(capsys, "summary", str(new), "--fail-under", "0")
    assert code == 0
    code, _out, err = run(capsys, "summary", str(new), "--require", "PS9=full")
    assert code == 2 and err.startswith("error[E001]: --require 'PS9=full'")
    code, _out, err = run(capsys, "export", str(new), "--fail-under", "partial", "--member",
                          "Pebble")  # fmt: skip
    assert code == 1 and "Pebble: level" in err


def test_no_message_or_page_tells_anyone_to_install_by_the_public_name() -> None:
    """On the public index ``trustcheck`` is another project: install from the repository."""
    wrong = re.compile(r"pip install\s+['\"]?trustcheck\b")
    places = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "src").rglob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in places if wrong.search(p.read_text("utf-8"))]
    assert not offenders


def test_a_missing_library_is_one_line_naming_the_command(
    year: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a partial install, ``summary -o`` says what is missing and how to fix it."""
    audit = year["work"] / "audits" / "2025"
    if not (audit / "audit.json").is_file():
        run(capsys, "audit", str(year["this"]), "-o", str(audit), "-j", "2")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    code, _out, err = run(capsys, "summary", str(audit), "-o", str(year["work"] / "partial"))
    assert code == 2 and err.count("\n") == 1 and "E100" not in err
    assert "openpyxl is missing" in err and "pip install ." in err
    assert "pip install trustcheck" not in err
