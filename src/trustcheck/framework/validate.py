"""Semantic checks the JSON Schema cannot express: unique ids and dangling references.

These run after the schema and pydantic layers, on a well-shaped model, and return every
problem at once (an author fixes a file in one pass, not one error per run). Each problem carries
the path inside the document; the loader turns the path into a line of the file.

A framework that imports signals (``signals_from``) is checked against the union of its own and
the imported signals, but paths always point into the file being checked.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from trustcheck.framework.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    Crosswalk,
    FigureCondition,
    Framework,
    Language,
    LevelRule,
    RollupScope,
    Signal,
    SignalCondition,
    Vocabulary,
)
from trustcheck.framework.yamlsource import DocPath, dotted


class SignalSource(Protocol):
    """What a framework imports its signals and language from: a vocabulary or a framework."""

    @property
    def signals(self) -> list[Signal]: ...

    @property
    def language(self) -> Language | None: ...


@dataclass(frozen=True)
class Issue:
    """One problem at one place in a document; ``at_key`` points at the key, not its value."""

    path: DocPath
    message: str
    at_key: bool = False


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" suffix for a misspelt id or key, or an empty string.

    Compared without case, so 'TRUST' finds 'trust' as readily as 'trusst' does.
    """
    by_folded = {choice.casefold(): choice for choice in reversed(list(choices))}
    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.75)
    return f"; did you mean {by_folded[close[0]]!r}?" if close else ""


def _unknown(kind: str, value: str, known: Sequence[str], *, listed: bool = True) -> str:
    known = list(dict.fromkeys(known))
    hint = suggest(value, known)
    if hint or not listed or len(known) > 12:
        return f"unknown {kind} {value!r}{hint}"
    return f"unknown {kind} {value!r} (known: {', '.join(known) or 'none'})"


def _duplicates(items: Iterable[tuple[DocPath, str]], kind: str) -> Iterator[Issue]:
    first: dict[str, DocPath] = {}
    for path, item_id in items:
        if item_id in first:
            where = dotted(first[item_id])
            yield Issue(path, f"duplicate {kind} id {item_id!r} (first used at {where})")
        else:
            first[item_id] = path


# --------------------------------------------------------------------------- frameworks


def check_vocabulary(vocabulary: Vocabulary) -> list[Issue]:
    """Every semantic problem of a vocabulary file: duplicate signals, dangling references."""
    issues: list[Issue] = list(
        _duplicates(
            ((("signals", i, "id"), s.id) for i, s in enumerate(vocabulary.signals)), "signal"
        )
    )
    signal_ids = [s.id for s in vocabulary.signals]
    issues += _check_signals(vocabulary, None, signal_ids)
    for key in ("topic", "period"):
        ref = getattr(vocabulary.language, key)
        if ref is not None and ref not in signal_ids:
            issues.append(Issue(("language", key), _unknown("signal", ref, signal_ids)))
    return issues


def check_framework(framework: Framework, imported: SignalSource | None = None) -> list[Issue]:
    """Every semantic problem of ``framework`` (its own file), given what it imports."""
    issues: list[Issue] = []
    issues += _check_ids(framework)
    issues += _check_levels(framework)
    issues += _check_mileposts(framework)
    importing = framework.signals_from is not None or framework.vocabulary is not None
    if importing and imported is None:
        # The import failed and is reported on its own; without its signals every reference
        # would look dangling, so only the checks that do not need them run.
        issues += _check_patterns(framework)
        issues += _check_elements(framework, None)
        return issues
    signal_ids = _signal_ids(framework, imported)
    issues += _check_signals(framework, imported, signal_ids)
    issues += _check_language(framework, imported, signal_ids)
    for i, indicator in enumerate(framework.indicators):
        for j, signal_id in enumerate(indicator.signals):
            if signal_id not in signal_ids:
                path = ("indicators", i, "signals", j)
                issues.append(Issue(path, _unknown("signal", signal_id, signal_ids)))
    issues += _check_elements(framework, signal_ids)
    return issues


