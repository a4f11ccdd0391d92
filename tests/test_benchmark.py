"""The benchmark's figures on cases whose answers are known, and on the committed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustcheck.benchmark import (
    BenchmarkResult,
    Comparison,
    format_report,
    quadratic_weighted_kappa,
    quote_in_evidence,
    run_benchmark,
)
from trustcheck.errors import UsageError

LEVELS = ["full", "partial", "none"]
CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def test_kappa_of_perfect_agreement_is_one() -> None:
    labels = ["full", "partial", "none", "full"]
    assert quadratic_weighted_kappa(labels, labels, LEVELS) == pytest.approx(1.0)


def test_kappa_penalises_distant_errors_more() -> None:
    expected = ["full", "partial", "none", "full", "none", "partial"]
    near = ["partial", "partial", "none", "full", "none", "partial"]
    far = ["none", "partial", "none", "full", "none", "partial"]
    assert quadratic_weighted_kappa(expected, near, LEVELS) > quadratic_weighted_kappa(
        expected, far, LEVELS
    )


def test_kappa_known_value() -> None:
    # 2x2 off-by-one example computed by hand: observed weighted disagreement 0.25 * 2 / 4,
    # expected from the marginals.
    expected = ["full", "none", "full", "none"]
    predicted = ["full", "none", "none", "none"]
    assert quadratic_weighted_kappa(expected, predicted, LEVELS) == pytest.approx(0.5)


def test_result_figures_and_matrix() -> None:
    result = BenchmarkResult(levels=LEVELS)
    result.comparisons = [
        Comparison("a", "t", "PS1", "full", "full", "q", True),
        Comparison("a", "t", "PS2", "partial", "none", "q", None),
        Comparison("b", "t", "PS1", "none", "none", None, None),
        Comparison("b", "t", "PS2", "partial", "partial", "q", False),
    ]
    assert result.accuracy == pytest.approx(0.75)
    assert result.confusion()["partial"]["none"] == 1
    assert result.quote_recall == pytest.approx(0.5)
    assert [c.element for c in result.disagreements] == ["PS2"]
    assert "labelled partial, trustcheck none" in format_report(result)


def test_quote_matching_is_normalised() -> None:
    assert quote_in_evidence("We use PhotoDNA.", ["Since 2019 we use PhotoDNA on uploads."])
    assert quote_in_evidence("we use  photodna", ["We use PhotoDNA."])
    assert quote_in_evidence("We use PhotoDNA on all uploads.", ["We use PhotoDNA on…"])
    assert not quote_in_evidence("We use PhotoDNA.", ["We report to NCMEC."])


def test_committed_corpus_is_fully_labelled_and_assessed() -> None:
    result = run_benchmark(CORPUS / "labels")
    assert not result.errors
    assert len({c.report for c in result.comparisons}) >= 24
    assert len(result.comparisons) == 18 * len({c.report for c in result.comparisons})
    # Floors a little under the measured figures (docs/accuracy.md): a drop below one means the
    # engine regressed.
    assert result.accuracy >= 0.95


def test_held_out_set_is_fully_labelled_and_assessed() -> None:
    result = run_benchmark(CORPUS.parent / "holdout" / "labels")
    assert not result.errors
    assert len(result.comparisons) == 18 * 24
    assert result.accuracy >= 0.88


@pytest.mark.parametrize(
    ("entry", "message"),
    [("PS9: {level: full}", "element 'PS9'"), ("PS1: {level: complete}", "level 'complete'")],
)
def test_a_label_file_naming_an_unknown_element_or_level_is_refused(
    tmp_path: Path, entry: str, message: str
) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "x.yaml").write_text(
        f"report: reports/x.md\nframework: trust\nelements:\n  {entry}\n", encoding="utf-8"
    )
    with pytest.raises(UsageError, match=message):
        run_benchmark(labels)
