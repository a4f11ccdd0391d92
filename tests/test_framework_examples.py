"""The examples of every signal and the cases of every element, and ``frameworks test``.

One parametrised test runs every example and case the bundled frameworks carry, so a change to a
term, a pattern or a rule that breaks one is named here by signal or element. The other tests pin
what an analyst sees when one breaks: the file and line of the example or case that failed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cli_runner import run
from trustcheck import Framework, FrameworkError, load_framework
from trustcheck.assessment.engine import assess_document
from trustcheck.assessment.framework_tests import read_example
from trustcheck.framework.models import Signal
from trustcheck.ingest import read_document

ROOT = Path(__file__).parent.parent / "frameworks"
FRAMEWORKS = (
    "trust",
    "voluntary-principles",
    "weprotect-industry",
    str(Path(__file__).parent / "data" / "engine" / "framework.yaml"),
)
"""The bundled frameworks, and the small one the engine tests are written against."""
DOCS = Path(__file__).parent.parent / "docs"
EXPECTED = {"match": "practice", "no_match": "absent", "denied": "denied", "planned": "planned"}


def _examples() -> list[object]:
    params: list[object] = []
    seen: set[tuple[str, str, str]] = set()
    for framework_id in FRAMEWORKS:
        framework = load_framework(framework_id)
        for signal in framework.signals:
            for kind, texts in (signal.examples.model_dump() if signal.examples else {}).items():
                for j, text in enumerate(texts):
                    if (signal.id, kind, text) in seen:
                        continue  # a shared vocabulary's examples run once
                    seen.add((signal.id, kind, text))
                    name = f"{framework.id}:{signal.id}:{kind}[{j}]"
                    params.append(pytest.param(framework_id, signal.id, kind, text, id=name))
    return params


def _cases() -> list[object]:
    params: list[object] = []
    for framework_id in FRAMEWORKS:
        framework = load_framework(framework_id)
        for element in framework.elements:
            for k, case in enumerate(element.cases):
                name = f"{framework.id}:{element.id}[{k}]"
                params.append(
                    pytest.param(framework_id, element.id, case.text, case.level, id=name)
                )
    return params


@pytest.mark.parametrize(("framework_id", "signal_id", "kind", "text"), _examples())
def test_signal_example(framework_id: str, signal_id: str, kind: str, text: str) -> None:
    framework = load_framework(framework_id)
    assert read_example(framework, signal_id, text) == EXPECTED[kind]


@pytest.mark.parametrize(("framework_id", "element_id", "text", "level"), _cases())
def test_element_case(framework_id: str, element_id: str, text: str, level: str) -> None:
    document = read_document(text.encode("utf-8"), name="case", ocr=False)
    result = assess_document(document, load_framework(framework_id)).element(element_id)
    assert result.level == level, result.missing


def _tested(signal: Signal) -> bool:
    return signal.examples is not None and bool(signal.examples.match and signal.examples.no_match)


def test_every_trust_signal_has_examples_and_every_element_cases() -> None:
    trust: Framework = load_framework("trust")
    assert [s.id for s in trust.signals if not _tested(s)] == []
    for element in trust.elements:
        levels = {case.level for case in element.cases}
        assert len(levels) >= 2, f"{element.id} needs cases for two levels or more"


def test_frameworks_test_passes_on_trust(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "frameworks", "test", "trust")
    assert (code, err) == (0, "")
    summary = re.fullmatch(r"trust: (\d+) signal examples, (\d+) element cases, 0 failed\n", out)
    assert summary is not None, out
    assert int(summary[1]) > 200 and int(summary[2]) >= 36


def _copy_bundled(tmp_path: Path) -> tuple[Path, Path]:
    """trust.yaml and its vocabulary, copied where an analyst would edit them."""
    framework = tmp_path / "frameworks" / "trust.yaml"
    vocabulary = tmp_path / "frameworks" / "vocabularies" / "csea.yaml"
    vocabulary.parent.mkdir(parents=True)
    shutil.copy(ROOT / "trust.yaml", framework)
    shutil.copy(ROOT / "vocabularies" / "csea.yaml", vocabulary)
    return framework, vocabulary


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _documented_session() -> tuple[str, list[str]]:
    """The command and output docs/frameworks.md shows for a removed term."""
    text = (DOCS / "frameworks.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```console\n\$ (.*?)\n(.*?)```", text, re.S)
    return block[0], block[1].splitlines()


def test_a_removed_term_fails_the_example_that_needs_it_as_the_docs_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, vocabulary = _copy_bundled(tmp_path)
    text = vocabulary.read_text(encoding="utf-8")
    edited = text.replace("terms: [CSAI Match, SSVH,", "terms: [SSVH,")
    assert edited != text
    vocabulary.write_text(edited, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "frameworks", "test", "frameworks/trust.yaml")
    assert (code, err) == (1, "")
    command, output = _documented_session()
    assert command == "trustcheck frameworks test trust"
    # as the docs show it, but for the line number, which moves as the vocabulary is edited
    unnumbered = re.compile(r"(?<=\.yaml):\d+:")
    assert [unnumbered.sub(":N:", x) for x in out.splitlines()] == [
        unnumbered.sub(":N:", x) for x in output
    ]
    # the line named is the line of the example
    line = int(out.splitlines()[0].split(":")[1])
    assert vocabulary.read_text(encoding="utf-8").splitlines()[line - 1] == (
        '        - "Videos are checked with CSAI Match."'
    )


def test_a_case_that_no_longer_holds_fails_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    framework, _ = _copy_bundled(tmp_path)
    text = framework.read_text(encoding="utf-8")
    needle = 'text: "We use hash matching to find known CSAM."'
    framework.write_text(text.replace(needle, 'text: "We look for CSAM."'), encoding="utf-8")
    monkeypatch.chdir(framework.parent)
    code, out, _ = run(capsys, "frameworks", "test", "trust.yaml")
    line = _line_of(framework, 'text: "We look for CSAM."')
    assert code == 1
    failures = [f for f in out.splitlines() if f.startswith("trust.yaml:")]
    assert len(failures) == 1
    assert failures[0].startswith(
        f"trust.yaml:{line}: element PS1 case 2: expected 'partial', got 'none'"
    )


def test_a_case_with_an_unknown_level_is_a_framework_problem(tmp_path: Path) -> None:
    framework, _ = _copy_bundled(tmp_path)
    text = framework.read_text(encoding="utf-8")
    framework.write_text(
        text.replace(
            "- level: partial\n            text:", "- level: partal\n            text:", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError, match=r"cases\[1\]\.level: unknown level 'partal'"):
        load_framework(framework)


def test_frameworks_test_reports_an_unloadable_framework_and_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "frameworks", "test", "no-such-framework", "trust")
    assert code == 2
    assert err.startswith("no bundled framework 'no-such-framework'")
    assert out.startswith("trust: ")


def test_what_is_untested_is_counted_in_the_summary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).parent / "data" / "frameworks")
    code, out, err = run(capsys, "frameworks", "test", "uses_vocabulary.yaml")
    assert (code, err) == (0, "")
    assert out == (
        "uses_vocabulary: 0 signal examples, 0 element cases, 0 failed "
        "(4 signals without examples; 1 element without cases)\n"
    )
