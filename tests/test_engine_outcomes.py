"""The Outcomes elements and the reporting period on small fictional prose reports.

Each case pins one rubric rule the real reports tested: numbers that count nothing, figures that
count something else, a process that is no outcome, and a period that is not the report's.
"""

from __future__ import annotations

import pytest

import trustcheck
from trustcheck.ingest.text_flow import wrap_width
from trustcheck.match.figures import find_figures


def _level(markdown: str, element: str) -> str:
    return trustcheck.assess(markdown.encode("utf-8"), "trust").element(element).level


def _figures(text: str) -> list[str]:
    return [f.text for f in find_figures(text)]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # a clause of a provision, and every article of a list of them
        ("as article 35(1) requires, flagged csam files are removed", []),
        ("under articles 33, 34 and 35 we removed csam files", []),
        ("recital 81 asks that csam files be removed", []),
        ("articles 26, 39, and 41 require that csam files be removed", []),
        # items of an enumeration
        ("(1) csam files removed, (2) accounts banned and (4) reports sent", []),
        # footnote markers after a bracket or a quotation mark
        ("studies by lane (2019, 2021)14 and the 'safe rooms' work7 show removals", []),
        # ratings, a risk matrix's calculation, the bounds of a scale
        ("likelihood 3 x severity 4 = 12 for csam files removed late", []),
        ("inherent risk score: 16; files removed late", []),
        ("a trust score (0 to 1000) decides when accounts are suspended", []),
        # a ratio is a share, like a percentage
        ("1 in 5 csam files was removed within the hour", ["1 in 5"]),
        # counts stay counts
        ("we removed 4,210 csam files and 12 accounts", ["4,210", "12"]),
        ("items removed: 4,210", ["4,210"]),
    ],
)
def test_numbers_that_refer_rate_or_mark_are_not_figures(text: str, figures: list[str]) -> None:
    assert _figures(text) == figures


@pytest.mark.parametrize(
    ("sentence", "element"),
    [
        ("As Article 35(1) requires, accounts sharing CSAM are suspended.", "OUT2"),
        ("Under Articles 34 and 35, CSAM files are removed.", "OUT1"),
        ("Research by Lane (2021)4 found that CSAM reports to NCMEC are made.", "OUT3"),
        ("CSAM files removed late: likelihood 3 x severity 4 = 12.", "OUT1"),
        ("A trust score (0 to 1000) decides when accounts that share CSAM are suspended.", "OUT2"),
    ],
)
def test_references_scores_and_markers_make_no_outcome(sentence: str, element: str) -> None:
    assert _level(f"# Child safety\n\n{sentence}\n", element) == "none"


def test_a_ratio_is_a_share_not_a_count() -> None:
    assert _level("# Child safety\n\nIn 2024, 1 in 5 CSAM files was removed.\n", "OUT1") == (
        "partial"
    )


