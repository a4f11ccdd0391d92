"""The engine's mechanics on a small framework written for them (tests/data/engine).

Conditions, the two caps, roll-up, figures and their periods, clauses and sentence splitting are
tested here without the bundled Trust framework: its levels are ``met``, ``part`` (scored 40) and
``unmet``, and its vocabulary has six signals, so a test passes only by the mechanism it names,
never by a word Trust happens to know. test_engine_rubric.py tests Trust's rules themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import trustcheck
from trustcheck import Assessment, ElementResult
from trustcheck.assessment.framework_tests import read_example
from trustcheck.match.text import split_sentences

FRAMEWORK = Path(__file__).parent / "data" / "engine" / "framework.yaml"


def _assess(text: str) -> Assessment:
    return trustcheck.assess(text.encode("utf-8"), FRAMEWORK)


def _element(text: str, element_id: str) -> ElementResult:
    return _assess(text).element(element_id)


# --------------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("We use PhotoDNA against the NCMEC list to find CSAM.", "met"),  # all + at_least
        ("We use PhotoDNA to find CSAM, and a classifier for new CSAM.", "met"),  # other branch
        ("We use PhotoDNA to find CSAM.", "part"),  # the lower rule
        ("We remove CSAM.", "unmet"),  # no rule holds: the lowest level
    ],
)
def test_all_and_at_least(text: str, level: str) -> None:
    assert _element(text, "D1").level == level


def test_below_the_best_level_the_verdict_says_what_was_not_found() -> None:
    element = _element("We use PhotoDNA to find CSAM.", "D1")
    assert element.score == 40.0
    assert element.missing == [
        "not found: at least 1 of these (0 found: none); missing: a named hash list; a classifier "
        "(searched the whole document)"
    ]


def test_a_required_signal_must_hold_in_the_same_sentence() -> None:
    # hash_list requires hashing: NCMEC alone, in a sentence of its own, is no hash list
    assert _element("We use PhotoDNA on CSAM. We send CSAM reports to NCMEC.", "D1").level == "part"


def test_any_and_evidence_from_prose_only() -> None:
    assert _element("Moderators review reported CSAM.", "D2").level == "met"
    # D2 takes prose only: the same words in a table row are no evidence
    table = "| CSAM | Moderators |\n|---|---|\n| CSAM | human review |\n"
    assert _element(table, "D2").level == "unmet"


# --------------------------------------------------------------------------- the two caps


def test_off_topic_evidence_is_capped_one_level_lower_and_says_why() -> None:
    element = _element("We use PhotoDNA against the NCMEC list.", "D1")
    assert element.level == "part"
    assert element.missing[0].startswith(
        "the criteria for met are met only in passages not tied to the topic (no mention of CSEA "
        "in them or above them)"
    )
    # one passage meets two signals: it is quoted once, with both
    assert [e.on_topic for e in element.evidence] == [False]
    assert len(element.evidence[0].signals) == 2


def test_a_plan_is_capped_one_level_lower_and_says_why() -> None:
    element = _element("We plan to use PhotoDNA against the NCMEC list to find CSAM.", "D1")
    assert element.level == "part"
    assert element.missing[0].startswith(
        "the criteria for met are met only as a stated intention or plan, not as a current practice"
    )
    assert all(e.intention for e in element.evidence)


def test_a_plan_inside_a_condition_is_a_practice() -> None:
    text = "If we find CSAM, we will use PhotoDNA against the NCMEC list."
    assert _element(text, "D1").level == "met"


def test_a_heading_puts_the_passages_below_it_on_the_topic() -> None:
    assert _element("# CSAM\n\nWe use PhotoDNA against the NCMEC list.\n", "D1").level == "met"


def test_a_back_reference_carries_the_topic_within_a_paragraph_only() -> None:
    assert _element("We fight CSAM. These reports get human review.", "D2").level == "met"
    assert _element("We fight CSAM.\n\nThese reports get human review.", "D2").level == "part"


# --------------------------------------------------------------------------- clauses


def test_a_denial_is_no_evidence_and_stops_at_a_clause_break() -> None:
    text = "We do not use PhotoDNA for CSAM; instead a classifier checks CSAM."
    assessment = _assess(text)
    assert assessment.element("D1").level == "unmet"
    assert assessment.element("D2").level == "met"


def test_a_passage_whose_topic_is_excepted_is_no_evidence_at_all() -> None:
    assert _element("Moderators review every report.", "D2").level == "part"
    assert _element("Moderators review every report except for CSAM.", "D2").level == "unmet"


# --------------------------------------------------------------------------- figures


def test_a_count_with_its_period_is_met_and_carries_both() -> None:
    element = _element("In H1 2024 we removed 1,204 items of CSAM.", "O1")
    assert element.level == "met"
    [evidence] = element.evidence
    assert (evidence.figure, evidence.period) == ("1,204", "h1")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("We have removed thousands of CSAM files.", "part"),  # vague: the lower rule
        ("We removed 1,204 CSAM files since launch.", "part"),  # unbounded: no period
        ("We removed 1,204 CSAM files.", "part"),  # no period anywhere
        ("In 2024 we removed CSAM files within 24 hours.", "unmet"),  # a year and a duration
        ("We removed CSAM files shared by users aged 13 to 17.", "unmet"),  # an age range
    ],
)
def test_what_counts_as_a_figure(text: str, level: str) -> None:
    assert _element(text, "O1").level == level


def test_the_document_period_gives_every_figure_a_period() -> None:
    assessment = _assess("This report covers H2 2024.\n\nWe removed 1,204 CSAM files.")
    assert assessment.reporting_period == "H2 2024"
    assert assessment.element("O1").level == "met"


# --------------------------------------------------------------------------- roll-up


def test_roll_up_follows_the_framework_rule_and_scores_are_means() -> None:
    text = (
        "# CSAM report\n\nWe use PhotoDNA against the NCMEC list. Moderators review every flag.\n\n"
        "We removed 1,204 items."
    )
    assessment = _assess(text)
    assert [(s.id, s.level, s.score) for s in assessment.sections] == [
        ("DET", "met", 100.0),
        ("OUT", "part", 40.0),
    ]
    assert (assessment.level, assessment.score) == ("part", 70.0)
    assert assessment.counts == {"met": 2, "part": 1, "unmet": 0}


def test_nothing_found_rolls_up_to_the_lowest_level() -> None:
    assessment = _assess("We like cats.")
    assert (assessment.level, assessment.score) == ("unmet", 0.0)
    assert list(assessment.counts) == ["met", "part", "unmet"]


# --------------------------------------------------------------------------- sentences


def test_sentences_split_at_full_stops_but_not_inside_abbreviations_or_numbers() -> None:
    text = "We removed 3.5 million items, e.g. images and videos. Moderators review CSAM. Done."
    assert split_sentences(text) == [
        "We removed 3.5 million items, e.g. images and videos.",
        "Moderators review CSAM.",
        "Done.",
    ]


def test_each_sentence_is_its_own_evidence() -> None:
    text = "We fight CSAM with PhotoDNA, e.g. against the IWF list. Moderators review every flag."
    assessment = _assess(text)
    assert [e.quote for e in assessment.element("D1").evidence] == [
        "We fight CSAM with PhotoDNA, e.g. against the IWF list."
    ]
    assert [e.quote for e in assessment.element("D2").evidence] == ["Moderators review every flag."]


def test_a_signal_of_requires_only_is_read_through_the_signals_it_requires() -> None:
    framework = trustcheck.load_framework(FRAMEWORK)
    assert read_example(framework, "reviewed_hashing", "Moderators check PhotoDNA hits.") == (
        "practice"
    )
    assert read_example(framework, "reviewed_hashing", "Moderators check reports.") == "absent"
    denied = "We do not use PhotoDNA or moderators."
    assert read_example(framework, "reviewed_hashing", denied) == "denied"
    planned = "We plan to have moderators check PhotoDNA matches."
    assert read_example(framework, "reviewed_hashing", planned) == "planned"
