"""The assessment: what trustcheck concluded about one document against one framework.

These models are the stable JSON output (``schema_version``) that every renderer, the audit and
Python users read. A verdict always carries its evidence and, below the best level, what was
looked for and not found. A reviewer's decision sits beside the machine's verdict, never over it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """One passage that satisfied a signal or figure condition of an element's rules."""

    quote: str = Field(description="The sentence, table row or data value, trimmed.")
    page: int = Field(ge=1, description="1-based page index in the file.")
    page_label: str | None = Field(default=None, description="Printed page label, if known.")
    heading: str = Field(default="", description="Heading path joined with ' > '.")
    passage_id: str
    signal: str = Field(description="Id of the signal or metric the passage satisfied.")
    signals: list[str] = Field(
        default_factory=list,
        description="Every signal or metric of the deciding rule the passage satisfied, 'signal' "
        "first: a passage is quoted once, however many criteria it meets.",
    )
    signal_description: str = ""
    score: float = Field(ge=0, le=100, description="Match score: 100 exact, lower for fuzzy.")
    on_topic: bool = Field(description="The passage is specific to the framework's topic (CSEA).")
    intention: bool = Field(default=False, description="The passage states a plan, not a practice.")
    figure: str | None = Field(default=None, description="The figure, for figure conditions.")
    period: str | None = Field(default=None, description="The period the figure covers.")
    anchor: str = Field(description="Short hash of the normalised quote, to find it again.")


class ReviewDecision(_Model):
    """A reviewer's decision on one element, kept beside the machine verdict."""

    level: str
    reason: str
    reviewer: str = ""
    status: Literal["accepted", "under-review", "rejected"] = "accepted"
    timestamp: str = ""
    machine_level: str = Field(description="The machine verdict the reviewer saw.")
    evidence_anchor: str | None = None
    stale: bool = Field(
        default=False,
        description="The evidence the decision referred to is no longer in the document: "
        "the decision needs a new review.",
    )


class Reviewed(_Model):
    """A level and score after accepted reviewer decisions, kept beside the machine's own.

    Set by :func:`trustcheck.apply_review` where a decision exists; absent, the machine's level
    and score are the final ones.
    """

    level: str
    score: float
    decisions: int = Field(default=0, description="Accepted decisions that fed this value.")


class ElementResult(_Model):
    id: str
    title: str
    level: str
    score: float
    confidence: float = Field(ge=0, le=1)
    evidence: list[Evidence] = Field(default_factory=list)
    missing: list[str] = Field(
        default_factory=list, description="What was looked for and not found, for a reviewer."
    )
    decision: ReviewDecision | None = None
    reviewed: Reviewed | None = None

    @property
    def final_level(self) -> str:
        """The reviewer's accepted level where there is one, else the machine's."""
        if self.reviewed is not None:
            return self.reviewed.level
        if self.decision is not None and self.decision.status == "accepted":
            return self.decision.level
        return self.level

    @property
    def final_score(self) -> float:
        """The score of :attr:`final_level` (the machine's score until a review is applied)."""
        return self.reviewed.score if self.reviewed is not None else self.score


class SectionResult(_Model):
    id: str
    title: str
    level: str
    score: float
    elements: list[ElementResult]
    reviewed: Reviewed | None = None

    @property
    def final_level(self) -> str:
        return self.reviewed.level if self.reviewed is not None else self.level

    @property
    def final_score(self) -> float:
        return self.reviewed.score if self.reviewed is not None else self.score


class LevelInfo(_Model):
    """One of the framework's verdict levels, as the assessment was made with it."""

    id: str
    label: str = Field(description="How the level is shown to people ('Full alignment').")
    score: float = Field(ge=0, le=100)
    order: int = Field(ge=0, description="Rank of the level: 0 is the best, then worse.")


class FrameworkRef(_Model):
    id: str
    version: str
    title: str
    reconstructed: bool


class DocumentRef(_Model):
    path: str
    sha256: str
    format: str
    pages: int
    title: str | None = None
    pages_without_text: list[int] = Field(default_factory=list)


class IndicatorResult(_Model):
    """Whether the document discloses one practice the coalition counts (e.g. image hashing)."""

    id: str
    title: str
    found: bool
    evidence: list[Evidence] = Field(default_factory=list)


class Assessment(_Model):
    """The full result for one document; serialise with ``model_dump_json(indent=2)``."""

    schema_version: str = SCHEMA_VERSION
    trustcheck_version: str
    framework: FrameworkRef
    levels: list[LevelInfo] = Field(
        default_factory=list,
        description="The framework's levels, best first: what every level id in the "
        "assessment means and how it ranks. Empty in assessments written before it was added; "
        "their levels rank in the order of 'counts'.",
    )
    document: DocumentRef
    level: str
    score: float
    counts: dict[str, int] = Field(description="How many elements reached each level.")
    reporting_period: str | None = Field(
        default=None, description="The period the report says it covers, when found."
    )
    sections: list[SectionResult]
    indicators: list[IndicatorResult] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    reviewed: Reviewed | None = Field(
        default=None,
        description="Report level and score after reviewer decisions; the machine's stay in "
        "level and score.",
    )
    reviewed_counts: dict[str, int] | None = Field(
        default=None, description="How many elements reached each level after review."
    )
    manual: bool = Field(
        default=False,
        description="The document could not be read: every level here is a reviewer's, none "
        "the machine's.",
    )

    @property
    def final_level(self) -> str:
        return self.reviewed.level if self.reviewed is not None else self.level

    @property
    def final_score(self) -> float:
        return self.reviewed.score if self.reviewed is not None else self.score

    @property
    def final_counts(self) -> dict[str, int]:
        return self.reviewed_counts if self.reviewed_counts is not None else self.counts

    @property
    def elements(self) -> list[ElementResult]:
        return [e for s in self.sections for e in s.elements]

    def element(self, element_id: str) -> ElementResult:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)
