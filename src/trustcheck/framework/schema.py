"""JSON Schemas of framework and cross-walk files, generated from the pydantic models.

The models in :mod:`trustcheck.framework.models` are the contract; the schemas under
``frameworks/schema/`` are derived from them so the two cannot drift (a test compares the
committed files with :func:`framework_schema` and :func:`crosswalk_schema`). Editors use the
schemas for completion and checking while a framework is written; the loader uses them for its
first, shape-only layer of validation.

Regenerate the committed files after changing a model::

    python -m trustcheck.framework.schema
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trustcheck.framework.models import Crosswalk, Framework, Lexicon, Vocabulary

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FRAMEWORK_SCHEMA_ID = "trustcheck/framework/v1"
CROSSWALK_SCHEMA_ID = "trustcheck/crosswalk/v1"
VOCABULARY_SCHEMA_ID = "trustcheck/vocabulary/v1"
LEXICON_SCHEMA_ID = "trustcheck/lexicon/v1"
FRAMEWORK_SCHEMA_FILE = "framework.schema.json"
CROSSWALK_SCHEMA_FILE = "crosswalk.schema.json"
VOCABULARY_SCHEMA_FILE = "vocabulary.schema.json"
LEXICON_SCHEMA_FILE = "lexicon.schema.json"

# Descriptions for definitions and properties the models leave undocumented, keyed by
# (definition title, property name or None for the definition itself). Model text wins.
_DESCRIPTIONS: dict[tuple[str, str | None], str] = {
    ("Framework", "schema"): "File format marker; always 'trustcheck/framework/v1'.",
    ("Framework", "id"): "Stable id of the framework, used on the command line ('trust').",
    ("Framework", "title"): "Full title of the framework.",
    ("Framework", "version"): "Version of the framework text this file encodes.",
    ("Framework", "publisher"): "Organisation that publishes the framework.",
    ("Framework", "published"): "Date or year the framework was published, as text.",
    ("Framework", "provenance"): "Where the text comes from, and how faithful it is.",
    ("Framework", "rollup"): "How element levels combine into section and report levels.",
    ("Framework", "language"): "Cue words; inherited from signals_from when omitted.",
    ("Framework", "signals"): "Named groups of terms and patterns that rules refer to.",
    ("Framework", "indicators"): "Practices counted across reports, each fed by signals.",
    ("Framework", "sections"): "The framework's sections, in reading order.",
    ("Milepost", "id"): "Stable id of the milepost category, unique in the framework.",
    ("Milepost", "title"): "How the category is shown to people ('User Reporting').",
    ("Milepost", "elements"): "Elements whose rise in level advances the category.",
    ("Milepost", "indicators"): "Indicators whose appearance advances the category.",
    ("Provenance", "notes"): "Anything a reader should know about the text's fidelity.",
    ("Level", "id"): "Stable level id used in rules, criteria and roll-up ('full').",
    ("Level", "label"): "How the level is shown to people ('Full').",
    ("Level", "score"): "Score from 0 to 100 used for ranking and trends.",
    ("RollupRule", "level"): "Level given to the parent when the rule holds.",
    ("RollupRule", "when_all"): "Levels every child must have for the rule to hold.",
    ("RollupRule", "at_least"): "Enough children at or above a level for the rule to hold.",
    ("Rollup", "rules"): "Rules tried in order; the first that holds wins.",
    ("Rollup", "otherwise"): "Level given when no rule holds.",
    ("Rollup", "sections"): "Section id -> its own rules, instead of the default ones.",
    ("Rollup", "report"): "The report's own rules; by default the sections' rules apply.",
    ("RollupScope", "rules"): "Rules tried in order; the first that holds wins.",
    ("RollupScope", "otherwise"): "Level given when no rule holds.",
    ("ReportRollup", "rules"): "Rules tried in order; the first that holds wins.",
    ("ReportRollup", "otherwise"): "Level given when no rule holds.",
    ("ReportRollup", "over"): "Count the report's sections or all its elements.",
    ("Signal", "id"): "Stable signal id that conditions refer to.",
    ("Signal", "terms"): "Words or phrases matched as whole words after normalisation.",
    ("Signal", "patterns"): "Python regular expressions, matched case-insensitively.",
    ("Signal", "fuzzy"): "Also match spelling variants of the terms ('Photo DNA').",
    ("Signal", "requires"): "Signals that must also match the same sentence.",
    ("Signal", "excludes"): "Signals that must not match the same sentence.",
    ("Signal", "requires_any_nearby"): "Signals of which one must match the sentence, its list's "
    "introduction, its heading or the sentence it refers back to.",
    ("SignalCondition", "signal"): "Id of the signal that must match.",
    ("FigureCondition", "figure"): "The figure to look for: its metric, kinds and period.",
    ("AllCondition", "all"): "Conditions that must all hold.",
    ("AnyCondition", "any"): "Conditions of which at least one must hold.",
    ("AtLeastCondition", "at_least"): "How many of the conditions must hold.",
    ("AtLeastCondition", "of"): "The conditions counted.",
    ("LevelRule", "level"): "Level the element reaches when the condition holds.",
    ("LevelRule", "when"): "The condition: a signal id or a condition mapping.",
    ("LevelRule", "context"): "'topic': on-topic practices only; 'any': any passage that is "
    "not a denial (the element is then capped one level lower).",
    ("Element", "id"): "Stable element id, unique in the framework ('PS1').",
    ("Element", "title"): "Short title of the element.",
    ("Section", None): "A group of elements; its level rolls up from theirs.",
    ("Section", "id"): "Stable section id, unique in the framework ('PS').",
    ("Section", "title"): "Title of the section.",
    ("Section", "description"): "What the section covers.",
    ("Section", "elements"): "The section's elements, in reading order.",
    ("Indicator", "id"): "Stable indicator id, unique in the framework.",
    ("Indicator", "title"): "How the indicator is shown to people.",
    ("Vocabulary", "schema"): "File format marker; always 'trustcheck/vocabulary/v1'.",
    ("Vocabulary", "id"): "Stable id of the vocabulary, named by frameworks ('csea').",
    ("Vocabulary", "title"): "Title of the vocabulary.",
    ("Vocabulary", "description"): "What the vocabulary covers, and for which frameworks.",
    ("Vocabulary", "language"): "Cue words, and the signals that mark the topic and the period.",
    ("Vocabulary", "signals"): "Named groups of terms and patterns that rules refer to.",
    ("Lexicon", "schema"): "File format marker; always 'trustcheck/lexicon/v1'.",
    ("Lexicon", "id"): "Stable id of the lexicon, named by a language block ('en').",
    ("Lexicon", "title"): "The language's name.",
    ("Crosswalk", "schema"): "File format marker; always 'trustcheck/crosswalk/v1'.",
    ("Crosswalk", "id"): "Stable id of the cross-walk.",
    ("Crosswalk", "title"): "Title of the cross-walk.",
    ("Crosswalk", "provenance"): "Where the mappings come from.",
    ("Crosswalk", "mappings"): "Source elements and the target elements they map to.",
    ("Mapping", "source"): "Element id in the source framework.",
    ("Mapping", "targets"): "Element ids in the target framework.",
    ("Mapping", "relationship"): "OSCAL relationship of the source to its targets taken "
    "together: equivalent-to, subset-of, superset-of or intersects-with.",
    ("Mapping", "coverage"): "'full' when the targets cover everything the source asks for.",
    ("Mapping", "notes"): "Why the mapping is drawn this way.",
}

_CONDITION_DEF = "Condition"
_CONDITION_DESCRIPTION = (
    "A condition: a bare signal id (shorthand for {signal: ID}), or a mapping with exactly one "
    "of 'signal', 'figure', 'all', 'any', or 'at_least' with 'of'."
)


def framework_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a framework file."""
    return _build(
        Framework,
        FRAMEWORK_SCHEMA_ID,
        "A trustcheck framework file: metadata, levels and roll-up, language cues, signals, "
        "indicators and sections of elements with criteria and rules. See docs/frameworks.md.",
    )