def test_a_cited_sources_numbers_and_years_are_not_the_reports() -> None:
    report = (
        "# Child safety\n\nWe remove CSAM and ban the accounts that share it.\n\n"
        "12 North Hotline, CSAM files removed 2023, 4,210 reports, https://hotline.example/data\n"
    )
    assert _level(report, "OUT1") == "none"
    assert _level(report, "SC1") != "full"


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stated period of the report, or a line naming it
        ("This report covers 1 January to 30 June 2024.", "full"),
        ("Child safety report, H1 2024", "full"),
        ("During the reporting period (Q2 2024) we removed 1,204 CSAM files.", "full"),
        # one figure's own period is the figure's, not the report's
        ("In Q2 2024 we removed 1,204 CSAM files.", "partial"),
        ("From 1 March to 30 April 2024 we banned 310 accounts for CSAM.", "partial"),
        ("This report explains how we acted between 1 January and 30 June 2024.", "full"),
        ("It covers the second half of 2024, as the last one did.", "full"),
        # a point in time is no period, nor is the date of an event
        ("This page reflects our progress as of May 2025.", "partial"),
        ("As of Q1 2024 the old referral programme was closed to new members.", "partial"),
        ("This report was first published in Q1 2025 on our website.", "partial"),
    ],
)
def test_the_reporting_period_is_the_reports_own(text: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", "SC1") == expected


def test_a_figure_keeps_its_own_period_and_the_report_period_serves_the_rest() -> None:
    own = "# Child safety\n\nIn Q2 2024 we removed 1,204 CSAM files.\n"
    assert _level(own, "OUT1") == "full"
    stated = (
        "# Child safety report\n\nThis report covers 1 January to 30 June 2024.\n\n"
        "We banned 310 accounts for sharing CSAM.\n"
    )
    assert _level(stated, "SC1") == "full"
    assert _level(stated, "OUT2") == "full"


# --------------------------------------------------------------------------- trends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sextortion reports rose by 30% compared with 2023.", "full"),
        # a change in the company's own rating of a risk is no CSEA trend
        ("The inherent risk score for grooming fell from 16 to 9 after mitigation.", "none"),
        ("Risk category: grooming; risks identified: 9; residual risk level: 4", "none"),
        # "risks" is no rise, and what gives rise to a risk is no rise either
        ("We assessed 12 risks to minors, including grooming.", "none"),
        ("Its 4 features can give rise to grooming.", "none"),
        ("We are seeing more sextortion attempts against teens.", "partial"),
        ("Grooming attempts are changing: offenders now move to private chats.", "partial"),
        # what emerges or evolves must be the abuse, and a comparison must be with a past time
        ("We follow emerging research on grooming.", "none"),
        ("Our CSAM rules follow evolving regulatory requirements.", "none"),
        ("Grooming risk here is low, compared with an app built for children.", "none"),
    ],
)
def test_trends_are_changes_in_csea_itself(text: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", "OUT6") == expected


def test_a_change_column_is_the_trend_and_no_other_cell_is() -> None:
    table = (
        "# Child safety figures, H1 2024\n\n"
        "| Policy area | CSAM files removed (H1 2024) | Change vs H2 2023 |\n"
        "| --- | --- | --- |\n"
        "| Child sexual exploitation | 48,310 | n/a |\n"
    )
    assert _level(table, "OUT6") == "none"
    assert _level(table.replace("| n/a |", "| +12% |"), "OUT6") == "full"
    assert _level(table, "OUT1") == "full"


# --------------------------------------------------------------------------- appeals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the appeal route is a process (PS6), not an outcome
        ("If an appeal against a CSAM ban succeeds, we reinstate the account.", "none"),
        ("Users banned for CSAM can appeal, which upholds their rights.", "none"),
        # an outcome stated without a figure
        ("Few appeals against our CSAM bans succeed.", "partial"),
        ("After appeal we reinstated 4 of the 310 accounts banned for CSAM.", "full"),
        # a reversal or restoration of what was actioned, not a search method or a backup
        ("We run reverse image searches on 3 million CSAM uploads.", "none"),
        ("We restored 2 backups after the CSAM incident.", "none"),
        ("In 2024, 4 URLs delisted for CSAM were restored after review.", "full"),
        # a complaint about a product or a seller is no appeal
        ("Fewer than 1% of orders drew a complaint about CSAM listings.", "none"),
    ],
)
def test_appeal_outcomes_are_outcomes_not_routes(text: str, expected: str) -> None:
    assert _level(f"# Child safety\n\n{text}\n", "OUT5") == expected


