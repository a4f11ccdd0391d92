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
    "AuditError": "trustcheck.errors",
    "BBox": "trustcheck.document",
    "Crosswalk": "trustcheck.framework.models",
    "Document": "trustcheck.document",
    "DocumentError": "trustcheck.errors",
    "DocumentFormat": "trustcheck.document",
    "Element": "trustcheck.framework.models",
    "EncryptedDocument": "trustcheck.errors",
    "FetchError": "trustcheck.errors",
    "Framework": "trustcheck.framework.models",
    "FrameworkError": "trustcheck.errors",
    "LimitExceeded": "trustcheck.errors",
    "Limits": "trustcheck.ingest.limits",
    "NoTextLayer": "trustcheck.errors",
    "PageInfo": "trustcheck.document",
    "Passage": "trustcheck.document",
    "PassageKind": "trustcheck.document",
    "Section": "trustcheck.framework.models",
    "TrustcheckError": "trustcheck.errors",
    "UnreadableDocument": "trustcheck.errors",
    "UnsupportedFormat": "trustcheck.errors",
    "UsageError": "trustcheck.errors",
    "read_document": "trustcheck.ingest",
}

__all__ = [
    "AuditError",
    "BBox",
    "Crosswalk",
    "Document",
    "DocumentError",
    "DocumentFormat",
    "Element",
    "EncryptedDocument",
    "FetchError",
    "Framework",
    "FrameworkError",
    "LimitExceeded",
    "Limits",
    "NoTextLayer",
    "PageInfo",
    "Passage",
    "PassageKind",
    "Section",
    "TrustcheckError",
    "UnreadableDocument",
    "UnsupportedFormat",
    "UsageError",
    "__version__",
    "read_document",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
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
