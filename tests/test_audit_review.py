"""Roll-up rules from the framework file, and reviewer decisions applied by ``apply_review``."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from trustcheck import AuditError, ReviewDecision, apply_review, assess, load_framework
from trustcheck.assessment.models import Assessment
from trustcheck.framework.models import Rollup, RollupRule, Threshold

ORDER = ["full", "partial", "none"]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "corpus" / "reports"


def test_at_least_count_and_share() -> None:
    count = RollupRule(level="partial", at_least=Threshold(level="partial", count=2))
    assert count.holds(["full", "none", "none"], ORDER) is False
    assert count.holds(["full", "partial", "none"], ORDER) is True
    share = RollupRule(level="partial", at_least=Threshold(level="partial", share=0.5))
    assert share.holds(["partial", "none", "none"], ORDER) is False
    assert share.holds(["partial", "none"], ORDER) is True
    assert share.holds([], ORDER) is False
    both = RollupRule(
        level="full", when_all=["full", "partial"], at_least=Threshold(level="full", share=0.75)
    )
    assert both.holds(["full", "full", "full", "partial"], ORDER) is True
    assert both.holds(["full", "full", "full", "full", "none"], ORDER) is False


def test_a_threshold_needs_one_bound_and_a_rule_a_condition() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        Threshold(level="full", count=1, share=0.5)
    with pytest.raises(ValidationError, match="needs"):
        RollupRule(level="full")


def test_section_overrides_and_report_over_elements() -> None:
    rollup = Rollup.model_validate(
        {
            "rules": [{"level": "full", "when_all": ["full"]}],
            "otherwise": "none",
            "sections": {"OUT": {"rules": [], "otherwise": "partial"}},
            "report": {
                "over": "elements",
                "rules": [{"level": "partial", "at_least": {"count": 3, "level": "partial"}}],
                "otherwise": "none",
            },
        }
    )
    assert rollup.section_level("PP", ["full", "partial"], ORDER) == "none"
    assert rollup.section_level("OUT", ["full", "partial"], ORDER) == "partial"
    assert rollup.report_level(["none"], ["partial", "full", "partial"], ORDER) == "partial"
    assert rollup.report_level(["full"], ["partial", "none", "none"], ORDER) == "none"


def test_unknown_levels_and_sections_in_rollup_are_named(tmp_path: Path) -> None:
    from trustcheck import FrameworkError, validate_file

    text = (Path(__file__).parent.parent / "frameworks" / "trust.yaml").read_text("utf-8")
    text = text.replace(
        "  report:\n    over: elements",
        "  sections:\n    ZZ: {otherwise: none}\n  report:\n    over: elements",
    ).replace("at_least: {share: 0.75, level: full}", "at_least: {share: 0.75, level: best}")
    path = tmp_path / "trust-edit.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    problems = "\n".join(caught.value.problems)
    assert "rollup.sections.ZZ" in problems and "'best'" in problems
    assert validate_file(path)  # the same problems, as a list


@pytest.fixture(scope="module")
def kestrel() -> Assessment:
    return assess(FIXTURES / "kestrel-2024-csam-transparency.pdf")


def _decision(level: str, machine: str, status: str = "accepted") -> ReviewDecision:
    return ReviewDecision(
        level=level, reason="checked by hand", reviewer="ana", status=status, machine_level=machine
    )  # type: ignore[arg-type]


def test_apply_review_recomputes_element_section_and_report(kestrel: Assessment) -> None:
    framework = load_framework("trust")
    low = [e for e in kestrel.elements if e.level == "none"]
    assert len(low) >= 2
    decisions = {e.id.lower(): _decision("full", e.level) for e in low}
    reviewed = apply_review(kestrel, framework, decisions)
    for element in low:
        after = reviewed.element(element.id)
        assert (after.level, after.score) == ("none", 0.0)  # the machine's, kept
        assert (after.final_level, after.final_score) == ("full", 100.0)
    for section in reviewed.sections:
        expected = sum(e.final_score for e in section.elements) / len(section.elements)
        assert section.final_score == round(expected, 1)
        assert section.score == next(s for s in kestrel.sections if s.id == section.id).score
    assert reviewed.score == kestrel.score and reviewed.level == kestrel.level
    assert reviewed.final_score > kestrel.score
    assert reviewed.reviewed is not None and reviewed.reviewed.decisions == len(low)
    assert sum(reviewed.final_counts.values()) == len(kestrel.elements)
    assert reviewed.final_counts["none"] == kestrel.counts["none"] - len(low)
    # Everything up is the same roll-up as the engine's, on the final levels.
    everything_full = apply_review(
        kestrel, framework, {e.id: _decision("full", e.level) for e in kestrel.elements}
    )
    assert everything_full.final_level == "full" and everything_full.final_score == 100.0


def test_only_accepted_decisions_move_levels(kestrel: Assessment) -> None:
    framework = load_framework("trust")
    element = next(e for e in kestrel.elements if e.level == "none")
    pending = apply_review(
        kestrel, framework, {element.id: _decision("full", "none", "under-review")}
    )
    assert pending.element(element.id).final_level == "none"
    assert pending.element(element.id).decision is not None
    assert pending.final_score == kestrel.score
    # Without decisions, nothing is reviewed and the machine's values are the final ones.
    plain = apply_review(pending, framework, {element.id: _decision("none", "none")})
    again = apply_review(kestrel, framework)
    assert again.reviewed is None and again.final_level == kestrel.level
    assert plain.element(element.id).final_level == "none"


def test_apply_review_refuses_what_it_cannot_apply(kestrel: Assessment) -> None:
    framework = load_framework("trust")
    with pytest.raises(AuditError, match="no element XX9"):
        apply_review(kestrel, framework, {"XX9": _decision("full", "none")})
    with pytest.raises(AuditError, match="level 'great'"):
        apply_review(kestrel, framework, {"SC1": _decision("great", "none")})
    with pytest.raises(AuditError, match="not 'weprotect"):
        apply_review(kestrel, load_framework("weprotect-industry"))


def _imports(module: str) -> set[str]:
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_layering_of_review_and_rollup() -> None:
    """Decisions never import the loader that reads them back (no cycle, even a lazy one); the
    roll-up is the framework's, and the engine only calls it."""
    assert "trustcheck.audit.load" not in _imports("trustcheck.audit.decisions")
    assert "trustcheck.audit.load" not in _imports("trustcheck.audit.review")
    import trustcheck.assessment.engine as engine

    assert not hasattr(engine, "rollup")
    assert {"section_level", "report_level"} <= set(dir(Rollup))
