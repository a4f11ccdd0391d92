"""How sure a verdict is, read from its evidence, so reviewers look at the least certain first.

A reviewer of a yearly audit has hundreds of verdicts and time for a fraction of them. The
engine's own ``confidence`` number is a by-product of its rules; this module reads the verdict
as a reviewer would and names what makes it shaky: the level above only missed because its
criteria were met off-topic or as a plan; a single supporting passage; a passage that is on the
topic only because of the heading above it, not its own words; fuzzy matches; stated intentions;
a level one criterion short of the next one; for the lowest level, criteria partly found.

Each weakness takes a fixed amount off 1.0, so the value is explained by its reasons and the
same verdict always gets the same value. The bands (``high``, ``medium``, ``low``) are measured
against the labelled sets in ``docs/accuracy.md``; ``low`` verdicts are marked "needs review".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from trustcheck.assessment.models import ElementResult, Evidence
from trustcheck.framework.models import Framework

Band = Literal["high", "medium", "low"]
BANDS: tuple[Band, ...] = ("high", "medium", "low")
HIGH = 0.8
"""At or above: ``high``."""
LOW = 0.6
"""Below: ``low``, marked "needs review"."""

_CAPPED = re.compile(r"^the criteria for .+ are met only ")
_PARTLY_FOUND = re.compile(r"\(([1-9]\d*) found")
_NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class Confidence:
    """A verdict's confidence: a value in [0, 1], its band, and why it is below 1."""

    value: float
    band: Band
    reasons: tuple[str, ...]

    @property
    def needs_review(self) -> bool:
        """Low confidence: a reviewer should read this verdict before it is published."""
        return self.band == "low"


def band_of(value: float) -> Band:
    """The band a confidence value falls in."""
    if value >= HIGH:
        return "high"
    return "medium" if value >= LOW else "low"


def verdict_confidence(element: ElementResult, framework: Framework) -> Confidence:
    """The confidence of one element's machine verdict, from its evidence and what was missing.

    Decisions are not considered: this is how sure the machine's reading is, which is what
    tells a reviewer where to look.
    """
    lowest = framework.level_ids[-1]
    penalties: list[tuple[float, str]] = []
    if not element.evidence and element.level != lowest:
        penalties.append((0.5, "a level above the lowest with no evidence"))
    elif element.level == lowest:
        penalties += _lowest_penalties(element)
    else:
        spec = next((e for e in framework.elements if e.id == element.id), None)
        topical = spec is None or any(rule.context == "topic" for rule in spec.rules)
        penalties += _evidence_penalties(element.evidence, _topic_regex(framework), topical)
        penalties += _missing_penalties(element.missing)
    if element.confidence == 0.0 and not element.evidence:
        penalties.append((1.0, "the report could not be read"))
    value = max(0.0, round(1.0 - sum(p for p, _ in penalties), 2))
    return Confidence(value, band_of(value), tuple(reason for _, reason in penalties))


def _lowest_penalties(element: ElementResult) -> list[tuple[float, str]]:
    partly = [int(m.group(1)) for line in element.missing for m in _PARTLY_FOUND.finditer(line)]
    if partly:
        return [(0.25, "some criteria of a higher level were found, not enough of them")]
    return []


def _evidence_penalties(
    evidence: list[Evidence], topic: re.Pattern[str] | None, topical: bool
) -> list[tuple[float, str]]:
    """What weakens the evidence; ``topical``: the element's rules want on-topic passages."""
    penalties: list[tuple[float, str]] = []
    passages = {e.passage_id for e in evidence}
    if len(passages) == 1:
        penalties.append((0.15, "a single supporting passage"))
    elif len(passages) == 2:
        penalties.append((0.05, "two supporting passages"))
    if topical and any(not e.on_topic for e in evidence):
        penalties.append((0.1, "some evidence is not about the topic"))
    on_topic = [e for e in evidence if e.on_topic]
    if topical and topic and on_topic and not any(topic.search(e.quote) for e in on_topic):
        penalties.append((0.15, "the topic comes only from the headings, not the passages"))
    if any(e.score < 100 for e in evidence):
        penalties.append((0.1, "fuzzy matches"))
    if any(e.intention for e in evidence):
        penalties.append((0.1, "some evidence states a plan, not a practice"))
    return penalties


def _missing_penalties(missing: list[str]) -> list[tuple[float, str]]:
    penalties: list[tuple[float, str]] = []
    if any(_CAPPED.match(line) for line in missing):
        penalties.append((0.3, "the level above was met only off-topic or as a plan"))
    short = [line for line in missing if line.startswith(_NOT_FOUND)]
    if len(short) == 1:
        penalties.append((0.1, "one criterion short of the level above"))
    return penalties


@lru_cache(maxsize=8)
def _topic_pattern(terms: tuple[str, ...], patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    from trustcheck.match.signal_regex import term_regex

    branches = [term_regex(t) for t in terms] + list(patterns)
    if not branches:
        return None
    try:
        return re.compile("|".join(f"(?:{b})" for b in branches), re.IGNORECASE)
    except re.error:
        return None


def _topic_regex(framework: Framework) -> re.Pattern[str] | None:
    """The framework's topic signal, to tell a passage's own words from its heading's."""
    if framework.language is None:
        return None
    signal = next((s for s in framework.signals if s.id == framework.language.topic), None)
    if signal is None:
        return None
    return _topic_pattern(tuple(signal.terms), tuple(signal.patterns))
