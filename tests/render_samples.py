"""A small hand-built assessment for golden render tests, and helpers shared by render tests.

Golden output must not move when the engine's judgement improves, so the exact-line tests use
this fixed assessment; the real-report tests check structure and parse the output back.
"""

from __future__ import annotations

from pathlib import Path

from trustcheck.assessment.models import (
    Assessment,
    DocumentRef,
    ElementResult,
    Evidence,
    FrameworkRef,
    ReviewDecision,
    SectionResult,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "reports"
DATA = Path(__file__).resolve().parent / "data"
MARKUP_HTML = DATA / "reports" / "markup-in-text.html"
MARKUP_MD = DATA / "reports" / "markup-in-text.md"
NORTHWIND = CORPUS / "northwind-2024-csea-report.pdf"


def evidence(quote: str, page: int, label: str | None = None, signal: str = "s") -> Evidence:
    return Evidence(
        quote=quote,
        page=page,
        page_label=label,
        heading="Report > Section",
        passage_id=f"p{page}.1",
        signal=signal,
        signal_description=f"the {signal} signal",
        score=100,
        on_topic=True,
        anchor="0123456789abcdef",
    )


def sample_assessment() -> Assessment:
    """Two sections, every level, a printed page label, markup in a quote, a decision."""
    full = ElementResult(
        id="SC1",
        title="Reporting period",
        level="full",
        score=100,
        confidence=1.0,
        evidence=[evidence("This report covers 2024.", 2, "ii", "period")],
    )
    partial = ElementResult(
        id="PS1",
        title="Detection of known CSAM",
        level="partial",
        score=50,
        confidence=0.8,
        evidence=[evidence("We use <b>hash</b> matching | <script>alert(1)</script>.", 3, "1")],
        missing=["not found: a named hash source", "not found: where it is applied"],
        decision=ReviewDecision(
            level="full",
            reason="Page 4 names NCMEC's list.",
            reviewer="ana",
            status="accepted",
            machine_level="partial",
        ),
    )
    none = ElementResult(
        id="PS2",
        title="Content actioned",
        level="none",
        score=0,
        confidence=0.9,
        missing=["=not found: a figure for content actioned"],
    )
    return Assessment(
        trustcheck_version="0.1.0",
        framework=FrameworkRef(id="trust", version="1", title="Trust", reconstructed=True),
        document=DocumentRef(
            path="reports/acme.pdf", sha256="ab" * 32, format="pdf", pages=5, title="Acme 2024"
        ),
        level="partial",
        score=50,
        counts={"full": 1, "partial": 1, "none": 1},
        reporting_period="1 January to 31 December 2024",
        sections=[
            SectionResult(id="SC", title="Scope", level="full", score=100, elements=[full]),
            SectionResult(
                id="PS", title="Processes", level="partial", score=25, elements=[partial, none]
            ),
        ],
        warnings=["pages without a text layer were not read: 5"],
    )
