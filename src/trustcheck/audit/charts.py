"""Charts of the coalition's figures, PNG for slides and SVG for the web, byte-for-byte repeatable.

Published figures get regenerated and compared, so the same summary must give the same files:
no pyplot global state (figures are built on the Agg canvas directly), a fixed ``svg.hashsalt``
for SVG element ids, and no creation date or software version in the metadata.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from trustcheck.audit.summary import CoalitionSummary
from trustcheck.neutral import neutralise
from trustcheck.render.common import Rank, rank

#: Bar colours by the level's rank in its framework, so any framework's levels are coloured.
RANK_COLOURS: dict[Rank, str] = {"best": "#2e7d32", "between": "#f9a825", "lowest": "#9e9e9e"}
_PALETTE = ["#1565c0", "#6a1b9a", "#00838f", "#ad1457", "#4e342e"]
_FINAL, _MACHINE = "#1565c0", "#cfd8dc"
_TITLE_WIDTH = 90
_LABEL_WIDTH = 45
_RC: dict[str, Any] = {
    "svg.hashsalt": "trustcheck",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "figure.dpi": 100,
}
_SVG_METADATA = {"Date": None, "Creator": None}
_PNG_METADATA = {"Software": None}


def write_charts(summary: CoalitionSummary, folder: Path) -> list[Path]:
    """Draw the alignment, score, element and practice charts; return the files written."""
    import matplotlib

    paths: list[Path] = []
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        for name, figure in draw_charts(summary).items():
            paths.extend(_save(figure, folder / name))
    return paths


def draw_charts(summary: CoalitionSummary) -> dict[str, Any]:
    """The charts as matplotlib figures by file stem, drawn but not saved.

    Separate from :func:`write_charts` so that a chart's layout (a long headline, a legend) can
    be checked, or the figure restyled, before it is written.
    """
    import matplotlib

    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        return {
            "alignment": _alignment(summary),
            "scores": _scores(summary),
            "elements": _elements(summary),
            "indicators": _indicators(summary),
        }


def level_colour(level: str, order: list[str], index: int = 0) -> str:
    """A level's bar colour: its rank's among ``order`` (best first), else a palette colour."""
    position = rank(order, level)
    return RANK_COLOURS[position] if position else _PALETTE[index % len(_PALETTE)]


def _figure(height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Any, stem: Path) -> list[Path]:
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    figure.savefig(png, format="png", metadata=_PNG_METADATA)
    figure.savefig(svg, format="svg", metadata=_SVG_METADATA)
    return [png, svg]


def _alignment(summary: CoalitionSummary) -> Any:
    figure = _figure(3.2)
    axes = figure.add_subplot()
    levels = summary.levels
    positions = list(range(len(levels)))
    final = [summary.report_levels.get(lv, 0) for lv in levels]
    machine = [summary.report_levels_machine.get(lv, 0) for lv in levels]
    # One colour per series, not per level: the legend must say which bar is which, and the
    # level is already the bar's label.
    axes.barh([p - 0.2 for p in positions], final, height=0.4, color=_FINAL, label="after review")
    axes.barh([p + 0.2 for p in positions], machine, height=0.4, color=_MACHINE, label="machine")
    axes.set_yticks(positions, levels)
    axes.invert_yaxis()
    axes.set_xlabel("members")
    # The headline names the framework and who could not be assessed: wrap it, never clip it.
    axes.set_title(textwrap.fill(summary.headline, _TITLE_WIDTH), fontsize=9)
    figure.legend(loc="outside lower center", ncols=2, frameon=False)
    _integer_axis(axes)
    return figure


def _elements(summary: CoalitionSummary) -> Any:
    figure = _figure(max(3.0, 0.28 * len(summary.elements) + 1.2))
    axes = figure.add_subplot()
    labels = [_label(f"{e.element} {e.title}") for e in summary.elements]
    positions = list(range(len(labels)))
    left = [0] * len(labels)
    for index, level in enumerate(summary.levels):
        values = [e.final.get(level, 0) for e in summary.elements]
        axes.barh(
            positions,
            values,
            left=left,
            color=level_colour(level, summary.levels, index),
            label=level,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel("members (after review)")
    axes.set_title(f"Members per level, element by element ({summary.assessed} assessed)")
    # Below the axes: inside, it would cover the bars of the last elements.
    figure.legend(loc="outside lower center", ncols=len(summary.levels), frameon=False)
    _integer_axis(axes)
    return figure


def _label(text: str, width: int = _LABEL_WIDTH) -> str:
    """An axis label: the id and title (or a member's name: untrusted, so control characters
    are shown as escapes), shortened to fit beside the bars."""
    text = neutralise(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _scores(summary: CoalitionSummary) -> Any:
    """Members ranked by score after review, the machine's score beside each."""
    ranked = sorted(
        (m for m in summary.members if m.final_score is not None),
        key=lambda m: (m.rank or 0, m.member.casefold()),
    )
    figure = _figure(max(2.5, 0.3 * len(ranked) + 1.4))
    axes = figure.add_subplot()
    positions = list(range(len(ranked)))
    final = [m.final_score or 0.0 for m in ranked]
    machine = [m.machine_score if m.machine_score is not None else 0.0 for m in ranked]
    axes.barh([p - 0.2 for p in positions], final, height=0.4, color=_FINAL, label="after review")
    axes.barh([p + 0.2 for p in positions], machine, height=0.4, color=_MACHINE, label="machine")
    for position, score in zip(positions, final, strict=True):
        axes.text(score, position - 0.2, f" {score:g}", va="center", fontsize=7)
    axes.set_yticks(positions, [_label(m.member, 30) for m in ranked])
    axes.invert_yaxis()
    axes.set_xlim(0, 105)
    axes.set_xlabel("score (0-100)")
    axes.set_title(f"Members by score (mean {summary.mean_score:g} after review)")
    figure.legend(loc="outside lower center", ncols=2, frameon=False)
    return figure


def _indicators(summary: CoalitionSummary) -> Any:
    figure = _figure(max(2.5, 0.35 * len(summary.indicators) + 1.2))
    axes = figure.add_subplot()
    labels = [i.title for i in summary.indicators]
    counts = [i.count for i in summary.indicators]
    positions = list(range(len(labels)))
    axes.barh(positions, counts, color="#1565c0")
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center")
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, max([summary.assessed, *counts, 1]))
    axes.set_xlabel(f"members disclosing the practice (of {summary.assessed})")
    axes.set_title("Practices disclosed in members' reports")
    _integer_axis(axes)
    return figure


def _integer_axis(axes: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
