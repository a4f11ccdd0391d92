"""A yearly audit from manifest to published figures, as a coalition analyst runs it.

Last year's audit, then this year's over real corpus reports, a truncated PDF and a report
served by a local HTTP server; two reviewer decisions; a cached re-run; the diff against last
year; the summary with its CSV, XLSX, chart and dashboard exports.
"""

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from audit_server import Route, serve
from trustcheck import diff_audits, load_audit, run_audit, summarise_audit
from trustcheck.cli.main import main

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "reports"
QUILLPOST = CORPUS / "quillpost-how-we-fight-csam.html"
EVIL = "Evil <b>Co</b> & ../../x"


def _run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def _manifest(path: Path, year: int, members: list[tuple[str, str]]) -> Path:
    lines = [f"year: {year}", "members:"]
    lines += [f"  - member: {json.dumps(m)}\n    source: {json.dumps(s)}" for m, s in members]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_yearly_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    (work / "reports").mkdir(parents=True)
    truncated = (CORPUS / "kestrel-2024-csam-transparency.pdf").read_bytes()[:2000]
    (work / "reports" / "broken.pdf").write_bytes(truncated)

    # Last year's audit: Northwind had a thinner report; Oldco has since left.
    last = _manifest(
        work / "2024.yaml",
        2024,
        [
            ("Northwind", str(CORPUS / "saltmarsh-h1-2024-transparency.pdf")),
            ("Kestrel", str(CORPUS / "kestrel-2024-csam-transparency.pdf")),
            ("Oldco", str(CORPUS / "halcyon-child-safety-policy.md")),
        ],
    )
    run_audit(last, work / "audit-2024", jobs=1)

    body = QUILLPOST.read_bytes()
    routes = {
        "/reports/quillpost.html": Route(body=body, headers={"Content-Type": "text/html"}),
        "/quillpost": Route(status=302, headers={"Location": "/reports/quillpost.html"}),
    }
    with serve(routes) as server:
        this = _manifest(
            work / "2025.yaml",
            2025,
            [
                ("Northwind", str(CORPUS / "northwind-2024-csea-report.pdf")),
                ("Kestrel", str(CORPUS / "kestrel-2024-csam-transparency.pdf")),
                ("Quillpost", server.url("/quillpost")),
                ("Broken", "reports/broken.pdf"),
                (EVIL, str(CORPUS / "cirrus-ai-2024-child-safety-report.md")),
            ],
        )
        audit = work / "audit-2025"
        assert _run(["audit", str(this), "-o", str(audit), "--jobs", "2"]) == 3
        out = capsys.readouterr().out
        assert "4 assessed, 0 from cache, 1 failed, 1 fetched" in out
        assert "Broken: error[E302]" in out

        # The URL was fetched once and its bytes kept under their hash.
        assert server.hits["/reports/quillpost.html"] == 1
        digest = hashlib.sha256(body).hexdigest()
        assert (audit / "sources" / f"{digest}.html").read_bytes() == body

        results = sorted(p.name for p in (audit / "results").iterdir())
        assert results == ["evil-b-co-b-x.json", "kestrel.json", "northwind.json", "quillpost.json"]
        assert not (tmp_path / "x.json").exists() and not (work / "x.json").exists()
        loaded = load_audit(audit)
        broken = loaded.member("Broken")
        assert broken.record.status == "failed" and "\n" not in (broken.record.error or "")
        assert loaded.member("Quillpost").assessment.document.path == server.url("/quillpost")  # type: ignore[union-attr]

        # Two reviewer decisions: one lowers a level, one raises another.
        northwind = loaded.member("Northwind").assessment
        kestrel = loaded.member("Kestrel").assessment
        assert northwind is not None and kestrel is not None
        assert northwind.element("SC1").level == "full"
        raised = next(e for e in kestrel.elements if e.level == "none")
        assert _run(["review", str(audit), "Northwind", "SC1", "--level", "partial",
                     "--reason", "period is stated for only part of the figures",
                     "--reviewer", "ana"]) == 0  # fmt: skip
        assert _run(["review", str(audit), "kestrel", raised.id, "--level", "full",
                     "--reason", "disclosed in the annex", "--reviewer", "bo"]) == 0  # fmt: skip
        capsys.readouterr()

        # Re-run: nothing changed, so everything comes from the cache and no file is rewritten.
        mtimes = {p.name: p.stat().st_mtime_ns for p in (audit / "results").iterdir()}
        assert _run(["audit", str(this), "-o", str(audit), "--jobs", "2"]) == 3
        run = json.loads((audit / "run.json").read_text(encoding="utf-8"))
        assert (run["assessed"], run["from_cache"], run["failed"], run["fetched"]) == (0, 4, 1, 0)
        assert {p.name: p.stat().st_mtime_ns for p in (audit / "results").iterdir()} == mtimes
        assert server.hits["/reports/quillpost.html"] == 1

    # Decisions survived the re-run, beside the machine verdict.
    loaded = load_audit(audit)
    sc1 = loaded.member("Northwind").assessment.element("SC1")  # type: ignore[union-attr]
    assert (sc1.level, sc1.final_level) == ("full", "partial")
    assert sc1.decision is not None and not sc1.decision.stale and sc1.decision.reviewer == "ana"
    # The decision lowers Northwind's score, section and report as well, machine values beside.
    northwind_member = loaded.member("Northwind")
    assert northwind_member.machine_level == "full"
    assert northwind_member.final_score is not None and northwind_member.machine_score is not None
    assert northwind_member.final_score < northwind_member.machine_score
    sc = northwind_member.assessment.sections[0]  # type: ignore[union-attr]
    assert (sc.score, sc.final_score) == (100.0, 75.0)
    kestrel_raised = loaded.member("Kestrel").assessment.element(raised.id)  # type: ignore[union-attr]
    assert kestrel_raised.final_level == "full"

    # Year over year.
    before = load_audit(work / "audit-2024")
    changes = diff_audits(before, loaded)
    assert changes.missing == ["Oldco"]
    assert sorted(changes.added) == sorted(["Broken", "Quillpost", EVIL])
    by_member = {m.member: m for m in changes.members}
    assert by_member["Kestrel"].status == "compared"
    kestrel_change = next(e for e in by_member["Kestrel"].elements if e.element == raised.id)
    assert kestrel_change.direction == "better" and kestrel_change.new_decision is not None
    assert not kestrel_change.evidence_added and not kestrel_change.evidence_removed
    assert by_member["Northwind"].elements and any(
        e.evidence_added or e.evidence_removed for e in by_member["Northwind"].elements
    )
    diff_csv = work / "diff.csv"
    assert _run(["diff", str(work / "audit-2024"), str(audit), "--format", "csv",
                 "-o", str(diff_csv)]) == 0  # fmt: skip
    rows = _csv(diff_csv)
    assert any(r["member"] == "Oldco" and r["change"] == "missing" for r in rows)
    assert any(r["member"] == "Kestrel" and r["element"] == raised.id for r in rows)
    diff_html = work / "diff.html"
    assert _run(["diff", str(work / "audit-2024"), str(audit), "--format", "html",
                 "-o", str(diff_html)]) == 0  # fmt: skip
    page = diff_html.read_text(encoding="utf-8")
    assert "Evil &lt;b&gt;Co&lt;/b&gt;" in page and "<b>Co</b>" not in page
    capsys.readouterr()
    assert _run(["diff", str(work / "audit-2024"), str(audit), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["framework"] == "trust"

    # Coalition figures, checked against the assessments themselves.
    figures = summarise_audit(loaded)
    assessed = loaded.assessed
    assert (figures.listed, figures.assessed, figures.failed) == (5, 4, ["Broken"])
    aligned = sum(1 for m in assessed if m.final_level in ("full", "partial"))
    assert figures.aligned == aligned
    assert figures.headline.startswith(f"{aligned} of 4 members at least partially aligned")
    assert figures.report_levels == figures.report_levels_machine  # no report level moved
    sc1_figure = next(e for e in figures.elements if e.element == "SC1")
    assert sc1_figure.final["partial"] == sc1_figure.machine["partial"] + 1
    assert "Northwind" in sc1_figure.members["partial"] and sc1_figure.decisions == 1
    assert all(sum(e.final.values()) == 4 for e in figures.elements)
    for indicator in figures.indicators:
        expected = {
            m.member
            for m in assessed
            for i in m.assessment.indicators  # type: ignore[union-attr]
            if i.id == indicator.id and i.found
        }
        assert {m.member for m in indicator.members} == expected
        assert all(m.evidence for m in indicator.members)
    hashing = next(i for i in figures.indicators if i.id == "image_hashing")
    assert {"Northwind", "Kestrel", "Quillpost", EVIL} <= {m.member for m in hashing.members}

    published = work / "figures"
    assert _run(["summary", str(audit), "-o", str(published)]) == 3  # Broken is not assessed
    assert figures.headline in capsys.readouterr().out

    elements = _csv(published / "elements.csv")
    sc1_row = next(r for r in elements if r["element"] == "SC1")
    assert int(sc1_row["partial"]) == sc1_figure.final["partial"]
    assert int(sc1_row["machine_partial"]) == sc1_figure.machine["partial"]
    indicators = _csv(published / "indicators.csv")
    assert int(next(r for r in indicators if r["indicator"] == "image_hashing")["members"]) == (
        hashing.count
    )
    verdicts = _csv(published / "verdicts.csv")
    decided = [r for r in verdicts if r["decision_status"]]
    assert {(r["member"], r["element"], r["machine_level"], r["final_level"]) for r in decided} == {
        ("Northwind", "SC1", "full", "partial"),
        ("Kestrel", raised.id, "none", "full"),
    }

    workbook = load_workbook(published / "summary.xlsx", read_only=True)
    assert {"headline", "elements", "indicators", "members", "verdicts"} <= set(workbook.sheetnames)
    headline = {row[0]: row[1] for row in workbook["headline"].iter_rows(values_only=True)}
    assert headline["headline"] == figures.headline and headline["members assessed"] == 4
    workbook.close()

    for name in ("alignment", "elements", "indicators"):
        png = (published / f"{name}.png").read_bytes()
        svg = (published / f"{name}.svg").read_text(encoding="utf-8")
        assert png.startswith(b"\x89PNG") and len(png) > 5000
        assert "<svg" in svg and len(svg) > 5000 and "<dc:date>" not in svg
    dashboard = (published / "index.html").read_text(encoding="utf-8")
    assert "Evil &lt;b&gt;Co&lt;/b&gt;" in dashboard and "<b>Co</b>" not in dashboard
    assert "data:image/png;base64," in dashboard and "<script" not in dashboard

    # Published figures are reproducible byte for byte.
    again = work / "figures-again"
    assert _run(["summary", str(audit), "-o", str(again)]) == 3
    names = ("alignment.svg", "elements.png", "elements.csv", "summary.json", "index.html")
    for name in (*names, "summary.xlsx", "matrix.csv", "members.csv"):
        assert (again / name).read_bytes() == (published / name).read_bytes(), name
    shutil.rmtree(again)