def vocabulary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a vocabulary file."""
    return _build(
        Vocabulary,
        VOCABULARY_SCHEMA_ID,
        "A trustcheck vocabulary file: the language cues and the signals (terms and patterns, "
        "with their examples) that frameworks' rules are written in. See docs/frameworks.md.",
    )


def lexicon_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a lexicon file."""
    return _build(
        Lexicon,
        LEXICON_SCHEMA_ID,
        "A trustcheck lexicon file: a language's general words (months, period words, number "
        "words and units, abbreviations, phrases that are no denial). See docs/frameworks.md.",
    )


def crosswalk_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a cross-walk file."""
    return _build(
        Crosswalk,
        CROSSWALK_SCHEMA_ID,
        "A trustcheck cross-walk file: element-to-element mappings from one framework to "
        "another, with OSCAL relationship words. See docs/frameworks.md.",
    )


def dumps(schema: dict[str, Any]) -> str:
    """The canonical text of a schema file (stable key order, trailing newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _build(model: type[BaseModel], schema_id: str, description: str) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = raw.pop("$defs", {})
    defs[model.__name__] = raw
    for name, definition in defs.items():
        _describe(name, definition)
    if _uses_conditions(defs):
        defs[_CONDITION_DEF] = {"description": _CONDITION_DESCRIPTION}
    _rewrite(defs)
    top = defs.pop(model.__name__)
    top["description"] = description
    return {
        "$schema": DIALECT,
        "$id": schema_id,
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def _describe(name: str, definition: dict[str, Any]) -> None:
    if (name, None) in _DESCRIPTIONS and "description" not in definition:
        definition["description"] = _DESCRIPTIONS[(name, None)]
    for prop, sub in definition.get("properties", {}).items():
        text = _DESCRIPTIONS.get((name, prop))
        if text and "description" not in sub:
            sub["description"] = text


def _uses_conditions(defs: dict[str, Any]) -> bool:
    return "SignalCondition" in defs


def _is_condition_union(node: Any) -> bool:
    if not isinstance(node, dict) or set(node) - {"anyOf", "description", "title"}:
        return False
    refs = {branch.get("$ref") for branch in node.get("anyOf", []) if isinstance(branch, dict)}
    return "#/$defs/SignalCondition" in refs and "#/$defs/AtLeastCondition" in refs


def _rewrite(defs: dict[str, Any]) -> None:
    """Share one Condition definition, forbid unknown keys everywhere, drop generated titles."""
    union: dict[str, Any] | None = None

    def walk(node: Any) -> Any:
        nonlocal union
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if _is_condition_union(node):
            if union is None:
                union = {"anyOf": [walk(branch) for branch in node["anyOf"]]}
            ref: dict[str, Any] = {"$ref": f"#/$defs/{_CONDITION_DEF}"}
            if "description" in node:
                ref["description"] = node["description"]
            return ref
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties":
                out[key] = {name: walk(sub) for name, sub in value.items()}
            elif key == "title" and isinstance(value, str):
                continue
            else:
                out[key] = walk(value)
        if out.get("type") == "object" and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out

    for name in list(defs):
        if name == _CONDITION_DEF:
            continue
        defs[name] = walk(defs[name])
    if union is not None:
        defs[_CONDITION_DEF] = {**defs[_CONDITION_DEF], **union}


def write(directory: Path) -> list[Path]:
    """Write the schema files into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (
        (FRAMEWORK_SCHEMA_FILE, framework_schema()),
        (CROSSWALK_SCHEMA_FILE, crosswalk_schema()),
        (VOCABULARY_SCHEMA_FILE, vocabulary_schema()),
        (LEXICON_SCHEMA_FILE, lexicon_schema()),
    ):
        path = directory / name
        path.write_text(dumps(schema), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Regenerate the schema files (default: the bundled ``frameworks/schema/``)."""
    from trustcheck.framework.resources import bundled_root

    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else bundled_root() / "schema"
    for path in write(directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
