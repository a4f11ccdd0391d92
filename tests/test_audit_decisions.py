"""Reviewer decisions: append-only, latest wins, checked, and flagged stale when evidence goes."""

import json
import shutil
from pathlib import Path

import pytest

from trustcheck import load_audit, record_decision, run_audit, summarise_audit
from trustcheck.cli.main import main
from trustcheck.errors import AuditError

REPORT = (
    Path(__file__).parent.parent
    / "fixtures"
    / "corpus"
    / "reports"
    / "inkwell-2024-cybertipline-summary.md"
)
APPEAL = "Account holders whose accounts are disabled can appeal."


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One audit of one member, assessed once for the module (assessing starts a worker)."""
    folder = tmp_path_factory.mktemp("assessed")
    shutil.copy(REPORT, folder / "inkwell.md")
    (folder / "audit.yaml").write_text(
        "year: 2024\nmembers:\n  - {member: Inkwell, source: inkwell.md}\n", encoding="utf-8"
    )
    run_audit(folder / "audit.yaml", folder / "audit", jobs=1)
    return folder


@pytest.fixture
def audit_dir(assessed: Path, tmp_path: Path) -> Path:
    shutil.copytree(assessed, tmp_path, dirs_exist_ok=True)
    return tmp_path / "audit"


def test_decisions_are_appended_and_the_latest_wins(audit_dir: Path) -> None:
    record_decision(audit_dir, "Inkwell", "PS6", level="full", reason="clear", reviewer="ana")
    entry = record_decision(
        audit_dir, "inkwell", "ps6", level="none", reason="  on second   reading ", reviewer="bo"
    )
    assert (entry.old_level, entry.machine_level, entry.reason) == (
        "full",
        "partial",
        "on second reading",
    )
    lines = (audit_dir / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["reviewer"] for line in lines] == ["ana", "bo"]
    element = load_audit(audit_dir).member("Inkwell").assessment.element("PS6")  # type: ignore[union-attr]
    assert element.level == "partial" and element.final_level == "none"
    assert element.decision is not None and element.decision.reviewer == "bo"
    assert element.decision.evidence_anchor == element.evidence[0].anchor
    assert element.decision.timestamp.endswith("+00:00")


def test_only_accepted_decisions_change_the_final_level(audit_dir: Path) -> None:
    record_decision(audit_dir, "Inkwell", "PS6", level="full", reason="r", status="under-review")
    element = load_audit(audit_dir).member("Inkwell").assessment.element("PS6")  # type: ignore[union-attr]
    assert element.decision is not None and element.decision.status == "under-review"
    assert element.final_level == "partial"


@pytest.mark.parametrize(
    ("member", "element", "level", "reason", "message"),
    [
        ("Nobody", "PS6", "full", "r", "no member"),
        ("Inkwell", "ZZ9", "full", "r", "no element"),
        ("Inkwell", "PS6", "great", "r", "not one of full, partial, none"),
        ("Inkwell", "PS6", "full", "   ", "needs a reason"),
    ],
)
def test_bad_decisions_are_refused(
    audit_dir: Path, member: str, element: str, level: str, reason: str, message: str
) -> None:
    with pytest.raises(AuditError, match=message):
        record_decision(audit_dir, member, element, level=level, reason=reason)
    assert not (audit_dir / "decisions.jsonl").exists()


def test_reviewer_defaults_to_the_environment(
    audit_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTCHECK_REVIEWER", "carmen")
    assert (
        record_decision(audit_dir, "Inkwell", "PS6", level="full", reason="r").reviewer == "carmen"
    )


def test_a_malformed_log_line_is_named(audit_dir: Path) -> None:
    record_decision(audit_dir, "Inkwell", "PS6", level="full", reason="r")
    with (audit_dir / "decisions.jsonl").open("a", encoding="utf-8") as log:
        log.write("{not json\n")
    with pytest.raises(AuditError, match=r"decisions.jsonl:2"):
        load_audit(audit_dir)


def test_decision_goes_stale_when_its_evidence_leaves_the_document(
    audit_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_decision(audit_dir, "Inkwell", "PS6", level="full", reason="appeals", reviewer="ana")
    record_decision(audit_dir, "Inkwell", "PS1", level="partial", reason="hashing", reviewer="ana")
    record_decision(audit_dir, "Inkwell", "PP1", level="partial", reason="implied", reviewer="ana")
    report = audit_dir.parent / "inkwell.md"
    text = report.read_text(encoding="utf-8")
    assert APPEAL in text
    report.write_text(text.replace(APPEAL, ""), encoding="utf-8")
    log_before = (audit_dir / "decisions.jsonl").read_bytes()

    run = run_audit(audit_dir.parent / "audit.yaml", audit_dir, jobs=1)
    assert run.assessed == 1 and run.from_cache == 0

    assessment = load_audit(audit_dir).member("Inkwell").assessment
    assert assessment is not None
    ps6, ps1, pp1 = (assessment.element(e) for e in ("PS6", "PS1", "PP1"))
    assert ps6.decision is not None and ps6.decision.stale
    assert ps1.decision is not None and not ps1.decision.stale
    assert pp1.decision is not None and not pp1.decision.stale
    assert (audit_dir / "decisions.jsonl").read_bytes() == log_before
    assert summarise_audit(load_audit(audit_dir)).stale_decisions == 1

    with pytest.raises(SystemExit) as exit_info:
        main(["summary", str(audit_dir)])
    assert exit_info.value.code == 4  # review needed
    assert "1 reviewer decision(s) are stale" in capsys.readouterr().err


def test_review_command_records_and_shows(
    audit_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["review", str(audit_dir), "Inkwell", "PS6", "--level", "full", "--reason", "ok"])
    assert "machine partial, decision full (accepted)" in capsys.readouterr().out
    main(["review", str(audit_dir), "Inkwell", "PS6"])
    shown = capsys.readouterr().out
    assert "machine" in shown and "decision" in shown and APPEAL[:30] in shown
    with pytest.raises(SystemExit) as exit_info:
        main(["review", str(audit_dir), "Inkwell", "PS6", "--level", "full"])
    assert exit_info.value.code == 2
    assert "needs MEMBER, ELEMENT, --level and --reason" in capsys.readouterr().err


def test_export_sarif_carries_accepted_decisions_as_suppressions(
    audit_dir: Path, tmp_path: Path
) -> None:
    record_decision(
        audit_dir, "Inkwell", "PS6", level="full", reason="route on p.2", reviewer="ana"
    )
    out = tmp_path / "audit.sarif"
    main(["export", str(audit_dir), "--format", "sarif", "-o", str(out)])
    sarif = json.loads(out.read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    ps6 = [r for r in results if r.get("ruleId") == "PS6"]
    assert ps6, "the machine verdict below full is still a result"
    suppression = ps6[0]["suppressions"][0]
    assert suppression["justification"].startswith("route on p.2")
    assert suppression["status"] == "accepted"
    others = [r for r in results if r.get("ruleId") != "PS6"]
    assert all(not r.get("suppressions") for r in others)


def test_export_unknown_member_is_an_error(
    audit_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(audit_dir), "--member", "Nobody"])
    assert exit_info.value.code == 2
    assert "Nobody" in capsys.readouterr().err


def test_decisions_roll_up_to_the_member_level(audit_dir: Path) -> None:
    member = load_audit(audit_dir).member("Inkwell")
    assert member.machine_level == "partial"
    below_full = [e.id for e in member.assessment.elements if e.level != "full"]  # type: ignore[union-attr]
    for element in below_full:
        record_decision(audit_dir, "Inkwell", element, level="full", reason="annex", reviewer="ana")
    member = load_audit(audit_dir).member("Inkwell")
    assert (member.machine_level, member.final_level) == ("partial", "full")
    figures = summarise_audit(load_audit(audit_dir))
    assert figures.report_levels["full"] == figures.report_levels_machine["full"] + 1
