"""Measuring the engine against labelled reports: accuracy, kappa, macro-F1, evidence recall.

A label file gives, for one report, every element's level as a careful reviewer scored it and the
quote that justifies it. The benchmark assesses each report, compares element by element, and
reports the figures that matter for an ordinal scale (quadratic-weighted kappa penalises
full-vs-none more than full-vs-partial), the confusion matrix, whether the engine's evidence
contains the labelled quote, results by document type, and every disagreement.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustcheck.assessment.models import Assessment
from trustcheck.errors import TrustcheckError, UsageError
from trustcheck.match.text import normalise
from trustcheck.render.common import levels


class ElementLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: str
    quote: str | None = None
    why: str = ""


class LabelFile(BaseModel):
    """One labelled report: where it is, its type, and every element's level and quote."""

    model_config = ConfigDict(extra="forbid")

    report: str = Field(description="Path of the report, relative to the labels folder's parent.")
    framework: str = "trust"
    type: str = "unspecified"
    summary: str = ""
    elements: dict[str, ElementLabel]


@dataclass(frozen=True, slots=True)
class Comparison:
    report: str
    type: str
    element: str
    expected: str
    predicted: str
    quote: str | None
    quote_found: bool | None
    """For labelled full/partial elements the engine also scored above none: whether its
    evidence contains the labelled quote."""


@dataclass(slots=True)
class BenchmarkResult:
    levels: list[str]
    comparisons: list[Comparison] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        if not self.comparisons:
            return 0.0
        return sum(c.expected == c.predicted for c in self.comparisons) / len(self.comparisons)

    def confusion(self) -> dict[str, dict[str, int]]:
        matrix = {e: dict.fromkeys(self.levels, 0) for e in self.levels}
        for c in self.comparisons:
            matrix[c.expected][c.predicted] += 1
        return matrix

    @property
    def kappa(self) -> float:
        return quadratic_weighted_kappa(
            [c.expected for c in self.comparisons],
            [c.predicted for c in self.comparisons],
            self.levels,
        )

    @property
    def macro_f1(self) -> float:
        scores = []
        for level in self.levels:
            tp = sum(c.expected == level == c.predicted for c in self.comparisons)
            fp = sum(c.predicted == level != c.expected for c in self.comparisons)
            fn = sum(c.expected == level != c.predicted for c in self.comparisons)
            if tp + fp + fn == 0:
                continue
            scores.append(2 * tp / (2 * tp + fp + fn))
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def quote_recall(self) -> float:
        checked = [c.quote_found for c in self.comparisons if c.quote_found is not None]
        return sum(checked) / len(checked) if checked else 0.0

    @property
    def disagreements(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.expected != c.predicted]

    def by(self, key: Literal["type", "element"]) -> dict[str, tuple[int, float]]:
        """Count and accuracy per document type or per element."""
        groups: dict[str, list[Comparison]] = defaultdict(list)
        for c in self.comparisons:
            groups[getattr(c, key)].append(c)
        return {
            k: (len(v), sum(c.expected == c.predicted for c in v) / len(v))
            for k, v in sorted(groups.items())
        }


def quadratic_weighted_kappa(
    expected: Sequence[str], predicted: Sequence[str], levels: Sequence[str]
) -> float:
    """Cohen's kappa with quadratic weights over ordered levels (1.0 = perfect agreement)."""
    n, k = len(expected), len(levels)
    if n == 0 or k < 2:
        return 0.0
    index = {level: i for i, level in enumerate(levels)}
    observed = [[0.0] * k for _ in range(k)]
    for e, p in zip(expected, predicted, strict=True):
        observed[index[e]][index[p]] += 1
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    numerator = denominator = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            numerator += weight * observed[i][j]
            denominator += weight * row[i] * col[j] / n
    return 1.0 - numerator / denominator if denominator else 1.0


def load_labels(directory: str | os.PathLike[str]) -> list[tuple[Path, LabelFile]]:
    """Every ``*.yaml`` label file in a folder, sorted by name."""
    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder of label files")
    labels = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            labels.append((path, LabelFile.model_validate(data)))
        except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as err:
            first = str(err).splitlines()[0]
            raise UsageError(f"{path}: not a valid label file: {first}") from err
    if not labels:
        raise UsageError(f"{folder}: no *.yaml label files")
    return labels


