"""Assessments as JSON: the stable, documented output (``schema_version``) Python users read.

The JSON is the :class:`~trustcheck.assessment.models.Assessment` model as pydantic dumps it,
and its JSON Schema is generated from the same model, published as ``trustcheck schema`` and
committed as ``docs/assessment.schema.json`` (a test keeps the two equal).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from trustcheck.assessment.models import SCHEMA_VERSION, Assessment

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def to_json(assessments: Sequence[Assessment]) -> str:
    """One assessment as an object, several as an array; keys in model order, 2-space indent."""
    if len(assessments) == 1:
        return assessments[0].model_dump_json(indent=2) + "\n"
    items = [json.loads(a.model_dump_json()) for a in assessments]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one assessment, as ``trustcheck schema`` prints it."""
    generated = Assessment.model_json_schema(mode="serialization")
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "trustcheck assessment",
        "description": (
            f"One report assessed against one framework (schema_version {SCHEMA_VERSION}). "
            "`trustcheck --format json` prints one such object for one file and an array of "
            "them for several."
        ),
    }
    schema.update({k: v for k, v in generated.items() if k not in ("title", "description")})
    return schema


def schema_json() -> str:
    return json.dumps(assessment_schema(), indent=2, ensure_ascii=False) + "\n"
