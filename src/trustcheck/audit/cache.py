"""Assessments cached by what determines them, so an unchanged audit re-runs near instantly.

The key is the document's sha256, the framework's id and version, a digest of the framework's
content (an edited framework file that kept its version must not reuse old verdicts) and
trustcheck's version (a new engine may judge differently). Nothing else goes into a verdict.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from trustcheck._version import __version__
from trustcheck.assessment.models import Assessment
from trustcheck.framework.models import Framework
from trustcheck.fsutil import write_atomic


def framework_digest(framework: Framework) -> str:
    """A hash of the framework's full content, rules included."""
    return hashlib.sha256(framework.model_dump_json().encode("utf-8")).hexdigest()


def cache_key(document_sha256: str, framework: Framework) -> str:
    parts = [document_sha256, framework.id, framework.version, framework_digest(framework)]
    parts.append(__version__)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class AssessmentCache:
    """A folder of ``<key>.json`` assessments; unreadable entries count as misses."""

    def __init__(self, folder: Path, framework: Framework) -> None:
        self.folder = Path(folder)
        self.framework = framework

    def path(self, document_sha256: str) -> Path:
        return self.folder / f"{cache_key(document_sha256, self.framework)}.json"

    def get(self, document_sha256: str) -> Assessment | None:
        path = self.path(document_sha256)
        try:
            return Assessment.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, document_sha256: str, payload: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(document_sha256), payload)
