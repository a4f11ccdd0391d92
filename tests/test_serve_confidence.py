"""The verdict confidence the workbench sorts by: each weakness costs, and says so."""

from __future__ import annotations

import pytest

from trustcheck import ElementResult, Evidence, load_framework, verdict_confidence
from trustcheck.assessment.confidence import band_of

TRUST = load_framework("trust")


def _evidence(passage: str, quote: str, **extra: object) -> Evidence:
    values: dict[str, object] = {
        "quote": quote,
        "page": 1,
        "heading": "Child safety",
        "passage_id": passage,
        "signal": "hash_matching",
        "score": 100.0,
        "on_topic": True,
        "anchor": passage,
    }
    values.update(extra)
    return Evidence.model_validate(values)


CSAM = "We match every upload against known CSAM hashes from NCMEC."
STRONG = [_evidence(f"p{i}", CSAM) for i in range(3)]


def _element(
    level: str, evidence: list[Evidence], missing: list[str] | None = None
) -> ElementResult:
    return ElementResult(
        id="PS1",
        title="Hash matching",
        level=level,
        score=TRUST.level_score(level),
        confidence=0.9,
        evidence=evidence,
        missing=missing or [],
    )


def test_strong_evidence_is_certain() -> None:
    confidence = verdict_confidence(_element("full", STRONG), TRUST)
    assert (confidence.value, confidence.band, confidence.reasons) == (1.0, "high", ())
    assert not confidence.needs_review


@pytest.mark.parametrize(
    ("evidence", "reason", "cost"),
    [
        ([_evidence("p1", CSAM)], "a single supporting passage", 0.15),
        (STRONG[:2], "two supporting passages", 0.05),
        (
            [*STRONG, _evidence("p9", "We remove spam.", on_topic=False)],
            "some evidence is not about the topic",
            0.10,
        ),
        (
            [_evidence(f"p{i}", "We match every upload against known hashes.") for i in range(3)],
            "the topic comes only from the headings, not the passages",
            0.15,
        ),
        ([*STRONG[:2], _evidence("p5", CSAM, score=88.0)], "fuzzy matches", 0.10),
        (
            [*STRONG, _evidence("p7", CSAM, intention=True)],
            "some evidence states a plan, not a practice",
            0.10,
        ),
    ],
)
def test_each_weakness_costs_and_is_named(
    evidence: list[Evidence], reason: str, cost: float
) -> None:
    strong = verdict_confidence(_element("full", STRONG), TRUST).value
    confidence = verdict_confidence(_element("full", evidence), TRUST)
    assert reason in confidence.reasons
    assert confidence.value == pytest.approx(strong - cost - _others(confidence.reasons, reason))


def _others(reasons: tuple[str, ...], reason: str) -> float:
    costs = {"two supporting passages": 0.05}
    return sum(costs.get(r, 0.0) for r in reasons if r != reason)


def test_a_capped_verdict_one_criterion_short_needs_review() -> None:
    missing = [
        "the criteria for full alignment are met only in passages not tied to the topic",
        "not found: a named hash source (searched the whole document)",
    ]
    confidence = verdict_confidence(_element("partial", [_evidence("p1", CSAM)], missing), TRUST)
    assert confidence.value == pytest.approx(1 - 0.3 - 0.1 - 0.15)
    assert confidence.band == "low" and confidence.needs_review


def test_the_lowest_level_is_less_certain_when_criteria_were_partly_found() -> None:
    clean = verdict_confidence(_element("none", [], ["not found, any of: hashes"]), TRUST)
    near = verdict_confidence(
        _element("none", [], ["not found: at least 2 of these (1 found: a hash list)"]), TRUST
    )
    assert clean.value == 1.0 and near.value == pytest.approx(0.75)


def test_bands() -> None:
    assert [band_of(v) for v in (1.0, 0.8, 0.79, 0.6, 0.59, 0.0)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
    ]


def test_on_the_held_out_reports_high_confidence_is_more_often_right() -> None:
    """The calibration docs/accuracy.md reports: on reports the rules were not written against,
    verdicts in the high band match the labels more often than those marked "needs review"."""
    from collections import Counter
    from pathlib import Path

    from trustcheck import assess
    from trustcheck.benchmark import load_labels

    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    holdout = Path(__file__).parent.parent / "fixtures" / "holdout" / "labels"
    for path, label in load_labels(holdout):
        assessment = assess(path.parent.parent / label.report, TRUST)
        for element in assessment.elements:
            band = verdict_confidence(element, TRUST).band
            seen[band] += 1
            right[band] += label.elements[element.id].level == element.level
    accuracy = {band: right[band] / seen[band] for band in seen}
    assert seen["low"] >= 10 and seen["high"] >= 100
    assert accuracy["high"] > accuracy["medium"] > accuracy["low"]
