"""The published charts: nothing clipped, legends that match the bars, nothing covered."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from matplotlib.colors import to_hex

from trustcheck import load_audit, run_audit, summarise_audit
from trustcheck.audit.charts import draw_charts

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An audit with one member assessed and one missing: the longest kind of headline."""
    folder = tmp_path_factory.mktemp("charts")
    shutil.copy(CORPUS / "inkwell-2024-cybertipline-summary.md", folder / "inkwell.md")
    (folder / "audit.csv").write_text(
        "member,source\nInkwell,inkwell.md\nGone Away Ltd,gone.pdf\n", encoding="utf-8"
    )
    run_audit(folder / "audit.csv", folder / "audit", jobs=1)
    figures = draw_charts(summarise_audit(load_audit(folder / "audit")))
    for figure in figures.values():
        figure.canvas.draw()
    return figures


def _box(artist: Any) -> Any:
    return artist.get_window_extent(artist.figure.canvas.get_renderer())


def test_the_headline_is_wrapped_not_clipped(charts: dict[str, Any]) -> None:
    figure = charts["alignment"]
    title = figure.axes[0].title
    assert "could not be assessed" in title.get_text()
    box, page = _box(title), figure.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1


def test_legend_colours_are_the_bar_colours(charts: dict[str, Any]) -> None:
    for name in ("alignment", "elements"):
        axes = charts[name].axes[0]
        legend = charts[name].legends[0]
        bars: dict[str, set[str]] = {}
        for container in axes.containers:
            colours = {to_hex(patch.get_facecolor()) for patch in container.patches}
            bars[container.get_label()] = colours
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            assert bars[text.get_text()] == {to_hex(handle.get_facecolor())}, (name, text)


def test_legends_cover_no_bars(charts: dict[str, Any]) -> None:
    for name in ("alignment", "elements"):
        figure = charts[name]
        assert not _box(figure.legends[0]).overlaps(_box(figure.axes[0])), name