def _signal_ids(framework: Framework, imported: SignalSource | None) -> list[str]:
    ids = [s.id for s in imported.signals] if imported else []
    return ids + [s.id for s in framework.signals if s.id not in ids]


def _check_ids(framework: Framework) -> Iterator[Issue]:
    yield from _duplicates(
        ((("levels", i, "id"), level.id) for i, level in enumerate(framework.levels)), "level"
    )
    yield from _duplicates(
        ((("sections", i, "id"), s.id) for i, s in enumerate(framework.sections)), "section"
    )
    yield from _duplicates(
        (
            (("sections", i, "elements", j, "id"), e.id)
            for i, s in enumerate(framework.sections)
            for j, e in enumerate(s.elements)
        ),
        "element",
    )
    yield from _duplicates(
        ((("signals", i, "id"), s.id) for i, s in enumerate(framework.signals)), "signal"
    )
    yield from _duplicates(
        ((("indicators", i, "id"), x.id) for i, x in enumerate(framework.indicators)), "indicator"
    )


def _check_levels(framework: Framework) -> Iterator[Issue]:
    level_ids = [level.id for level in framework.levels]
    scores = [level.score for level in framework.levels]
    if scores != sorted(scores, reverse=True):
        yield Issue(("levels",), "levels must be listed best first (scores not descending)")
    rollup = framework.rollup
    section_ids = [s.id for s in framework.sections]
    scopes: list[tuple[DocPath, RollupScope]] = [(("rollup",), rollup)]
    scopes += [(("rollup", "sections", sid), scope) for sid, scope in rollup.sections.items()]
    if rollup.report is not None:
        scopes.append((("rollup", "report"), rollup.report))
    for sid in rollup.sections:
        if sid not in section_ids:
            yield Issue(("rollup", "sections", sid), _unknown("section", sid, section_ids))
    for where, scope in scopes:
        yield from _check_rollup_scope(where, scope, level_ids)


def _check_mileposts(framework: Framework) -> Iterator[Issue]:
    yield from _duplicates(
        ((("mileposts", i, "id"), m.id) for i, m in enumerate(framework.mileposts)), "milepost"
    )
    element_ids = [e.id for e in framework.elements]
    indicator_ids = [i.id for i in framework.indicators]
    for i, milepost in enumerate(framework.mileposts):
        for j, ref in enumerate(milepost.elements):
            if ref not in element_ids:
                yield Issue(("mileposts", i, "elements", j), _unknown("element", ref, element_ids))
        for j, ref in enumerate(milepost.indicators):
            if ref not in indicator_ids:
                path = ("mileposts", i, "indicators", j)
                yield Issue(path, _unknown("indicator", ref, indicator_ids))


def _check_rollup_scope(
    where: DocPath, scope: RollupScope, level_ids: list[str]
) -> Iterator[Issue]:
    for i, rule in enumerate(scope.rules):
        if rule.level not in level_ids:
            yield Issue((*where, "rules", i, "level"), _unknown("level", rule.level, level_ids))
        for j, level_id in enumerate(rule.when_all or []):
            if level_id not in level_ids:
                path = (*where, "rules", i, "when_all", j)
                yield Issue(path, _unknown("level", level_id, level_ids))
        if rule.at_least is not None and rule.at_least.level not in level_ids:
            path = (*where, "rules", i, "at_least", "level")
            yield Issue(path, _unknown("level", rule.at_least.level, level_ids))
    if scope.otherwise not in level_ids:
        yield Issue((*where, "otherwise"), _unknown("level", scope.otherwise, level_ids))