# --------------------------------------------------------------------------- what a figure counts


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        ("In 2024, 12,000 reports from users led to the removal of CSAM.", "OUT1", "none"),
        ("In 2024 we received 900 CSAM reports and banned the accounts involved.", "OUT2", "none"),
        # the count beside the reports still counts what it names
        ("In 2024 we received 9,000 CSAM reports and banned 812 accounts.", "OUT2", "full"),
        ("In 2024 we received 4,000 user reports of CSAM and removed 1,200 files.", "OUT1", "full"),
        # and reports are what reports to authorities count
        ("In 2024 we sent 1,034 CSAM reports to NCMEC.", "OUT3", "full"),
    ],
)
def test_a_count_of_reports_is_no_count_of_what_was_removed(
    text: str, element: str, expected: str
) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        # staff, tools and the company's own risk register are means, not outcomes
        ("Our 40 classifiers detect CSAM proactively.", "OUT4", "none"),
        ("In 2024 our 30 specialists sent reports of CSAM to NCMEC.", "OUT3", "none"),
        ("In 2024 we added 12 risk scenarios on grooming compared with 2023.", "OUT6", "partial"),
        ("Users can appeal CSAM decisions within 6 months through 2 routes.", "OUT5", "none"),
        # what is scanned proactively is a volume screened, not a source of detection
        ("We proactively scan 3 million images a day for CSAM.", "OUT4", "none"),
        ("Our systems proactively screen 100% of uploads for CSAM.", "OUT4", "none"),
        ("Of the CSAM we removed, 98% was detected proactively.", "OUT4", "full"),
        # "many types" is a variety, not a quantity of what was removed
        ("We remove many types of CSAM content from our service.", "OUT1", "none"),
        ("Many CSAM files were removed this year.", "OUT1", "partial"),
        # the outcome beside them still counts
        ("In 2024 our 30 specialists sent 1,034 reports of CSAM to NCMEC.", "OUT3", "full"),
    ],
)
def test_a_count_of_the_services_means_is_no_outcome(
    text: str, element: str, expected: str
) -> None:
    assert _level(f"# Child safety\n\n{text}\n", element) == expected


# --------------------------------------------------------------------------- withheld figures


def test_a_withheld_figure_is_not_replaced_by_the_next_number() -> None:
    text = (
        "# Child safety\n\nCSAM takedowns in 2024 were fewer than [Confidential], while "
        "3 other marketplaces published theirs.\n"
    )
    assert _level(text, "OUT1") == "none"
    given = text.replace("[Confidential]", "40")
    assert _level(given, "OUT1") == "full"


# --------------------------------------------------------------------------- converted text


NARROW_ROWS = "\n\n".join(f"Row {i}: one item of the table, set narrow." for i in range(24))
WIDE_NOTES = "\n\n".join(
    f"Note {i}: each note of the annex is set as wide as the prose of the report is."
    for i in range(4)
)


def _converted(prose_lines: list[str]) -> str:
    """A report converted from PDF: a line per paragraph, a blank line after each, prose set
    wider than the narrow table rows that make up most of its lines."""
    prose = "\n\n".join(prose_lines)
    return f"# About this report\n\n{prose}\n\n# Annex\n\n{WIDE_NOTES}\n\n{NARROW_ROWS}\n"


def test_a_sentence_wrapped_across_lines_is_one_sentence_in_mixed_width_text() -> None:
    lines = [
        "This report sets out the results of our second yearly review of the risks to",
        "children on our service and the measures we take. The review covers data from",
        "our systems for every market in the whole period between 1 July 2024 and 30",
        "June 2025, and later changes are noted in the annex to this report.",
    ]
    markdown = _converted(lines)
    # the file as a whole has no single wrap width: each paragraph is read at its own
    assert wrap_width(markdown.splitlines()) is None
    doc = trustcheck.read_document(markdown.encode("utf-8"), name="review.md")
    texts = [p.text for p in doc.passages]
    assert any("between 1 July 2024 and 30 June 2025" in t for t in texts)
    assert not any(t.startswith("June figures") for t in texts)
    assessment = trustcheck.assess(markdown.encode("utf-8"), "trust")
    assert assessment.element("SC1").level == "full"
    assert assessment.reporting_period == "between 1 July 2024 and 30 June 2025"
    # a short line ending a paragraph is no wrapped line
    assert any(t.startswith("Note 0") for t in texts)


# --------------------------------------------------------------------------- OUT2 account names

_ACCOUNTS = """# Child safety report, January to June 2025

Thornbury is an online racing game. We ban anyone who shares child sexual abuse material.

| Action for child sexual exploitation, January to June 2025 | Count |
|---|---|
| {label} | 1,204 |
"""


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Players banned", "full"),
        ("Members suspended", "full"),
        ("Profiles removed", "full"),
        ("Players permanently banned", "full"),
        ("Members of staff trained", "none"),
        ("Users reached by safety messages", "none"),
        ("Players who reported a chat", "none"),
    ],
)
def test_accounts_are_counted_under_the_names_services_give_them(label: str, expected: str) -> None:
    assert _level(_ACCOUNTS.format(label=label), "OUT2") == expected
