"""Run the tests a framework carries: the examples of its signals and the cases of its elements.

A signal's ``examples`` say what it must find in a sentence and how: stated as a practice
(``match``), not at all (``no_match``), only to be denied (``denied``) or only as a plan
(``planned``). An element's ``cases`` give a passage or two and the level the element must reach
on them. Both are read the way a report is: each text is a document of its own, read by the same
reader, cut into the same units and judged by the same engine, so a passing example is one the
engine really handles, not one a separate matcher agrees with.

Every failure names the file and line of the example or case that failed, so an analyst who
changed a term sees at once which sentence it broke.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trustcheck.assessment.engine import assess_document
from trustcheck.assessment.facts import DocumentFacts, Stance
from trustcheck.document import Document
from trustcheck.framework.loader import framework_files, load_framework
from trustcheck.framework.models import Framework, Signal
from trustcheck.framework.yamlsource import DocPath, YamlReadError, YamlSource, read_yaml
from trustcheck.ingest import read_document
from trustcheck.match.lexicon import lexicon_for
from trustcheck.match.units import build_units

__all__ = ["ExampleKind", "FrameworkTestReport", "read_example", "run_framework_tests"]

ExampleKind = Literal["match", "no_match", "denied", "planned"]
Reading = Literal["practice", "planned", "denied", "absent"]
"""How a text states a signal: as a practice, as a plan, only to deny it, or not at all."""

_EXPECTED: dict[ExampleKind, Reading] = {
    "match": "practice",
    "no_match": "absent",
    "denied": "denied",
    "planned": "planned",
}
_WORDS: dict[Reading, str] = {
    "practice": "matched as a practice",
    "planned": "read as a plan",
    "denied": "read as denied",
    "absent": "not matched",
}
_QUOTE = 70


@dataclass
class FrameworkTestReport:
    """What ``trustcheck frameworks test`` found for one framework."""

    framework: str
    examples: int = 0
    """Signal examples run."""
    cases: int = 0
    """Element cases run."""
    failures: list[str] = field(default_factory=list)
    """One line per failure: ``FILE:LINE: signal ID: what went wrong``."""
    signals_without_examples: list[str] = field(default_factory=list)
    elements_without_cases: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def run_framework_tests(ref: str | os.PathLike[str]) -> FrameworkTestReport:
    """Run every signal example and element case of a framework (bundled id or path).

    Raises :class:`~trustcheck.errors.FrameworkError` when the framework does not load.
    """
    framework = load_framework(ref)
    sources = _sources(framework_files(ref))
    report = FrameworkTestReport(framework=framework.id)
    for signal in framework.signals:
        _run_examples(framework, signal, sources, report)
    own = sources[0] if sources else None
    for i, section in enumerate(framework.sections):
        for j, element in enumerate(section.elements):
            if not element.cases:
                report.elements_without_cases.append(element.id)
            for k, case in enumerate(element.cases):
                report.cases += 1
                document = _document(case.text, f"{element.id} case {k + 1}")
                result = assess_document(document, framework).element(element.id)
                if result.level == case.level:
                    continue
                where = _where(own, ("sections", i, "elements", j, "cases", k, "text"))
                why = f"; {result.missing[0]}" if result.missing and result.missing[0] else ""
                report.failures.append(
                    f"{where}: element {element.id} case {k + 1}: expected {case.level!r}, "
                    f"got {result.level!r}{why}"
                )
    return report


def read_example(framework: Framework, signal_id: str, text: str) -> Reading:
    """How ``text``, read as a document of its own, states the signal."""
    document = _document(text, f"example of {signal_id}")
    units = build_units(document, lexicon_for(framework.language))
    facts = DocumentFacts(framework, units, None)
    stances = {m.stance for m in facts.matches.get(signal_id, [])}
    if Stance.PRACTICE in stances:
        return "practice"
    if Stance.INTENTION in stances:
        return "planned"
    signal = facts.signals[signal_id]
    for unit in units:
        if facts.holds_in(signal_id, unit.norm) and any(
            facts.reader.denied(unit.norm, hit) for hit in facts.stated_hits(signal, unit.norm)
        ):
            return "denied"
    return "absent"


def _run_examples(
    framework: Framework,
    signal: Signal,
    sources: list[YamlSource],
    report: FrameworkTestReport,
) -> None:
    examples = signal.examples
    if examples is None or not (examples.match or examples.no_match):
        report.signals_without_examples.append(signal.id)
    if examples is None:
        return
    source, index = _defined_in(signal.id, sources)
    for kind, expected in _EXPECTED.items():
        for j, text in enumerate(getattr(examples, kind)):
            report.examples += 1
            got = read_example(framework, signal.id, text)
            if got == expected:
                continue
            where = _where(source, ("signals", index, "examples", kind, j))
            report.failures.append(
                f"{where}: signal {signal.id}: {_quote(text)} should be {_WORDS[expected]}, "
                f"but is {_WORDS[got]}"
            )


def _document(text: str, name: str) -> Document:
    return read_document(text.encode("utf-8"), name=name, ocr=False)


def _sources(paths: list[Path]) -> list[YamlSource]:
    sources = []
    for path in paths:
        try:
            sources.append(read_yaml(path))
        except YamlReadError:  # pragma: no cover - the framework loaded from these files
            continue
    return sources


def _defined_in(signal_id: str, sources: list[YamlSource]) -> tuple[YamlSource | None, int]:
    """The file that defines a signal (the framework's own first) and its index there."""
    for source in sources:
        signals = source.data.get("signals") if isinstance(source.data, dict) else None
        for index, item in enumerate(signals if isinstance(signals, list) else []):
            if isinstance(item, dict) and item.get("id") == signal_id:
                return source, index
    return None, 0


def _where(source: YamlSource | None, path: DocPath) -> str:
    if source is None:
        return "<unknown file>"
    line = source.line_of(path)
    return f"{_display(source.path)}:{line}" if line else _display(source.path)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= _QUOTE else flat[: _QUOTE - 3] + "...")
