"""Every output format from real reports, parsed back; exact lines from a fixed assessment."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from render_samples import CORPUS, DATA, MARKUP_HTML, NORTHWIND, ROOT, sample_assessment
from trustcheck.assessment import assess
from trustcheck.assessment.models import Assessment
from trustcheck.render import OutputFormat, assessment_schema
from trustcheck.render import render_assessments as render
from trustcheck.render.csv_output import COLUMNS
from trustcheck.render.json_output import schema_json
from trustcheck.render.markdown import escape
from trustcheck.render.terminal import plain_console, render_table

REAL = [
    NORTHWIND,
    CORPUS / "kestrel-2024-csam-transparency.pdf",
    CORPUS / "murmur-chat-2025-h1-csea.html",
    CORPUS / "halcyon-child-safety-policy.md",
    MARKUP_HTML,
]
SARIF_SCHEMA = DATA / "sarif" / "sarif-schema-2.1.0.json"


@cache
def _assessed(path: Path) -> Assessment:
    return assess(path)


@pytest.fixture(scope="module")
def real() -> list[Assessment]:
    return [_assessed(p) for p in REAL]


# --------------------------------------------------------------------------- JSON


def test_committed_schema_equals_the_generated_one() -> None:
    committed = (ROOT / "docs" / "assessment.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: trustcheck schema > docs/assessment.schema.json"


def test_json_output_validates_against_the_schema(real: list[Assessment]) -> None:
    schema = assessment_schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    one = json.loads(render(real[0], "json"))
    validator.validate(one)
    many = json.loads(render(real, "json"))
    assert isinstance(many, list) and len(many) == len(real)
    for item in many:
        validator.validate(item)
    decided = json.loads(render(sample_assessment(), "json"))
    validator.validate(decided)
    assert decided["sections"][1]["elements"][0]["decision"]["status"] == "accepted"


def test_json_round_trips_to_the_model(real: list[Assessment]) -> None:
    for assessment in real:
        assert Assessment.model_validate_json(render(assessment, "json")) == assessment


# --------------------------------------------------------------------------- CSV


def test_csv_has_one_row_per_element_and_parses_back(real: list[Assessment]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(real, "csv"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[:9] == (
        "report",
        *("framework", "section", "element", "level", "score", "confidence", "page", "quote"),
    )
    assert len(rows) == sum(len(a.elements) for a in real)
    first = real[0]
    for row, element in zip(rows, first.elements, strict=False):
        assert row["element"] == element.id
        assert row["level"] == element.level
        assert float(row["score"]) == element.score
        assert row["report"] == first.document.path
    markup = [r for r in rows if r["report"].endswith("markup-in-text.html")]
    assert any("<script>alert(1)</script>" in r["quote"] for r in markup)


def test_csv_defuses_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(render(sample_assessment(), "csv"), newline="")))
    by_id = {r["element"]: r for r in rows}
    assert by_id["PS2"]["missing"].startswith("'=not found")
    assert by_id["PS2"]["page"] == "" and by_id["PS2"]["quote"] == ""
    assert by_id["SC1"]["page"] == "2" and by_id["SC1"]["page_label"] == "ii"
    assert by_id["PS1"]["decision_level"] == "full"


# --------------------------------------------------------------------------- SARIF


def _sarif_validator() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return Draft4Validator(schema)


def test_sarif_validates_against_the_sarif_2_1_0_schema(real: list[Assessment]) -> None:
    validator = _sarif_validator()
    log = json.loads(render(real, "sarif"))
    validator.validate(log)
    decided = json.loads(render(sample_assessment(), "sarif"))
    validator.validate(decided)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "trustcheck"
    assert len(run["artifacts"]) == len(real)
    below = sum(1 for a in real for e in a.elements if e.level != "full")
    assert len(run["results"]) == below
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        artifact = run["artifacts"][location["artifactLocation"]["index"]]
        assert artifact["location"]["uri"] == location["artifactLocation"]["uri"]
        if "region" in location:
            region = location["region"]
            assert region["startLine"] == region["properties"]["page"]
            assert region["snippet"]["text"]


def test_sarif_maps_levels_and_reviewer_decisions() -> None:
    log = json.loads(render(sample_assessment(), "sarif"))
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert set(results) == {"PS1", "PS2"}
    assert results["PS2"]["level"] == "error"
    assert "region" not in results["PS2"]["locations"][0]["physicalLocation"]
    ps1 = results["PS1"]
    assert ps1["level"] == "warning"
    (suppression,) = ps1["suppressions"]
    assert suppression == {
        "kind": "external",
        "status": "accepted",
        "justification": "Page 4 names NCMEC's list.",
        "properties": {"reviewer": "ana", "timestamp": ""},
    }
    region = ps1["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["properties"]["pageLabel"] == "1"


@pytest.mark.parametrize(
    ("status", "sarif_status"),
    [("accepted", "accepted"), ("under-review", "underReview"), ("rejected", "rejected")],
)
def test_sarif_suppression_status(status: str, sarif_status: str) -> None:
    assessment = sample_assessment()
    element = assessment.element("PS1")
    assert element.decision is not None
    element.decision.status = status  # type: ignore[assignment]
    log = json.loads(render(assessment, "sarif"))
    _sarif_validator().validate(log)
    ps1 = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PS1")
    assert ps1["suppressions"][0]["status"] == sarif_status


# --------------------------------------------------------------------------- Markdown


def test_markdown_golden_lines() -> None:
    lines = render(sample_assessment(), "markdown").splitlines()
    assert lines[:5] == [
        "# trustcheck assessment",
        "",
        "## Acme 2024",
        "",
        "**partially aligned, score 50/100; 1 full, 1 partial, 1 none**",
    ]
    assert "| Element | Level | Score | Evidence | Reviewer |" in lines
    row = next(line for line in lines if line.startswith("| PS1 "))
    assert row == (
        "| PS1 Detection of known CSAM | ◐ partial | 50 | p. 1 (file page 3): “We use "
        "&lt;b&gt;hash&lt;/b&gt; matching \\| &lt;script&gt;alert(1)&lt;/script&gt;.” | "
        "full (accepted) by ana: Page 4 names NCMEC's list. |"
    )
    assert lines[-3:] == ["  - not found: where it is applied", "- **PS2** (none):",
                          "  - =not found: a figure for content actioned"]  # fmt: skip


def test_markdown_escape() -> None:
    assert escape("a | b\n*c* [d](e) <i>") == "a \\| b \\*c\\* \\[d\\](e) &lt;i&gt;"


# --------------------------------------------------------------------------- table


def test_table_golden_lines() -> None:
    console = plain_console(100)
    console.print(render_table(sample_assessment()))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in out.splitlines()]
    assert "\x1b[" not in out
    assert lines[0] == "Acme 2024"
    assert lines[1] == "reports/acme.pdf · Trust"
    assert (
        "│ SC1 Reporting period     │ ● full    │   100 │ p. ii (file page 2): “This report "
        "covers 2024.”   │"
    ) in lines
    assert any("│ PS1 Detection of known   │ ◐ partial │    50 │" in line for line in lines)
    assert any("missing: not found: a named hash source" in line for line in lines)
    assert any("(+1 more: --explain PS1)" in line for line in lines)
    assert any("reviewer: full (accepted) by ana" in line for line in lines)
    assert lines[-3:] == [
        "reporting period: 1 January to 31 December 2024",
        "warning: pages without a text layer were not read: 5",
        "partially aligned, score 50/100; 1 full, 1 partial, 1 none",
    ]


def test_table_does_not_read_report_text_as_rich_markup() -> None:
    assessment = sample_assessment()
    assessment.document.title = "Acme [bold red]2024[/]"
    text = render(assessment, "table")
    assert "Acme [bold red]2024[/]" in text
    assert "<script>alert(1)</script>" in text


def test_summary_line_matches_counts(real: list[Assessment]) -> None:
    for assessment in real:
        last = render(assessment, "table").rstrip().splitlines()[-1]
        counts = ", ".join(f"{n} {level}" for level, n in assessment.counts.items())
        assert last.endswith(f"score {assessment.score:g}/100; {counts}")


# --------------------------------------------------------------------------- HTML (static)


def test_html_is_self_contained_and_escaped() -> None:
    html = render(_assessed(MARKUP_HTML), "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<b>PhotoDNA" not in html
    assert "Content-Security-Policy" in html
    assert re.search(r"<[a-z]+[^>]*\s(src|href)=", html) is None  # nothing to load
    for marker in ("http://", "https://", "@import", "url("):
        assert marker not in html, marker


def test_render_rejects_unknown_formats() -> None:
    from trustcheck.errors import UsageError

    with pytest.raises(UsageError, match="unknown format 'xml'"):
        render(sample_assessment(), "xml")
    assert [f.value for f in OutputFormat] == ["table", "json", "markdown", "html", "csv", "sarif"]
