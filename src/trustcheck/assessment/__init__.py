"""The assessment stage: framework rules applied to a document's passages, rolled up to verdicts."""

from __future__ import annotations

import os

from trustcheck.assessment.engine import assess_document
from trustcheck.assessment.models import Assessment
from trustcheck.document import Document
from trustcheck.framework.models import Framework


def assess(
    source: str | os.PathLike[str] | bytes | Document,
    framework: str | os.PathLike[str] | Framework = "trust",
    *,
    password: str | None = None,
) -> Assessment:
    """Assess a report (a path, raw bytes or a read :class:`Document`) against a framework.

    ``framework`` is a bundled framework id ("trust"), a path to a framework file, or a loaded
    :class:`Framework`. The same input always gives the same assessment.
    """
    from trustcheck.framework.loader import load_framework
    from trustcheck.ingest import read_document

    document = source if isinstance(source, Document) else read_document(source, password=password)
    loaded = framework if isinstance(framework, Framework) else load_framework(framework)
    return assess_document(document, loaded)


__all__ = ["assess", "assess_document"]
