"""The yearly audit: many members' reports, reviewer decisions, year-over-year change, figures.

``run_audit`` assesses what a manifest lists into an audit folder (``store`` describes it);
``record_decision`` appends a reviewer's decision; ``load_audit`` reads it all back with the
decisions beside the machine's verdicts; ``diff_audits`` compares two years and
``summarise_audit`` computes the coalition's figures, which ``exports`` and ``charts`` publish.
"""

from __future__ import annotations

from trustcheck.audit.decisions import DecisionEntry, record_decision
from trustcheck.audit.fetch import FetchLimits, fetch
from trustcheck.audit.load import Audit, AuditMember, load_audit
from trustcheck.audit.manifest import ManifestEntry, load_entries
from trustcheck.audit.runner import ProgressEvent, run_audit
from trustcheck.audit.store import RunReport

__all__ = [
    "Audit",
    "AuditMember",
    "DecisionEntry",
    "FetchLimits",
    "ManifestEntry",
    "ProgressEvent",
    "RunReport",
    "fetch",
    "load_audit",
    "load_entries",
    "record_decision",
    "run_audit",
]
