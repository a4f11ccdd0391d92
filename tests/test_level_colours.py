"""Colours come from a level's rank in its framework (best, between, lowest), never from Trust's
level ids: an audit of the small engine framework (met, part, unmet) is coloured in every view."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from matplotlib.colors import to_hex

import trustcheck
from serve_support import running
from trustcheck import load_audit, run_audit, summarise_audit
from trustcheck.audit.charts import RANK_COLOURS, draw_charts, level_colour
from trustcheck.audit.exports import RANK_FILLS, write_xlsx
from trustcheck.audit.html import summary_html
from trustcheck.audit.summary import CoalitionSummary
from trustcheck.render import OutputFormat, render_assessments
from trustcheck.render.common import level_class

FRAMEWORK = Path(__file__).parent / "data" / "engine" / "framework.yaml"
ORDER = ["met", "part", "unmet"]
EXPECTED = {"met": "rank-best", "part": "rank-between", "unmet": "rank-lowest"}
# D1 met, D2 unmet, O1 part: every rank appears in one report.
MIXED = "# CSAM report\n\nWe use PhotoDNA against the NCMEC list.\n\nWe removed 1,204 items.\n"
STRONG = (
    "# Safety report\n\nWe use PhotoDNA against the IWF list to find CSAM.\n\n"
    "Moderators review reported CSAM.\n\nIn 2024 we removed 3,100 items of CSAM.\n"
)


def _classes_by_level(html: str) -> dict[str, set[str]]:
    """Each ``level-<id>`` class on the page with the rank classes that go with it."""
    found: dict[str, set[str]] = {}
    for value in re.findall(r'class="([^"]*\blevel-[^"]*)"', html):
        names = value.split()
        for name in names:
            if name.startswith("level-") and name != "level-filter":
                found.setdefault(name[6:], set()).update(n for n in names if n.startswith("rank-"))
    return found


def test_level_class_names_the_id_and_the_rank() -> None:
    assert level_class("met", ORDER) == "level-met rank-best"
    assert level_class("part", ORDER) == "level-part rank-between"
    assert level_class("unmet", ORDER) == "level-unmet rank-lowest"
    assert level_class("other", ORDER) == "level-other"
    four = ["a", "b", "c", "d"]
    assert [level_class(lv, four).split()[1] for lv in four] == [
        "rank-best",
        "rank-between",
        "rank-between",
        "rank-lowest",
    ]


def test_the_html_report_colours_the_framework_levels_by_rank() -> None:
    assessment = trustcheck.assess(MIXED.encode("utf-8"), FRAMEWORK)
    assert {e.id: e.level for e in assessment.elements} == {
        "D1": "met",
        "D2": "unmet",
        "O1": "part",
    }
    html = render_assessments([assessment], OutputFormat.HTML)
    found = _classes_by_level(html)
    assert {lv: found[lv] for lv in ORDER} == {lv: {cls} for lv, cls in EXPECTED.items()}
    assert '<span class="badge level-unmet rank-lowest">○ unmet</span>' in html
    assert '<p class="summary level-part rank-between">' in html
    assert ".rank-best { color: var(--best); }" in html
    assert ".rank-lowest { color: var(--lowest); }" in html


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("levels")
    (folder / "strong.md").write_text(STRONG, encoding="utf-8")
    (folder / "mixed.md").write_text(MIXED, encoding="utf-8")
    (folder / "quiet.md").write_text("# About us\n\nWe make a photo app.\n", encoding="utf-8")
    (folder / "audit.csv").write_text(
        "member,source\nStrong,strong.md\nMixed,mixed.md\nQuiet,quiet.md\n", encoding="utf-8"
    )
    run_audit(folder / "audit.csv", folder / "audit", framework=FRAMEWORK, jobs=1)
    return folder / "audit"


@pytest.fixture(scope="module")
def summary(audit: Path) -> CoalitionSummary:
    summary = summarise_audit(load_audit(audit))
    assert summary.levels == ORDER
    assert {v.final_level for v in summary.verdicts} == set(ORDER)
    return summary


def test_the_dashboard_colours_badges_and_matrix_cells_by_rank(summary: CoalitionSummary) -> None:
    html = summary_html(summary)
    found = _classes_by_level(html)
    assert {lv: found[lv] for lv in ORDER} == {lv: {cls} for lv, cls in EXPECTED.items()}
    cells = re.findall(r'<td class="num cell-(\w+) cell-(\w+)', html)
    assert {level for level, _ in cells} == set(ORDER)
    assert all(f"rank-{position}" == EXPECTED[level] for level, position in cells)
    assert "td.cell-best {" in html and "td.cell-lowest {" in html


def test_the_workbook_fills_level_cells_by_rank(summary: CoalitionSummary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(summary, tmp_path / "audit.xlsx")
    wanted = {
        "met": RANK_FILLS["best"],
        "part": RANK_FILLS["between"],
        "unmet": RANK_FILLS["lowest"],
    }
    seen: dict[str, set[str]] = {}
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.value in wanted:
                    seen.setdefault(str(cell.value), set()).add(cell.fill.start_color.rgb[-6:])
    assert seen == {lv: {colour} for lv, colour in wanted.items()}


def test_chart_bars_take_the_colour_of_their_rank(summary: CoalitionSummary) -> None:
    figure: Any = draw_charts(summary)["elements"]
    bars = {
        c.get_label(): {to_hex(p.get_facecolor()) for p in c.patches}
        for c in figure.axes[0].containers
    }
    assert bars == {
        "met": {RANK_COLOURS["best"]},
        "part": {RANK_COLOURS["between"]},
        "unmet": {RANK_COLOURS["lowest"]},
    }
    assert level_colour("other", ORDER) not in RANK_COLOURS.values()


def test_the_workbench_colours_levels_by_rank(audit: Path) -> None:
    pytest.importorskip("uvicorn")
    with running(audit) as url, httpx.Client(base_url=url, timeout=30) as http:
        queue, members = http.get("/").text, http.get("/members").text
        links = re.findall(r'class="verdict-link" href="(/verdict/[^"?]+/D2)"', queue)
        verdicts = [http.get(link).text for link in links]
        css = http.get("/static/workbench.css").text
    for page in (queue, members):
        found = _classes_by_level(page)
        assert {lv: found[lv] for lv in ORDER} == {lv: {cls} for lv, cls in EXPECTED.items()}
    machine = [re.search(r'class="([^"]*)" id="machine-level"', page) for page in verdicts]
    assert len(machine) == 3 and "level level-unmet rank-lowest" in [m and m[1] for m in machine]
    assert '<dt class="level level-part rank-between">part</dt>' in verdicts[0]
    assert ".rank-best {" in css and ".matrix td.rank-lowest {" in css
