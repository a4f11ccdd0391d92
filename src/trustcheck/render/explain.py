"""``--explain ID``: one element in full — its rubric, every signal looked for, every quote found.

A verdict is only as useful as a reviewer's ability to check it. This view puts the framework's
own words (intent, criteria per level), its rules written out as the signals they look for, and
every piece of evidence with page, heading and how it matched, beside what the engine reported
missing. A signal is marked as found only when a quote for it is in the evidence; the engine's
``missing`` list is the authority on what was not found.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from trustcheck.assessment.models import Assessment, ElementResult, Evidence
from trustcheck.errors import UsageError
from trustcheck.framework.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    Element,
    FigureCondition,
    Framework,
    SignalCondition,
)
from trustcheck.render.common import decision_text, levels, page_ref
from trustcheck.render.terminal import level_cell

_CONTEXT = {
    "topic": "counts only passages about the topic that state a current practice",
    "any": "counts any passage that does not deny it, including plans and general text",
}


def find_element(assessment: Assessment, element_id: str) -> ElementResult:
    """The element with this id (any case), or a usage error listing the ids there are."""
    for element in assessment.elements:
        if element.id.upper() == element_id.upper():
            return element
    ids = ", ".join(e.id for e in assessment.elements)
    raise UsageError(f"--explain {element_id}: no such element", hint=f"choose from {ids}")


def render_explain(assessment: Assessment, framework: Framework, element_id: str) -> Group:
    """Everything behind one element's verdict, for the terminal."""
    result = find_element(assessment, element_id)
    try:
        spec: Element | None = framework.element(result.id)
    except KeyError:
        spec = None
    found: dict[str, Evidence] = {}
    for evidence in result.evidence:  # the best-ranked passage of each signal
        for signal in evidence.signals or [evidence.signal]:
            found.setdefault(signal, evidence)
    head = Text()
    head.append(f"{result.id} {result.title}", style="bold")
    head.append("  ")
    head.append_text(level_cell(result.level, levels(assessment)))
    head.append(f"  score {result.score:g}, confidence {result.confidence:.2f}")
    parts: list[RenderableType] = [
        Text(f"{assessment.document.path} · {assessment.framework.title}", style="dim"),
        head,
    ]
    if spec is not None:
        parts.append(Text(f"Why it matters: {spec.intent}"))
        criteria = Tree(Text("Criteria", style="bold"))
        for level, words in spec.criteria.items():
            criteria.add(Text(f"{level}: {words}"))
        parts.append(criteria)
        rules = Tree(Text("Signals looked for, best level first", style="bold"))
        for rule in spec.rules:
            words = _CONTEXT[rule.context] + _records_note(framework, spec, rule.level)
            branch = rules.add(Text(f"{rule.level}: {words}", style="bold"))
            _condition(branch, rule.when, framework, found)
        parts.append(rules)
    parts.append(_evidence_tree(result.evidence))
    if result.missing:
        missing = Tree(Text("What is missing", style="bold"))
        for item in result.missing:
            missing.add(Text(item))
        parts.append(missing)
    decision = decision_text(result)
    if decision:
        parts.append(Text(f"Reviewer decision: {decision}", style="magenta"))
    return Group(*parts)


def _records_note(framework: Framework, spec: Element, level: str) -> str:
    """What a rule at or below the element's ``records_at_most`` also counts."""
    cap, ids = spec.records_at_most, [lv.id for lv in framework.levels]
    if "table" in spec.evidence_from or cap not in ids or level not in ids:
        return ""
    if ids.index(level) < ids.index(cap):
        return ""
    return "; table rows whose headers name it count too"


def _describe(framework: Framework, signal_id: str) -> str:
    try:
        return framework.signal(signal_id).description
    except KeyError:
        return ""


def _signal_line(signal_id: str, framework: Framework, found: dict[str, Evidence]) -> Text:
    evidence = found.get(signal_id)
    text = Text("✓ " if evidence else "· ", style="green" if evidence else "dim")
    text.append(signal_id, style="bold")
    description = _describe(framework, signal_id)
    if description:
        text.append(f": {description}")
    if evidence is not None:
        text.append(f"  (in evidence, {page_ref(evidence)})", style="green")
    return text


def _condition(
    parent: Tree, condition: Condition, framework: Framework, found: dict[str, Evidence]
) -> None:
    if isinstance(condition, str):
        parent.add(_signal_line(condition, framework, found))
    elif isinstance(condition, SignalCondition):
        parent.add(_signal_line(condition.signal, framework, found))
    elif isinstance(condition, FigureCondition):
        spec = condition.figure
        line = _signal_line(spec.metric, framework, found)
        kinds = " or ".join(spec.kinds)
        line.append(f"  with a figure ({kinds})")
        if spec.period:
            line.append(" for a stated period")
        parent.add(line)
    elif isinstance(condition, AllCondition):
        branch = parent.add(Text("all of:", style="italic"))
        for sub in condition.all:
            _condition(branch, sub, framework, found)
    elif isinstance(condition, AnyCondition):
        branch = parent.add(Text("any of:", style="italic"))
        for sub in condition.any:
            _condition(branch, sub, framework, found)
    elif isinstance(condition, AtLeastCondition):
        branch = parent.add(Text(f"at least {condition.at_least} of:", style="italic"))
        for sub in condition.of:
            _condition(branch, sub, framework, found)


def _evidence_tree(evidence: list[Evidence]) -> Tree:
    tree = Tree(Text(f"Evidence ({len(evidence)})", style="bold"))
    if not evidence:
        tree.add(Text("none found", style="dim"))
    for index, item in enumerate(evidence, 1):
        line = Text(f"{index}. {page_ref(item)}", style="cyan")
        if item.heading:
            line.append(f" · {item.heading}", style="dim")
        line.append("\n")
        line.append(f"“{item.quote}”")
        how = [f"signal {item.signal}"]
        if item.signal_description:
            how[0] += f" ({item.signal_description})"
        also = [s for s in item.signals if s != item.signal]
        if also:
            how.append(f"also meets {', '.join(also)}")
        how.append("exact" if item.score >= 100 else f"fuzzy {item.score:g}")
        how.append("on topic" if item.on_topic else "not tied to the topic")
        if item.intention:
            how.append("a stated plan")
        if item.figure:
            how.append(f"figure {item.figure}" + (f" for {item.period}" if item.period else ""))
        line.append("\n" + "; ".join(how), style="dim")
        tree.add(line)
    return tree
