"""``trustcheck export``: members' assessments in any output format, ready to send as they are.

An export leaves the analyst's machine, so it names each member, shows sources as the manifest
gave them (a URL, or a path relative to the manifest: never a local absolute path), applies
reviewer decisions (final levels and scores beside the machine's), and lists every member whose
report could not be read: a failed member is never silently dropped. In SARIF such a failure
makes the run's invocation ``executionSuccessful: false`` with a notification per member (also
for a member reviewers scored by hand: the tool still did not read its report).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from markupsafe import escape

from trustcheck.audit.exports import safe_cell
from trustcheck.audit.load import Audit, AuditMember
from trustcheck.errors import UsageError
from trustcheck.render.common import best_evidence, page_ref

#: Columns of the CSV export: the member first, then the element row as ``check`` writes it,
#: then the reviewed values and the citation with both the printed page label and file page.
CSV_COLUMNS = (
    "member",
    "status",
    "source",
    "section",
    "element",
    "element_title",
    "level",
    "score",
    "final_level",
    "final_score",
    "decision_level",
    "decision_status",
    "reviewer",
    "decision_reason",
    "confidence",
    "page",
    "page_label",
    "citation",
    "quote",
    "missing",
    "error",
)


def chosen_members(audit: Audit, names: Sequence[str] = ()) -> list[AuditMember]:
    """The named members (any case), or every member of the audit."""
    return [audit.member(name) for name in names] if names else list(audit.members)


def export_members(audit: Audit, fmt: str, members: Sequence[AuditMember]) -> str:
    """The members' assessments as ``fmt`` text, with failed members listed in it."""
    if not members:
        raise UsageError(f"{audit.root.name}: no members to export")
    if fmt == "csv":
        return _csv(members)
    if fmt == "json":
        return _json(audit, members)
    from trustcheck.render import render_assessments

    assessments = [m.assessment for m in members if m.assessment is not None]
    failed = [m for m in members if m.failed]
    if fmt == "sarif":
        return _sarif(audit, assessments, failed)
    if not assessments:
        lines = "\n".join(_failure_line(m) for m in failed)
        raise UsageError(f"no member could be read, nothing to export:\n{lines}")
    text = render_assessments(assessments, fmt)
    if not failed:
        return text
    if fmt == "html":
        return _html_with_failures(text, failed)
    if fmt == "markdown":
        lines = "\n".join(f"- {_failure_line(m)}" for m in failed)
        return f"{text.rstrip()}\n\n## Reports that could not be read\n\n{lines}\n"
    lines = "\n".join(_failure_line(m) for m in failed)
    return f"{text.rstrip()}\n\nReports that could not be read:\n{lines}\n"


def _failure_line(member: AuditMember) -> str:
    hand = "; scored by hand" if member.manual else ""
    return f"{member.member} ({member.source}): {member.record.error or member.record.status}{hand}"


def _csv(members: Sequence[AuditMember]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for member in members:
        base = {
            "member": member.member,
            "status": "scored by hand" if member.manual else member.record.status,
            "source": member.source,
            "error": member.record.error or "",
        }
        if member.assessment is None:
            writer.writerow([safe_cell(base.get(c, "")) for c in CSV_COLUMNS])
            continue
        for section in member.assessment.sections:
            for element in section.elements:
                evidence = best_evidence(element)
                decision = element.decision
                row: dict[str, Any] = {
                    **base,
                    "section": section.id,
                    "element": element.id,
                    "element_title": element.title,
                    "level": element.level,
                    "score": element.score,
                    "final_level": element.final_level,
                    "final_score": element.final_score,
                    "decision_level": decision.level if decision else "",
                    "decision_status": decision.status if decision else "",
                    "reviewer": decision.reviewer if decision else "",
                    "decision_reason": decision.reason if decision else "",
                    "confidence": element.confidence,
                    "page": evidence.page if evidence else "",
                    "page_label": (evidence.page_label or "") if evidence else "",
                    "citation": page_ref(evidence) if evidence else "",
                    "quote": evidence.quote if evidence else "",
                    "missing": "; ".join(element.missing),
                }
                writer.writerow([safe_cell(row.get(c, "")) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _json(audit: Audit, members: Sequence[AuditMember]) -> str:
    payload = {
        "audit": audit.root.name,
        "framework": {"id": audit.framework.id, "version": audit.framework.version},
        "members": [
            {
                "member": m.member,
                "status": m.record.status,
                "scored_by_hand": m.manual,
                "source": m.source,
                "error": m.record.error,
                "machine_level": m.machine_level,
                "machine_score": m.machine_score,
                "final_level": m.final_level,
                "final_score": m.final_score,
                "assessment": m.assessment.model_dump(mode="json") if m.assessment else None,
            }
            for m in members
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _sarif(audit: Audit, assessments: list[Any], failed: Sequence[AuditMember]) -> str:
    from trustcheck._version import __version__
    from trustcheck.render.sarif import INFORMATION_URI, to_sarif_dict

    log = to_sarif_dict(assessments)
    if not log["runs"]:  # nothing was read: still a valid log that says so
        driver = {"name": "trustcheck", "version": __version__, "informationUri": INFORMATION_URI}
        log["runs"] = [
            {
                "tool": {"driver": driver},
                "automationDetails": {"id": f"trustcheck/{audit.framework.id}/"},
                "invocations": [{"executionSuccessful": True}],
                "results": [],
            }
        ]
    invocation = log["runs"][0]["invocations"][0]
    notifications = invocation.setdefault("toolExecutionNotifications", [])
    for member in failed:
        code = _code(member.record.error or "")
        notifications.append(
            {
                "level": "error",
                "message": {"text": _failure_line(member)},
                **({"descriptor": {"id": code}} if code else {}),
            }
        )
    if failed:  # the tool did not read these reports, even where a reviewer scored them
        invocation["executionSuccessful"] = False
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _code(error: str) -> str:
    if error.startswith("error[") and "]" in error:
        return error[len("error[") : error.index("]")]
    return ""


def _html_with_failures(page: str, failed: Sequence[AuditMember]) -> str:
    """The report page with the unread members listed at the top of its main content."""
    items = "".join(f"<li>{escape(_failure_line(m))}</li>" for m in failed)
    block = (
        '<section class="warning" role="note" aria-label="Reports that could not be read">'
        f"<strong>Reports that could not be read ({len(failed)})</strong><ul>{items}</ul>"
        "</section>\n"
    )
    return page.replace("<main>\n", "<main>\n" + block, 1)
