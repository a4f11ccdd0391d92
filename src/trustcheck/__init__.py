"""trustcheck: check CSEA transparency reports against the Tech Coalition's Trust framework.

The public API is re-exported here and loaded lazily, so ``import trustcheck`` stays cheap:
PDF and rendering code is imported only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from trustcheck._version import __version__

# name -> module that defines it
_EXPORTS: dict[str, str] = {
    "assess": "trustcheck.assessment",
    "assess_document": "trustcheck.assessment",
    "Assessment": "trustcheck.assessment.models",
    "apply_review": "trustcheck.audit.review",
    "assessment_schema": "trustcheck.render",
    "Audit": "trustcheck.audit.load",
    "AuditDiff": "trustcheck.audit.diff",
    "AuditError": "trustcheck.errors",
    "BBox": "trustcheck.document",
    "CoalitionSummary": "trustcheck.audit.summary",
    "Confidence": "trustcheck.assessment.confidence",
    "create_app": "trustcheck.serve.app",
    "Crosswalk": "trustcheck.framework.models",
    "CrosswalkInfo": "trustcheck.framework.loader",
    "DecisionEntry": "trustcheck.audit.decisions",
    "diff_audits": "trustcheck.audit.diff",
    "Document": "trustcheck.document",
    "DocumentError": "trustcheck.errors",
    "DocumentFormat": "trustcheck.document",
    "Element": "trustcheck.framework.models",
    "ElementResult": "trustcheck.assessment.models",
    "EncryptedDocument": "trustcheck.errors",
    "Evidence": "trustcheck.assessment.models",
    "FetchError": "trustcheck.errors",
    "Framework": "trustcheck.framework.models",
    "FrameworkError": "trustcheck.errors",
    "FrameworkInfo": "trustcheck.framework.loader",
    "FrameworkTestReport": "trustcheck.assessment.framework_tests",
    "IndicatorResult": "trustcheck.assessment.models",
    "LimitExceeded": "trustcheck.errors",
    "Limits": "trustcheck.ingest.limits",
    "list_crosswalks": "trustcheck.framework.loader",
    "list_frameworks": "trustcheck.framework.loader",
    "load_audit": "trustcheck.audit.load",
    "load_crosswalk": "trustcheck.framework.loader",
    "load_framework": "trustcheck.framework.loader",
    "load_vocabulary": "trustcheck.framework.loader",
    "NoTextLayer": "trustcheck.errors",
    "OutputFormat": "trustcheck.render",
    "PageInfo": "trustcheck.document",
    "Passage": "trustcheck.document",
    "PassageKind": "trustcheck.document",
    "publish_summary": "trustcheck.audit.exports",
    "read_document": "trustcheck.ingest",
    "record_decision": "trustcheck.audit.decisions",
    "render_assessments": "trustcheck.render",
    "run_framework_tests": "trustcheck.assessment.framework_tests",
    "ReviewDecision": "trustcheck.assessment.models",
    "Reviewed": "trustcheck.assessment.models",
    "run_audit": "trustcheck.audit.runner",
    "RunReport": "trustcheck.audit.store",
    "Section": "trustcheck.framework.models",
    "Vocabulary": "trustcheck.framework.models",
    "SectionResult": "trustcheck.assessment.models",
    "serve_audit": "trustcheck.serve.server",
    "summarise_audit": "trustcheck.audit.summary",
    "TrustcheckError": "trustcheck.errors",
    "UnreadableDocument": "trustcheck.errors",
    "UnsupportedFormat": "trustcheck.errors",
    "UsageError": "trustcheck.errors",
    "validate_file": "trustcheck.framework.loader",
    "verdict_confidence": "trustcheck.assessment.confidence",
}

__all__ = [
    "Assessment",
    "Audit",
    "AuditDiff",
    "AuditError",
    "BBox",
    "CoalitionSummary",
    "Confidence",
    "Crosswalk",
    "CrosswalkInfo",
    "DecisionEntry",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "Element",
    "ElementResult",
    "EncryptedDocument",
    "Evidence",
    "FetchError",
    "Framework",
    "FrameworkError",
    "FrameworkInfo",
    "FrameworkTestReport",
    "IndicatorResult",
    "LimitExceeded",
    "Limits",
    "NoTextLayer",
    "OutputFormat",
    "PageInfo",
    "Passage",
    "PassageKind",
    "ReviewDecision",
    "Reviewed",
    "RunReport",
    "Section",
    "SectionResult",
    "TrustcheckError",
    "UnreadableDocument",
    "UnsupportedFormat",
    "UsageError",
    "Vocabulary",
    "__version__",
    "apply_review",
    "assess",
    "assess_document",
    "assessment_schema",
    "create_app",
    "diff_audits",
    "list_crosswalks",
    "list_frameworks",
    "load_audit",
    "load_crosswalk",
    "load_framework",
    "load_vocabulary",
    "publish_summary",
    "read_document",
    "record_decision",
    "render_assessments",
    "run_audit",
    "run_framework_tests",
    "serve_audit",
    "summarise_audit",
    "validate_file",
    "verdict_confidence",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from trustcheck.assessment import assess, assess_document
    from trustcheck.assessment.confidence import Confidence, verdict_confidence
    from trustcheck.assessment.framework_tests import FrameworkTestReport, run_framework_tests
    from trustcheck.assessment.models import (
        Assessment,
        ElementResult,
        Evidence,
        IndicatorResult,
        ReviewDecision,
        Reviewed,
        SectionResult,
    )
    from trustcheck.audit.decisions import DecisionEntry, record_decision
    from trustcheck.audit.diff import AuditDiff, diff_audits
    from trustcheck.audit.exports import publish_summary
    from trustcheck.audit.load import Audit, load_audit
    from trustcheck.audit.review import apply_review
    from trustcheck.audit.runner import run_audit
    from trustcheck.audit.store import RunReport
    from trustcheck.audit.summary import CoalitionSummary, summarise_audit
    from trustcheck.document import BBox, Document, DocumentFormat, PageInfo, Passage, PassageKind
    from trustcheck.errors import (
        AuditError,
        DocumentError,
        EncryptedDocument,
        FetchError,
        FrameworkError,
        LimitExceeded,
        NoTextLayer,
        TrustcheckError,
        UnreadableDocument,
        UnsupportedFormat,
        UsageError,
    )
    from trustcheck.framework.loader import (
        CrosswalkInfo,
        FrameworkInfo,
        list_crosswalks,
        list_frameworks,
        load_crosswalk,
        load_framework,
        load_vocabulary,
        validate_file,
    )
    from trustcheck.framework.models import Crosswalk, Element, Framework, Section, Vocabulary
    from trustcheck.ingest import read_document
    from trustcheck.ingest.limits import Limits
    from trustcheck.render import OutputFormat, assessment_schema, render_assessments
    from trustcheck.serve.app import create_app
    from trustcheck.serve.server import serve_audit


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'trustcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
