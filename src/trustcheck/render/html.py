"""Assessments as one self-contained, printable HTML file for people who were not at the terminal.

The HTML report is what an analyst sends to a member company, so three things matter:

- It opens anywhere with no network: the stylesheet and the small filter script are inlined, and
  a Content-Security-Policy with their SHA-256 hashes forbids every other load and script.
- Report text is untrusted. It reaches the page only through Jinja2 with autoescaping on, so a
  quote containing ``<script>`` shows as those characters; the CSP would block it even if an
  escape were ever missed. No report text is placed in script or attribute-free raw contexts.
- It prints: filters hide on paper, collapsed evidence opens before printing.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from trustcheck._version import __version__
from trustcheck.assessment.models import Assessment, ElementResult, Evidence
from trustcheck.render.common import (
    best_evidence,
    level_class,
    level_text,
    levels,
    page_ref,
    report_name,
    summary_line,
)


@dataclass(frozen=True)
class _Assets:
    template: Template
    css: str
    js: str


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source for an inline style or script: its SHA-256, so the
    page allows exactly that text and nothing injected beside it (also the audit's pages)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def template(name: str) -> Template:
    """A template of ``render/templates``, in the one environment every HTML page uses:
    autoescaping on, undefined names an error. The audit's dashboard and diff use it too."""
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["level_class"] = level_class
    return env.from_string(template_text(name))


def template_text(name: str) -> str:
    """A file of ``render/templates`` (a template or a style sheet) as text."""
    return files("trustcheck.render").joinpath("templates").joinpath(name).read_text("utf-8")


@cache
def _assets() -> _Assets:
    folder = files("trustcheck.render").joinpath("templates")
    return _Assets(
        template=template("report.html.j2"),
        css=folder.joinpath("report.css").read_text("utf-8"),
        js=folder.joinpath("report.js").read_text("utf-8"),
    )


def _how(evidence: Evidence) -> str:
    how = [evidence.signal_description or evidence.signal]
    if evidence.score < 100:
        how.append(f"fuzzy match {evidence.score:g}")
    if not evidence.on_topic:
        how.append("not tied to the topic")
    if evidence.intention:
        how.append("a stated plan")
    if evidence.figure:
        how.append(
            f"figure {evidence.figure}" + (f" for {evidence.period}" if evidence.period else "")
        )
    return "; ".join(how)


def _evidence_view(evidence: Evidence, source: str = "") -> dict[str, str]:
    return {
        "quote": evidence.quote,
        "page": page_ref(evidence),
        "href": evidence_href(source, evidence.page),
        "heading": evidence.heading,
        "how": _how(evidence),
    }


def evidence_href(source: str, page: int) -> str:
    """A link from a piece of evidence to its page in the source, where one can be made.

    An http(s) URL is linked as it is, a relative file path relative to where the page is
    opened (an audit export gives paths relative to the manifest); ``#page=N`` is added for a
    PDF, which browsers' PDF viewers open at that page. An absolute path or any other scheme
    is never linked, so an exported page carries no local path and no script URL.
    """
    if source.lower().startswith(("http://", "https://")):
        link = source
    elif not source or _SCHEME.match(source) or PurePath(source).is_absolute():
        return ""
    else:
        link = quote(PurePath(source).as_posix())
    fragment = f"#page={page}" if source.lower().split("?")[0].endswith(".pdf") else ""
    return link + fragment


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _others(element: ElementResult, best: Evidence | None, source: str) -> list[dict[str, str]]:
    """The evidence after the best, one entry per passage: a sentence that met several
    signals is quoted once, with every signal it met, not once per signal."""
    views: dict[tuple[str, int], dict[str, str]] = {}
    for evidence in element.evidence:
        if evidence is best:
            continue
        key = (evidence.quote, evidence.page)
        if key in views:
            views[key]["how"] += "; " + _how(evidence)
        else:
            views[key] = _evidence_view(evidence, source)
    return list(views.values())


def _element_view(element: ElementResult, order: list[str], source: str = "") -> dict[str, Any]:
    best = best_evidence(element)
    decision = element.decision
    return {
        "id": element.id,
        "title": element.title,
        "level": element.level,
        "level_text": level_text(element.level, order),
        "score": f"{element.score:g}",
        "confidence": f"{element.confidence:.2f}",
        "best": _evidence_view(best, source) if best else None,
        "others": _others(element, best, source),
        "final_level": element.final_level,
        "final_score": f"{element.final_score:g}",
        "missing": element.missing,
        "decision": None
        if decision is None
        else {
            "level": decision.level,
            "level_text": level_text(decision.level, order),
            "status": decision.status.replace("-", " "),
            "reviewer": decision.reviewer,
            "timestamp": decision.timestamp,
            "reason": decision.reason,
            "stale": decision.stale,
        },
    }


def _report_view(index: int, assessment: Assessment) -> dict[str, Any]:
    doc = assessment.document
    framework = assessment.framework
    order = levels(assessment)
    return {
        "slug": f"r{index + 1}",
        "name": report_name(assessment),
        "level": assessment.level,
        "final_level": assessment.final_level,
        "order": order,
        "summary": summary_line(assessment),
        "path": doc.path,
        "format": doc.format,
        "pages": doc.pages,
        "sha256": doc.sha256,
        "framework": f"{framework.title} ({framework.version})",
        "reconstructed": framework.reconstructed,
        "period": assessment.reporting_period,
        "warnings": assessment.warnings,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "level": section.level,
                "level_text": level_text(section.level, order),
                "score": f"{section.score:g}",
                "final_level": section.final_level,
                "final_level_text": level_text(section.final_level, order),
                "final_score": f"{section.final_score:g}",
                "reviewed": section.reviewed is not None,
                "elements": [_element_view(e, order, doc.path) for e in section.elements],
            }
            for section in assessment.sections
        ],
    }


def to_html(assessments: Sequence[Assessment], title: str | None = None) -> str:
    """One HTML document for all the assessments, with shared level and section filters."""
    assets = _assets()
    all_levels: dict[str, tuple[str, str]] = {}
    all_sections: dict[str, str] = {}
    for assessment in assessments:
        order = levels(assessment)
        for level in order:
            all_levels.setdefault(level, (level_text(level, order), level_class(level, order)))
        for section in assessment.sections:
            all_sections.setdefault(section.id, section.title)
    if title is None:
        title = "trustcheck: " + (
            report_name(assessments[0]) if len(assessments) == 1 else f"{len(assessments)} reports"
        )
    return assets.template.render(
        title=title,
        version=__version__,
        css=Markup(assets.css),
        js=Markup(assets.js),
        style_hash=csp_hash(assets.css),
        script_hash=csp_hash(assets.js),
        levels=[
            {"id": level, "text": text, "class": cls} for level, (text, cls) in all_levels.items()
        ],
        sections=[{"id": k, "title": v} for k, v in all_sections.items()],
        reports=[_report_view(i, a) for i, a in enumerate(assessments)],
    )
