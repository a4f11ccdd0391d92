"""trustcheck: check CSEA transparency reports against the Tech Coalition's Trust framework.

The public API is re-exported here and loaded lazily, so ``import trustcheck`` stays cheap:
PDF and rendering code is imported only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_EXPORTS: dict[str, str] = {
    "assess": "trustcheck.assessment",
    "assess_document": "trustcheck.assessment",
    "Assessment": "trustcheck.assessment.models",
    "AuditError": "trustcheck.errors",
    "BBox": "trustcheck.document",
    "Crosswalk": "trustcheck.framework.models",
    "CrosswalkInfo": "trustcheck.framework.loader",
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
    "IndicatorResult": "trustcheck.assessment.models",
    "LimitExceeded": "trustcheck.errors",
    "Limits": "trustcheck.ingest.limits",
    "list_crosswalks": "trustcheck.framework.loader",
    "list_frameworks": "trustcheck.framework.loader",
    "load_crosswalk": "trustcheck.framework.loader",
    "load_framework": "trustcheck.framework.loader",
    "NoTextLayer": "trustcheck.errors",
    "PageInfo": "trustcheck.document",
    "Passage": "trustcheck.document",
    "PassageKind": "trustcheck.document",
    "read_document": "trustcheck.ingest",
    "ReviewDecision": "trustcheck.assessment.models",
    "Section": "trustcheck.framework.models",
    "SectionResult": "trustcheck.assessment.models",
    "TrustcheckError": "trustcheck.errors",
    "UnreadableDocument": "trustcheck.errors",
    "UnsupportedFormat": "trustcheck.errors",
    "UsageError": "trustcheck.errors",
    "validate_file": "trustcheck.framework.loader",
}

__all__ = [
    "Assessment",
    "AuditError",
    "BBox",
    "Crosswalk",
    "CrosswalkInfo",
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
    "IndicatorResult",
    "LimitExceeded",
    "Limits",
    "NoTextLayer",
    "PageInfo",
    "Passage",
    "PassageKind",
    "ReviewDecision",
    "Section",
    "SectionResult",
    "TrustcheckError",
    "UnreadableDocument",
    "UnsupportedFormat",
    "UsageError",
    "__version__",
    "assess",
    "assess_document",
    "list_crosswalks",
    "list_frameworks",
    "load_crosswalk",
    "load_framework",
    "read_document",
    "validate_file",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from trustcheck.assessment import assess, assess_document
    from trustcheck.assessment.models import (
        Assessment,
        ElementResult,
        Evidence,
        IndicatorResult,
        ReviewDecision,
        SectionResult,
    )
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
        validate_file,
    )
    from trustcheck.framework.models import Crosswalk, Element, Framework, Section
    from trustcheck.ingest import read_document
    from trustcheck.ingest.limits import Limits


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'trustcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
