"""Assessments as SARIF 2.1.0, the format code-scanning dashboards already read.

The mapping, which ``docs/output-formats.md`` repeats for users:

- one run per framework (so a dashboard sees one tool and one rule set), with every assessed
  document as an artifact (URI, media type, SHA-256);
- one rule per framework element, one result per element below the framework's best level;
  the lowest level is an ``error``, levels in between a ``warning``;
- the result's location is the document, its region the best evidence: SARIF has no unit for
  pages, so ``startLine`` carries the 1-based page number and ``region.properties`` says so
  (``page``, ``pageLabel``); the quote is the region's ``snippet``;
- a reviewer decision that clears an element (decides the best level) is a SARIF
  ``suppression`` of kind ``external`` with the reason as ``justification`` and the review state
  as ``status`` (accepted, underReview, rejected). Any other decision is kept in the result's
  ``properties`` and, when accepted, sets the result's level.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from trustcheck._version import __version__
from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.render.common import best_evidence, levels

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://example.invalid/trustcheck/docs"
_MEDIA = {
    "pdf": "application/pdf",
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
}
_STATUS = {"accepted": "accepted", "under-review": "underReview", "rejected": "rejected"}


def artifact_uri(path: str) -> str:
    """A URI reference for a document path: relative paths stay relative, as SARIF prefers."""
    if "://" in path:
        return path
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + quote(pure.as_posix())
    return quote(pure.as_posix())


def _rule(element: ElementResult, section_id: str, section_title: str) -> dict[str, Any]:
    return {
        "id": element.id,
        "name": element.title,
        "shortDescription": {"text": element.title},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"section": section_id, "sectionTitle": section_title},
    }


def _suppression(element: ElementResult, best: str) -> list[dict[str, Any]] | None:
    decision = element.decision
    if decision is None or decision.level != best:
        return None
    suppression: dict[str, Any] = {
        "kind": "external",
        "status": _STATUS[decision.status],
        "justification": decision.reason,
        "properties": {"reviewer": decision.reviewer, "timestamp": decision.timestamp},
    }
    if decision.stale:
        suppression["properties"]["stale"] = True
    return [suppression]


def _result(
    assessment: Assessment, element: ElementResult, rule_index: int, artifact_index: int
) -> dict[str, Any]:
    order = levels(assessment)
    final = element.final_level
    text = f"{element.id} {element.title}: {element.level}"
    if final != element.level:
        text += f" (reviewer: {final})"
    if element.missing:
        text += ". Missing: " + "; ".join(element.missing)
    location: dict[str, Any] = {
        "artifactLocation": {
            "uri": artifact_uri(assessment.document.path),
            "index": artifact_index,
        }
    }
    evidence = best_evidence(element)
    if evidence is not None:
        properties: dict[str, Any] = {"page": evidence.page}
        if evidence.page_label:
            properties["pageLabel"] = evidence.page_label
        if evidence.heading:
            properties["heading"] = evidence.heading
        location["region"] = {
            "startLine": evidence.page,
            "snippet": {"text": evidence.quote},
            "properties": properties,
        }
    result: dict[str, Any] = {
        "ruleId": element.id,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": "error" if final == order[-1] else "warning",
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {
            "trustcheckElement/v1": f"{assessment.framework.id}/{element.id}",
        },
        "properties": {
            "level": element.level,
            "score": element.score,
            "confidence": element.confidence,
            "missing": element.missing,
        },
    }
    if element.decision is not None:
        result["properties"]["decision"] = element.decision.model_dump(mode="json")
    suppressions = _suppression(element, order[0])
    if suppressions:
        result["suppressions"] = suppressions
    return result


def _run(assessments: Sequence[Assessment]) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    for assessment in assessments:
        for section in assessment.sections:
            for element in section.elements:
                if element.id not in rule_index:
                    rule_index[element.id] = len(rules)
                    rules.append(_rule(element, section.id, section.title))
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for index, assessment in enumerate(assessments):
        doc = assessment.document
        artifacts.append(
            {
                "location": {"uri": artifact_uri(doc.path)},
                "mimeType": _MEDIA.get(doc.format, "application/octet-stream"),
                "hashes": {"sha-256": doc.sha256},
                "properties": {
                    "title": doc.title,
                    "pages": doc.pages,
                    "level": assessment.level,
                    "score": assessment.score,
                    # After reviewer decisions; equal to the machine's when there are none.
                    "finalLevel": assessment.final_level,
                    "finalScore": assessment.final_score,
                },
            }
        )
        best = levels(assessment)[0]
        for element in assessment.elements:
            if element.level != best or element.final_level != best:
                results.append(_result(assessment, element, rule_index[element.id], index))
        for warning in assessment.warnings:
            notifications.append(
                {
                    "level": "warning",
                    "message": {"text": f"{doc.path}: {warning}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"index": index}}}],
                }
            )
    framework = assessments[0].framework
    return {
        "tool": {
            "driver": {
                "name": "trustcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
                "properties": {
                    "framework": framework.id,
                    "frameworkVersion": framework.version,
                    "frameworkTitle": framework.title,
                },
            }
        },
        "automationDetails": {"id": f"trustcheck/{framework.id}/"},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "artifacts": artifacts,
        "results": results,
    }


def to_sarif_dict(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """The SARIF log as a dictionary: one run per framework, in order of first appearance."""
    by_framework: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        by_framework.setdefault(assessment.framework.id, []).append(assessment)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [_run(group) for group in by_framework.values()],
    }


def to_sarif(assessments: Sequence[Assessment]) -> str:
    return json.dumps(to_sarif_dict(assessments), indent=2, ensure_ascii=False) + "\n"