def _check_signals(
    framework: SignalSource, imported: SignalSource | None, signal_ids: list[str]
) -> Iterator[Issue]:
    known = set(signal_ids)
    yield from _check_patterns(framework)
    for i, signal in enumerate(framework.signals):
        for key in ("requires", "excludes", "requires_any_nearby"):
            for j, ref in enumerate(getattr(signal, key)):
                if ref == signal.id:
                    yield Issue(("signals", i, key, j), f"signal {ref!r} {key} itself")
                elif ref not in known:
                    yield Issue(("signals", i, key, j), _unknown("signal", ref, signal_ids))
    yield from _check_requires_cycles(framework, imported, known)


PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z][a-z_-]*)>")
"""``<month>`` in a pattern: a word list of the lexicon, written once (not a named group)."""
PLACEHOLDERS = ("month",)


def _check_patterns(framework: SignalSource) -> Iterator[Issue]:
    for i, signal in enumerate(framework.signals):
        for j, pattern in enumerate(signal.patterns):
            for name in PLACEHOLDER.findall(pattern):
                if name not in PLACEHOLDERS:
                    message = f"unknown placeholder <{name}> (known: <month>)"
                    yield Issue(("signals", i, "patterns", j), message)
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                yield Issue(("signals", i, "patterns", j), f"invalid regular expression: {exc}")


def _check_requires_cycles(
    framework: SignalSource, imported: SignalSource | None, known: set[str]
) -> Iterator[Issue]:
    graph = {s.id: list(s.requires) for s in imported.signals} if imported else {}
    graph.update({s.id: list(s.requires) for s in framework.signals})
    own = {s.id: i for i, s in enumerate(framework.signals)}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> Iterator[list[str]]:
        state[node] = 1
        trail.append(node)
        for nxt in graph.get(node, []):
            if nxt == node or nxt not in known:
                continue  # reported as self-reference or unknown signal
            if state.get(nxt) == 1:
                yield [*trail[trail.index(nxt) :], nxt]
            elif nxt not in state:
                yield from visit(nxt, trail)
        trail.pop()
        state[node] = 2

    for start in graph:
        if start in state:
            continue
        for cycle in visit(start, []):
            members = frozenset(cycle)
            if members in reported:
                continue
            reported.add(members)
            anchor = next((own[s] for s in cycle if s in own), None)
            path: DocPath = ("signals", anchor, "requires") if anchor is not None else ()
            yield Issue(path, f"signals require each other in a cycle: {' -> '.join(cycle)}")


def _check_language(
    framework: Framework, imported: SignalSource | None, signal_ids: list[str]
) -> Iterator[Issue]:
    if framework.language is not None:
        for key in ("topic", "period"):
            ref = getattr(framework.language, key)
            if ref is not None and ref not in signal_ids:
                yield Issue(("language", key), _unknown("signal", ref, signal_ids))
    elif imported is None or imported.language is None:
        yield Issue(
            ("signals_from",) if framework.signals_from is not None else (),
            "missing key 'language', and no language is imported with 'vocabulary' or "
            "'signals_from'",
            at_key=True,
        )


def _check_elements(framework: Framework, signal_ids: list[str] | None) -> Iterator[Issue]:
    """Criteria, rules and indicators of every element; signal references when ids are known."""
    level_ids = [level.id for level in framework.levels]
    lowest = framework.lowest_level.id
    rated = [level_id for level_id in level_ids if level_id != lowest]
    indicator_ids = [x.id for x in framework.indicators]
    for i, section in enumerate(framework.sections):
        for j, element in enumerate(section.elements):
            base: DocPath = ("sections", i, "elements", j)
            for key in element.criteria:
                path = (*base, "criteria", key)
                if key not in level_ids:
                    yield Issue(path, _unknown("level", key, level_ids), at_key=True)
                elif key == lowest:
                    yield Issue(path, _lowest_message("criteria", lowest), at_key=True)
            missing = [level_id for level_id in rated if level_id not in element.criteria]
            if missing:
                yield Issue(
                    (*base, "criteria"),
                    f"no criteria for level(s) {', '.join(map(repr, missing))}",
                    at_key=True,
                )
            yield from _check_rules(base, element.rules, level_ids, lowest)
            cap = element.records_at_most
            if cap is not None and cap not in level_ids:
                yield Issue((*base, "records_at_most"), _unknown("level", cap, level_ids))
            for k, rule in enumerate(element.rules if signal_ids is not None else []):
                for path, ref in _condition_refs(rule.when, (*base, "rules", k, "when")):
                    if signal_ids is not None and ref not in signal_ids:
                        yield Issue(path, _unknown("signal", ref, signal_ids))
            for k, case in enumerate(element.cases):
                if case.level not in level_ids:
                    path = (*base, "cases", k, "level")
                    yield Issue(path, _unknown("level", case.level, level_ids))
            for k, indicator_id in enumerate(element.indicators):
                if indicator_id not in indicator_ids:
                    path = (*base, "indicators", k)
                    yield Issue(path, _unknown("indicator", indicator_id, indicator_ids))


