"""Reviewer decisions applied to an assessment: final levels and scores, the machine's beside them.

A reviewer's accepted decision changes an element's level, and so its score, its section's
level and score, and the report's. Every output after review (tables, exports, the summary,
the dashboard, the diff) must show those recomputed values, with the machine's own still there
to compare: :func:`apply_review` is the one place that computes them, by the framework's roll-up
rule (:class:`~trustcheck.framework.models.Rollup`), so an output cannot roll up differently.

The machine's verdict is never overwritten: ``level`` and ``score`` stay the machine's on every
element, section and report; the reviewed values go into ``reviewed`` (read them through
``final_level`` and ``final_score``).

A member whose report cannot be read can still be scored by hand: :func:`manual_assessment`
gives an assessment with every element at the lowest level and no evidence, marked ``manual``,
on which reviewers record decisions like on any other.
"""

from __future__ import annotations

from collections.abc import Mapping

from trustcheck._version import __version__
from trustcheck.assessment.engine import framework_ref, level_infos
from trustcheck.assessment.models import (
    Assessment,
    DocumentRef,
    ElementResult,
    ReviewDecision,
    Reviewed,
    SectionResult,
)
from trustcheck.errors import AuditError
from trustcheck.framework.models import Framework, mean_score


def apply_review(
    assessment: Assessment,
    framework: Framework,
    decisions: Mapping[str, ReviewDecision] | None = None,
) -> Assessment:
    """A copy of ``assessment`` with reviewer decisions applied and every level recomputed.

    ``decisions`` maps element ids (any case) to decisions and replaces the decisions the
    assessment already carries for those elements; without it, the decisions already in the
    assessment are applied. Only ``accepted`` decisions change a level; ``under-review`` and
    ``rejected`` ones are kept beside the verdict. Elements, sections and the report get a
    ``reviewed`` level and score where any decision exists (``final_level`` and
    ``final_score`` read them); the machine's ``level`` and ``score`` are left as they were.

    Raises :class:`~trustcheck.AuditError` for a decision on an element the assessment does not
    have, a level the framework does not define, or an assessment of another framework.
    """
    if assessment.framework.id != framework.id:
        raise AuditError(
            f"the assessment is against {assessment.framework.id!r}, not {framework.id!r}",
            hint="apply the review with the framework the report was assessed against",
        )
    wanted = {key.casefold(): value for key, value in (decisions or {}).items()}
    known = {e.id.casefold() for e in assessment.elements}
    unknown = sorted(key for key in (decisions or {}) if key.casefold() not in known)
    if unknown:
        ids = ", ".join(e.id for e in assessment.elements)
        raise AuditError(f"no element {', '.join(unknown)} in this assessment (elements: {ids})")
    order = framework.level_ids
    sections = []
    any_decision = False
    for section in assessment.sections:
        elements = []
        for element in section.elements:
            decision = wanted.get(element.id.casefold(), element.decision)
            if decision is not None and decision.level not in order:
                raise AuditError(
                    f"{element.id}: level {decision.level!r} is not one of {', '.join(order)}"
                )
            any_decision = any_decision or decision is not None
            elements.append(_reviewed_element(element, decision, framework))
        sections.append(section.model_copy(update={"elements": elements}))
    if not any_decision:
        return assessment.model_copy(
            update={
                "sections": [s.model_copy(update={"reviewed": None}) for s in sections],
                "reviewed": None,
                "reviewed_counts": None,
            }
        )
    rolled = [_reviewed_section(section, framework) for section in sections]
    all_elements = [e for s in rolled for e in s.elements]
    level = framework.rollup.report_level(
        [s.final_level for s in rolled], [e.final_level for e in all_elements], order
    )
    counts = dict.fromkeys(order, 0)
    for element in all_elements:
        counts[element.final_level] = counts.get(element.final_level, 0) + 1
    return assessment.model_copy(
        update={
            "sections": rolled,
            "reviewed": Reviewed(
                level=level,
                score=mean_score([s.final_score for s in rolled]),
                decisions=sum(_accepted(e) for e in all_elements),
            ),
            "reviewed_counts": counts,
        }
    )


def _accepted(element: ElementResult) -> bool:
    return element.decision is not None and element.decision.status == "accepted"


def _reviewed_element(
    element: ElementResult, decision: ReviewDecision | None, framework: Framework
) -> ElementResult:
    if decision is None:
        return element.model_copy(update={"decision": None, "reviewed": None})
    if decision.status == "accepted":
        reviewed = Reviewed(
            level=decision.level, score=framework.level_score(decision.level), decisions=1
        )
    else:
        reviewed = Reviewed(level=element.level, score=element.score)
    return element.model_copy(update={"decision": decision, "reviewed": reviewed})


def _reviewed_section(section: SectionResult, framework: Framework) -> SectionResult:
    levels = [e.final_level for e in section.elements]
    reviewed = Reviewed(
        level=framework.rollup.section_level(section.id, levels, framework.level_ids),
        score=mean_score([e.final_score for e in section.elements]),
        decisions=sum(_accepted(e) for e in section.elements),
    )
    return section.model_copy(update={"reviewed": reviewed})


def manual_assessment(framework: Framework, document: DocumentRef, reason: str) -> Assessment:
    """An assessment for a report the tool could not read, for reviewers to score by hand.

    Every element is at the framework's lowest level with no evidence and says why; the
    assessment is marked ``manual`` so no output presents those levels as the machine's
    reading of the document.
    """
    lowest = framework.lowest_level
    missing = [f"the report could not be read ({reason}); only a reviewer's decision counts"]
    sections = [
        SectionResult(
            id=section.id,
            title=section.title,
            level=lowest.id,
            score=lowest.score,
            elements=[
                ElementResult(
                    id=element.id,
                    title=element.title,
                    level=lowest.id,
                    score=lowest.score,
                    confidence=0.0,
                    missing=missing,
                )
                for element in section.elements
            ],
        )
        for section in framework.sections
    ]
    counts = dict.fromkeys(framework.level_ids, 0)
    counts[lowest.id] = len(framework.elements)
    return Assessment(
        trustcheck_version=__version__,
        framework=framework_ref(framework),
        levels=level_infos(framework),
        document=document,
        level=lowest.id,
        score=lowest.score,
        counts=counts,
        sections=sections,
        warnings=[f"not read by trustcheck: {reason}"],
        manual=True,
    )
