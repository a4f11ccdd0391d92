"""Verdicts drawn from data releases: CSV and XLSX files of records with no prose around them.

The fictional releases in ``fixtures/releases`` are read from the CLI and the Python API. Each
test pins one mechanism: records name practices (at most partial), a table's title qualifies its
column headers, a figure is read from its metric's cell, figures take the period the release's
own data is dated by, and a general release with no child-safety row is never full.
"""

from __future__ import annotations

import json
import runpy
import shutil
from pathlib import Path

import pytest

import trustcheck
from cli_runner import run
from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.benchmark import run_benchmark

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "fixtures" / "releases"
REPORTS = RELEASES / "reports"
LUMENVALE = REPORTS / "lumenvale-2024-q3-enforcement-data.csv"
TIDEWATER = REPORTS / "tidewater-2023-h2-safety-workbook.xlsx"
BROOKLINE = REPORTS / "brookline-2024-h1-moderation-data.csv"
PRACTICES = ("PP1", "PP2", "PP3", "PP4", "PS1", "PS2", "PS3", "PS4", "PS5", "PS6")


def _element(path: Path, element: str) -> ElementResult:
    return trustcheck.assess(path).element(element)


def _figures(element: ElementResult) -> list[tuple[str | None, str | None]]:
    return [(e.figure, e.period) for e in element.evidence]


def test_the_release_fixtures_are_what_the_script_generates() -> None:
    script = runpy.run_path(str(RELEASES / "make_releases.py"))
    assert LUMENVALE.read_bytes() == script["LUMENVALE"].encode("utf-8")
    assert BROOKLINE.read_bytes() == script["BROOKLINE"].encode("utf-8")
    assert TIDEWATER.read_bytes() == script["make_tidewater"]()


def test_labelled_releases_keep_their_accuracy() -> None:
    result = run_benchmark(RELEASES / "labels")
    assert len({c.report for c in result.comparisons}) == 3
    assert not result.errors
    assert result.accuracy >= 0.94


# ------------------------------------------------------------------ practices named by headers


def test_a_table_of_appeals_with_a_csea_row_shows_an_appeal_exists() -> None:
    element = _element(LUMENVALE, "PS6")
    assert element.level == "partial"
    assert element.evidence[0].quote.startswith("Policy Area: Child Sexual Exploitation;")
    assert "Appeals Received" in element.evidence[0].quote


def test_headers_name_practices_at_most_partially_and_say_so() -> None:
    # "In-App Flags" names a channel and "Enticement Escalations" an escalation: the full bar
    # of PS3 in words, but only in headers, which describe nothing
    element = _element(LUMENVALE, "PS3")
    assert element.level == "partial"
    assert element.missing[0].startswith(
        "the criteria for full alignment are met only in records (row labels, column headers"
    )
    for practice, level in [("PP2", "partial"), ("PP4", "partial"), ("PS2", "partial")]:
        assert _element(LUMENVALE, practice).level == level, practice
    assert _element(LUMENVALE, "PP1").level == "none"  # a category label is no prohibition


def test_reinstated_accounts_show_a_decision_can_be_reversed() -> None:
    element = _element(TIDEWATER, "PS6")
    assert element.level == "partial"
    assert {s for e in element.evidence for s in e.signals} == {"reinstatement"}


def test_records_count_only_where_the_framework_admits_them(tmp_path: Path) -> None:
    framework = tmp_path / "frameworks" / "trust.yaml"
    vocabulary = tmp_path / "frameworks" / "vocabularies" / "csea.yaml"
    vocabulary.parent.mkdir(parents=True)
    shutil.copy(ROOT / "frameworks" / "vocabularies" / "csea.yaml", vocabulary)
    text = (ROOT / "frameworks" / "trust.yaml").read_text(encoding="utf-8")
    assert "        records_at_most: partial\n" in text
    framework.write_text(text.replace("        records_at_most: partial\n", ""), encoding="utf-8")
    without = trustcheck.assess(LUMENVALE, framework)
    assert [without.element(p).level for p in PRACTICES] == ["none"] * len(PRACTICES)


# ------------------------------------------------------------------ figures of records


def test_a_table_title_qualifies_its_column_headers() -> None:
    # a sheet's table titled "NCMEC" with a column "Reports Filed": reports to NCMEC, read from
    # that column and not from "Accounts Referred" beside it
    element = _element(TIDEWATER, "OUT3")
    assert element.level == "full"
    assert _figures(element)[0] == ("7204", "q3")


def test_a_figure_is_read_from_its_metric_s_own_cell() -> None:
    # "accounts banned: 48,770; appeals received: 3,905": 48,770 is nearer the word "appeals"
    element = _element(LUMENVALE, "OUT5")
    assert element.level == "full"
    assert _figures(element) == [("3,905", "July to September")]


def test_undated_figures_take_the_period_the_release_dates_its_data_by() -> None:
    assessment = trustcheck.assess(LUMENVALE)
    # the months of the NCMEC table, first to last, date the whole release...
    for element, figure in [("OUT1", "6,717"), ("OUT2", "48,770"), ("OUT4", "6,315")]:
        result = assessment.element(element)
        assert result.level == "full", element
        assert _figures(result)[0] == (figure, "July to September"), element
    # ...but months with no year are no stated period: SC1 is partial
    sc1 = assessment.element("SC1")
    assert sc1.level == "partial"
    assert sc1.evidence[0].signal == "month_labels"
    assert sc1.evidence[0].quote.startswith("Month: July;")


