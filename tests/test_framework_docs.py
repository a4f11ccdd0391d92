"""docs/frameworks.md: every key of the file formats is documented, and its examples load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from trustcheck import load_crosswalk, load_framework
from trustcheck.framework import models

DOCS = Path(__file__).parent.parent / "docs"
MODELS: list[type[BaseModel]] = [
    models.Framework,
    models.Provenance,
    models.Level,
    models.Rollup,
    models.RollupRule,
    models.RollupScope,
    models.ReportRollup,
    models.Threshold,
    models.Milepost,
    models.Language,
    models.Signal,
    models.SignalExamples,
    models.SignalCondition,
    models.FigureSpec,
    models.FigureCondition,
    models.AllCondition,
    models.AnyCondition,
    models.AtLeastCondition,
    models.LevelRule,
    models.Element,
    models.ElementCase,
    models.Section,
    models.Indicator,
    models.Vocabulary,
    models.Lexicon,
    models.Crosswalk,
    models.Mapping,
]


def _keys() -> list[str]:
    keys = {f.alias or name for model in MODELS for name, f in model.model_fields.items()}
    return sorted(keys)


@pytest.mark.parametrize("key", _keys())
def test_every_key_is_documented(key: str) -> None:
    text = (DOCS / "frameworks.md").read_text(encoding="utf-8")
    assert f"`{key}`" in text, f"docs/frameworks.md does not explain {key!r}"


def _yaml_blocks() -> list[str]:
    text = (DOCS / "frameworks.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_framework_example_loads(tmp_path: Path) -> None:
    [example] = [b for b in _yaml_blocks() if b.startswith("schema: trustcheck/framework/v1")]
    path = tmp_path / "hashing-only.yaml"
    path.write_text(example, encoding="utf-8")
    framework = load_framework(path)
    assert [e.id for e in framework.elements] == ["DET1", "DET2"]
    assert framework.signal("video_hashing").terms == ["video hashing", "CSAI Match", "SSVH"]
    assert framework.language == load_framework("trust").language


def test_crosswalk_example_loads(tmp_path: Path) -> None:
    [example] = [b for b in _yaml_blocks() if b.startswith("schema: trustcheck/crosswalk/v1")]
    path = tmp_path / "example-crosswalk.yaml"
    path.write_text(example, encoding="utf-8")
    crosswalk = load_crosswalk(path)
    assert [(m.source, m.targets, m.relationship) for m in crosswalk.mappings] == [
        ("P2", ["PS2"], "subset-of")
    ]


def test_errors_doc_explains_e200() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    assert "## E200" in text
    assert "frameworks validate" in text
