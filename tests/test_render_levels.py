"""Levels are data: renderers read the framework's levels from the assessment, never a fixed
full/partial/none."""

from __future__ import annotations

from pathlib import Path

import trustcheck
from trustcheck import Assessment
from trustcheck.render import OutputFormat, render_assessments
from trustcheck.render.common import levels, summary_line

FRAMEWORK = Path(__file__).parent / "data" / "engine" / "framework.yaml"
TEXT = "# CSAM report\n\nWe use PhotoDNA against the NCMEC list.\n\nWe removed 1,204 items.\n"


def _assessment() -> Assessment:
    return trustcheck.assess(TEXT.encode("utf-8"), FRAMEWORK)


def test_the_assessment_carries_the_framework_levels() -> None:
    assessment = _assessment()
    assert [(lv.id, lv.label, lv.score, lv.order) for lv in assessment.levels] == [
        ("met", "Met", 100.0, 0),
        ("part", "Partly met", 40.0, 1),
        ("unmet", "Not met", 0.0, 2),
    ]


def test_markdown_marks_levels_by_their_rank_in_the_framework() -> None:
    text = render_assessments([_assessment()], OutputFormat.MARKDOWN)
    assert "| D1 Hash matching with a list or a classifier | ● met |" in text
    assert "| D2 Review | ○ unmet |" in text
    assert "| O1 Items removed | ◐ part |" in text
    assert "**partially aligned, score 45/100; 1 met, 1 part, 1 unmet**" in text


def test_levels_rank_by_their_order_not_by_the_order_written() -> None:
    assessment = _assessment()
    shuffled = assessment.model_copy(update={"levels": list(reversed(assessment.levels))})
    assert levels(shuffled) == ["met", "part", "unmet"]


def test_an_assessment_written_before_levels_were_carried_ranks_by_its_counts() -> None:
    data = _assessment().model_dump(mode="json")
    del data["levels"]
    old = Assessment.model_validate(data)
    assert old.levels == []
    assert levels(old) == ["met", "part", "unmet"]
    assert summary_line(old) == summary_line(_assessment())