def test_a_release_with_no_dating_gives_figures_without_a_period(tmp_path: Path) -> None:
    release = tmp_path / "bans.csv"
    release.write_text(
        'Accounts Banned,,\n,,\nPolicy Area,Accounts Banned,\nChild Safety,"48,770",\n',
        encoding="utf-8",
    )
    assessment = trustcheck.assess(release)
    assert assessment.element("OUT2").level == "partial"
    assert assessment.element("SC1").level == "none"
    dated = tmp_path / "dated.csv"
    dated.write_text(
        release.read_text(encoding="utf-8") + ',,\nMonth,Accounts Banned,\nMay,"12,004",\n',
        encoding="utf-8",
    )
    assert trustcheck.assess(dated).element("OUT2").level == "full"


def test_a_dated_title_is_the_period_and_a_scope_note_a_caveat() -> None:
    assessment = trustcheck.assess(TIDEWATER)
    assert assessment.element("SC1").level == "full"
    sc2 = assessment.element("SC2")
    assert sc2.level == "partial"
    assert sc2.evidence[0].quote == (
        "Note: these figures leave out the business livestreaming service."
    )
    assert _figures(assessment.element("OUT4"))[0][0] == "98.1%"


# ------------------------------------------------------------------ a general release


def test_a_release_with_no_csea_row_is_never_full_beyond_its_period() -> None:
    assessment = trustcheck.assess(BROOKLINE)
    full = [e.id for s in assessment.sections for e in s.elements if e.level == "full"]
    assert full == ["SC1"]
    # the rubric's partial bars that general text meets: an appeal route, removal figures
    for element in ("PP2", "PS6", "OUT1", "OUT4", "OUT5"):
        assert assessment.element(element).level == "partial", element
    # "removed after user reports" counts no account
    for element in ("OUT2", "OUT3", "PP4", "PS5"):
        assert assessment.element(element).level == "none", element


# ------------------------------------------------------------------ reading and output


def test_a_title_right_under_a_total_row_starts_the_next_table() -> None:
    document = trustcheck.read_document(LUMENVALE)
    rows = [p for p in document.passages if p.kind is trustcheck.PassageKind.TABLE_ROW]
    groups = [r for r in rows if r.heading_path[-1:] == ("Groups Removed",)]
    assert [r.cells[0] if r.cells else "" for r in groups] == [
        "Child Sexual Exploitation",
        "Spam",
        "Harassment",
    ]
    assert not any((r.cells or ("",))[0] == "Groups Removed" for r in rows)


def test_the_cli_explains_a_capped_practice_and_is_byte_for_byte_stable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check", str(LUMENVALE), "--element", "PS3", "--format", "json")
    assert (code, err) == (0, "")
    again = run(capsys, "check", str(LUMENVALE), "--element", "PS3", "--format", "json")[1]
    assert out == again
    [element] = [e for s in json.loads(out)["sections"] for e in s["elements"]]
    assert element["level"] == "partial"
    assert "met only in records" in element["missing"][0]


def _levels(assessment: Assessment) -> dict[str, str]:
    return {e.id: e.level for s in assessment.sections for e in s.elements}


def test_xlsx_and_csv_of_the_same_records_agree(tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = [
        ["Appeals", None, None],
        [None, None, None],
        ["Policy Area", "Appeals Received", "Bans Overturned"],
        ["Child Sexual Exploitation", 3905, 41],
    ]
    csv = tmp_path / "appeals.csv"
    csv.write_text(
        "\n".join(",".join("" if c is None else str(c) for c in r) for r in rows) + "\n",
        encoding="utf-8",
    )
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    xlsx = tmp_path / "appeals.xlsx"
    workbook.save(xlsx)
    from_csv, from_xlsx = trustcheck.assess(csv), trustcheck.assess(xlsx)
    assert _levels(from_csv) == _levels(from_xlsx)
    assert _levels(from_csv)["PS6"] == "partial"
    assert _levels(from_csv)["OUT5"] == "full"  # counts of appeals of CSEA decisions
    assert _levels(from_csv)["OUT2"] == "none"  # no accounts actioned


def test_values_behind_a_page_s_charts_give_figures_but_name_no_practice() -> None:
    # a transparency page whose chart data (held in a script) is labelled "Proactive detection
    # rate" and "Accounts banned for child sexual exploitation": figures, not practices
    page = (
        ROOT
        / "fixtures"
        / "corpus"
        / "reports"
        / "brightloop-transparency-child-safety-2024-h2.html"
    )
    assessment = trustcheck.assess(page)
    assert assessment.element("PS2").level == "none"
    assert assessment.element("OUT2").level == "full"
    assert {e.passage_id for e in assessment.element("OUT2").evidence} <= {
        p.id
        for p in trustcheck.read_document(page).passages
        if p.kind is trustcheck.PassageKind.DATA
    }


def test_explain_says_which_rules_take_table_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(LUMENVALE), "--explain", "PS6")
    assert (code, err) == (0, "")
    flat = " ".join(out.split())
    assert "partial: counts any passage that does not deny it, including plans and" in flat
    assert "general text; table rows whose headers name it count too" in flat
    assert "full: counts only passages about the topic that state a current practice" in flat
    assert "current practice; table rows" not in flat
