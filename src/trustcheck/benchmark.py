"""Measuring the engine against labelled reports: accuracy, kappa, macro-F1, evidence recall.

A label file gives, for one report, every element's level as a careful reviewer scored it and where
the deciding evidence is: a quote, or (for documents whose text may not be copied into the
repository) the file pages or source lines the reviewer cited. The benchmark assesses each report,
compares element by element, and reports the figures that matter for an ordinal scale
(quadratic-weighted kappa penalises full-vs-none more than full-vs-partial), the confusion matrix,
whether the engine's evidence contains the labelled passage (anywhere, first, or among the first
three), results by document type, and every disagreement.

Labels of documents kept outside the repository name the file with ``document`` and are run with
``documents=FOLDER`` (``trustcheck benchmark LABELS --documents FOLDER``).
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from trustcheck.assessment.models import Assessment, Evidence
from trustcheck.errors import TrustcheckError, UsageError
from trustcheck.match.text import normalise
from trustcheck.match.units import CELL_BREAK
from trustcheck.render.common import levels

LINE_WINDOW = (2, 12)
"""An evidence passage starting this many lines before, or after, a labelled line is the labelled
passage: a label cites the first line of a paragraph, and text converted from PDF wraps one
paragraph over many lines."""


class ElementLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: str
    quote: str | None = None
    pages: list[int] = Field(default_factory=list, description="1-based file pages cited.")
    lines: list[int | str] = Field(
        default_factory=list,
        description="Source lines cited (text, Markdown, CSV); 'row N' entries name sheet rows.",
    )
    why: str = ""

    @property
    def line_numbers(self) -> list[int]:
        return [n for n in self.lines if isinstance(n, int)]

    @property
    def locates_evidence(self) -> bool:
        """The label says where its evidence is, so the engine's evidence can be checked."""
        return bool(self.quote or self.pages or self.line_numbers)


class LabelFile(BaseModel):
    """One labelled report: where it is, its type, and every element's level and evidence."""

    model_config = ConfigDict(extra="forbid")

    report: str | None = Field(
        default=None, description="Path of the report, relative to the labels folder's parent."
    )
    document: str | None = Field(
        default=None, description="File name of a report kept in the documents folder."
    )
    framework: str = "trust"
    type: str = "unspecified"
    summary: str = ""
    elements: dict[str, ElementLabel]

    @model_validator(mode="after")
    def _names_one_report(self) -> LabelFile:
        if (self.report is None) == (self.document is None):
            raise ValueError("give exactly one of 'report' or 'document'")
        return self

    @property
    def name(self) -> str:
        return self.report or self.document or ""


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
    evidence contains the labelled passage (by quote, page or line)."""
    rank: int | None = None
    """Where the labelled passage is among the engine's evidence (0 = first), when found."""


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

    def evidence_rank_share(self, top: int) -> float:
        """Share of checked verdicts whose labelled passage is among the first ``top`` quotes."""
        checked = [c for c in self.comparisons if c.quote_found is not None]
        hits = [c for c in checked if c.rank is not None and c.rank < top]
        return len(hits) / len(checked) if checked else 0.0

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
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            message = first["msg"].removeprefix("Value error, ")
            raise UsageError(
                f"{path}: not a valid label file: {where + ': ' if where else ''}{message}"
            ) from err
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            first_line = str(err).splitlines()[0]
            raise UsageError(f"{path}: not a valid label file: {first_line}") from err
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


def run_benchmark(
    directory: str | os.PathLike[str], documents: str | os.PathLike[str] | None = None
) -> BenchmarkResult:
    """Assess every labelled report in ``directory`` and compare with its labels.

    ``documents`` is the folder that holds the files named by labels' ``document`` keys: real
    reports whose text is not ours to copy live outside the repository, beside their labels.
    """
    from trustcheck.assessment import assess
    from trustcheck.framework.loader import load_framework

    labels = load_labels(directory)
    frameworks = {name: load_framework(name) for name in sorted({lf.framework for _, lf in labels})}
    levels = [lv.id for lv in next(iter(frameworks.values())).levels]
    for path, label in labels:
        _check_label(path, label, [e.id for e in frameworks[label.framework].elements], levels)
    result = BenchmarkResult(levels=levels)
    for path, label in labels:
        report = _report_path(path, label, documents)
        if not report.is_file():
            result.errors.append(f"{label.name}: no such file {report}")
            continue
        try:
            assessment = assess(report, frameworks[label.framework])
        except TrustcheckError as err:
            result.errors.append(f"{label.name}: {err.one_line()}")
            continue
        result.comparisons += _compare(label, assessment, SourceLines.of(report))
    return result