def _lowest_message(what: str, lowest: str) -> str:
    return (
        f"{what} are for levels above the lowest; {lowest!r} is the lowest level and applies "
        "when no rule holds"
    )


def _check_rules(
    base: DocPath, rules: Sequence[LevelRule], level_ids: list[str], lowest: str
) -> Iterator[Issue]:
    rank = -1
    for k, rule in enumerate(rules):
        level = rule.level
        path = (*base, "rules", k, "level")
        if level not in level_ids:
            yield Issue(path, _unknown("level", level, level_ids))
            continue
        if level == lowest:
            yield Issue(path, _lowest_message("rules", lowest))
            continue
        if level_ids.index(level) < rank:
            yield Issue(path, f"rule for {level!r} follows a lower level; list rules best first")
        rank = max(rank, level_ids.index(level))


def _condition_refs(condition: Condition, path: DocPath) -> Iterator[tuple[DocPath, str]]:
    """Every signal id a condition names, with its path."""
    if isinstance(condition, str):
        yield path, condition
    elif isinstance(condition, SignalCondition):
        yield (*path, "signal"), condition.signal
    elif isinstance(condition, FigureCondition):
        yield (*path, "figure", "metric"), condition.figure.metric
        for i, other in enumerate(condition.figure.not_counting):
            yield (*path, "figure", "not_counting", i), other
    elif isinstance(condition, AllCondition):
        for i, sub in enumerate(condition.all):
            yield from _condition_refs(sub, (*path, "all", i))
    elif isinstance(condition, AnyCondition):
        for i, sub in enumerate(condition.any):
            yield from _condition_refs(sub, (*path, "any", i))
    elif isinstance(condition, AtLeastCondition):
        for i, sub in enumerate(condition.of):
            yield from _condition_refs(sub, (*path, "of", i))


# --------------------------------------------------------------------------- cross-walks


def check_crosswalk(
    crosswalk: Crosswalk, source: Framework | None, target: Framework | None
) -> list[Issue]:
    """Problems of a cross-walk whose frameworks loaded (None: reported by the loader)."""
    issues: list[Issue] = []
    source_ids = [e.id for e in source.elements] if source else []
    target_ids = [e.id for e in target.elements] if target else []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for i, mapping in enumerate(crosswalk.mappings):
        if source is not None and mapping.source not in source_ids:
            message = _unknown(f"{source.id} element", mapping.source, source_ids)
            issues.append(Issue(("mappings", i, "source"), message))
        if target is not None:
            for j, target_id in enumerate(mapping.targets):
                if target_id not in target_ids:
                    message = _unknown(f"{target.id} element", target_id, target_ids)
                    issues.append(Issue(("mappings", i, "targets", j), message))
        for j, dup in enumerate(mapping.targets):
            if dup in mapping.targets[:j]:
                issues.append(Issue(("mappings", i, "targets", j), f"target {dup!r} listed twice"))
        key = (mapping.source, tuple(sorted(mapping.targets)))
        if key in seen:
            issues.append(
                Issue(("mappings", i), f"same source and targets as mappings[{seen[key]}]")
            )
        else:
            seen[key] = i
    return issues