def quote_in_evidence(quote: str, quotes: Iterable[str]) -> bool:
    """The labelled quote and an evidence quote overlap (one contains the other, normalised)."""
    target = normalise(quote).strip(" .\"'")
    for candidate in quotes:
        text = normalise(candidate).removesuffix("…").strip(" .\"'")
        if target and text and (target in text or text in target):
            return True
    return False


def run_benchmark(directory: str | os.PathLike[str]) -> BenchmarkResult:
    """Assess every labelled report in ``directory`` and compare with its labels."""
    from trustcheck.assessment import assess
    from trustcheck.framework.loader import load_framework

    labels = load_labels(directory)
    frameworks = {name: load_framework(name) for name in sorted({lf.framework for _, lf in labels})}
    levels = [lv.id for lv in next(iter(frameworks.values())).levels]
    for path, label in labels:
        _check_label(path, label, [e.id for e in frameworks[label.framework].elements], levels)
    result = BenchmarkResult(levels=levels)
    for path, label in labels:
        report = (path.parent.parent / label.report).resolve()
        try:
            assessment = assess(report, frameworks[label.framework])
        except TrustcheckError as err:
            result.errors.append(f"{label.report}: {err.one_line()}")
            continue
        result.comparisons += _compare(label, assessment)
    return result


def _check_label(path: Path, label: LabelFile, elements: list[str], levels: list[str]) -> None:
    """Refuse a label file that names an element or a level the framework does not have."""
    for element_id, element in label.elements.items():
        if element_id not in elements:
            raise UsageError(
                f"{path}: element {element_id!r} is not in framework {label.framework!r}"
            )
        if element.level not in levels:
            raise UsageError(
                f"{path}: {element_id} level {element.level!r} is not one of {', '.join(levels)}"
            )


def _compare(label: LabelFile, assessment: Assessment) -> list[Comparison]:
    out = []
    lowest = levels(assessment)[-1]
    for element_id, expected in label.elements.items():
        element = assessment.element(element_id)
        quote_found = None
        if expected.quote and expected.level != lowest and element.level != lowest:
            quote_found = quote_in_evidence(expected.quote, (e.quote for e in element.evidence))
        out.append(
            Comparison(
                report=label.report,
                type=label.type,
                element=element_id,
                expected=expected.level,
                predicted=element.level,
                quote=expected.quote,
                quote_found=quote_found,
            )
        )
    return out


def format_report(result: BenchmarkResult, *, show_disagreements: bool = True) -> str:
    """The benchmark as plain text: headline figures, matrix, breakdowns and disagreements."""
    lines = [
        f"elements compared: {len(result.comparisons)} "
        f"in {len({c.report for c in result.comparisons})} reports",
        f"accuracy: {result.accuracy:.3f}",
        f"quadratic-weighted kappa: {result.kappa:.3f}",
        f"macro-F1: {result.macro_f1:.3f}",
        f"evidence contains the labelled quote: {result.quote_recall:.3f}",
        "",
        "confusion matrix (rows: labelled, columns: trustcheck)",
        "".ljust(10) + "".join(level.rjust(9) for level in result.levels),
    ]
    for expected, row in result.confusion().items():
        lines.append(expected.ljust(10) + "".join(str(row[p]).rjust(9) for p in result.levels))
    lines += ["", "by document type"]
    for key, (n, acc) in result.by("type").items():
        lines.append(f"  {key:<22} {n:>4} elements  accuracy {acc:.3f}")
    lines += ["", "by element"]
    for key, (n, acc) in result.by("element").items():
        lines.append(f"  {key:<6} {n:>4} reports  accuracy {acc:.3f}")
    if result.errors:
        lines += ["", "reports that could not be assessed"]
        lines += [f"  {e}" for e in result.errors]
    if show_disagreements:
        counts = Counter((c.expected, c.predicted) for c in result.disagreements)
        lines += ["", f"disagreements ({len(result.disagreements)}):"]
        for c in result.disagreements:
            lines.append(
                f"  {c.report} {c.element}: labelled {c.expected}, trustcheck {c.predicted}"
            )
        if counts:
            lines.append(
                "  by kind: " + ", ".join(f"{e}->{p}: {n}" for (e, p), n in sorted(counts.items()))
            )
    return "\n".join(lines) + "\n"