def _report_path(
    label_path: Path, label: LabelFile, documents: str | os.PathLike[str] | None
) -> Path:
    if label.document is not None:
        if documents is None:
            raise UsageError(
                f"{label_path}: names a document kept outside the repository; "
                "give the folder that holds it with --documents"
            )
        return (Path(documents) / label.document).resolve()
    return (label_path.parent.parent / (label.report or "")).resolve()


_WORD = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class SourceLines:
    """Where each word of a text file sits, so an evidence quote can be placed on a line.

    Labels of documents that may not be quoted cite source lines; the engine's passages carry
    no line numbers (a paragraph may join several wrapped lines), so a quote is found again by
    its first words in the file's own text.
    """

    words: list[str]
    lines: list[int]
    index: dict[tuple[str, str, str], list[int]]

    @classmethod
    def of(cls, path: Path) -> SourceLines | None:
        if path.suffix.lower() not in {".md", ".markdown", ".txt", ".csv", ".tsv"}:
            return None
        words: list[str] = []
        lines: list[int] = []
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for word in _WORD.findall(line.lower()):
                words.append(word)
                lines.append(number)
        index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for i in range(len(words) - 2):
            index[(words[i], words[i + 1], words[i + 2])].append(i)
        return cls(words, lines, index)

    def line_of(self, quote: str) -> list[int]:
        """Every line where a passage with the quote's first words starts.

        A table row is quoted as "column: cell; column: cell", and its column headers sit on
        another line of the file (a CSV's or a Markdown table's header row): a row is found
        again by its cells alone.
        """
        found = self._starts(_WORD.findall(quote.lower())[:8])
        if not found and CELL_BREAK in quote:
            cells = [cell.rsplit(": ", 1)[-1] for cell in quote.split(CELL_BREAK)]
            found = self._starts(_WORD.findall(" ".join(cells).lower())[:8])
        return found

    def _starts(self, target: list[str]) -> list[int]:
        if len(target) < 3:
            return []
        found = []
        for start in self.index.get((target[0], target[1], target[2]), []):
            if self.words[start : start + len(target)] == target:
                found.append(self.lines[start])
        return found


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


def _compare(
    label: LabelFile, assessment: Assessment, source: SourceLines | None
) -> list[Comparison]:
    out = []
    lowest = levels(assessment)[-1]
    for element_id, expected in label.elements.items():
        element = assessment.element(element_id)
        quote_found = rank = None
        checkable = expected.locates_evidence and (expected.quote or expected.pages or source)
        if checkable and expected.level != lowest and element.level != lowest:
            hits = [
                i
                for i, evidence in enumerate(element.evidence)
                if _is_labelled_passage(expected, evidence, source)
            ]
            quote_found = bool(hits)
            rank = hits[0] if hits else None
        out.append(
            Comparison(
                report=label.name,
                type=label.type,
                element=element_id,
                expected=expected.level,
                predicted=element.level,
                quote=expected.quote,
                quote_found=quote_found,
                rank=rank,
            )
        )
    return out


def _is_labelled_passage(
    label: ElementLabel, evidence: Evidence, source: SourceLines | None
) -> bool:
    """The evidence is the passage the label cites: by its quote, else its page, else its line."""
    if label.quote:
        return quote_in_evidence(label.quote, [evidence.quote])
    if label.pages:
        return evidence.page in label.pages
    if source is not None:
        before, after = LINE_WINDOW
        return any(
            wanted - before <= line <= wanted + after
            for line in source.line_of(evidence.quote)
            for wanted in label.line_numbers
        )
    return False


def format_report(result: BenchmarkResult, *, show_disagreements: bool = True) -> str:
    """The benchmark as plain text: headline figures, matrix, breakdowns and disagreements."""
    lines = [
        f"elements compared: {len(result.comparisons)} "
        f"in {len({c.report for c in result.comparisons})} reports",
        f"accuracy: {result.accuracy:.3f}",
        f"quadratic-weighted kappa: {result.kappa:.3f}",
        f"macro-F1: {result.macro_f1:.3f}",
        f"evidence contains the labelled passage: {result.quote_recall:.3f} "
        f"(first quote: {result.evidence_rank_share(1):.3f}, "
        f"among the first three: {result.evidence_rank_share(3):.3f})",
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
