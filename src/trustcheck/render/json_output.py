"""Assessments as JSON: the stable, documented output (``schema_version``) Python users read."""

from __future__ import annotations

import json
from collections.abc import Sequence

from trustcheck.assessment.models import Assessment


def to_json(assessments: Sequence[Assessment]) -> str:
    """One assessment as an object, several as an array; keys in model order, 2-space indent."""
    if len(assessments) == 1:
        return assessments[0].model_dump_json(indent=2) + "\n"
    items = [json.loads(a.model_dump_json()) for a in assessments]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
