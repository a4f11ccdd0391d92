"""The lexicon: a language's general words are data, and the matchers follow them."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustcheck import FrameworkError, load_framework
from trustcheck.framework.loader import load_lexicon, validate_file
from trustcheck.match.figures import find_figures, find_period
from trustcheck.match.lexicon import compile_lexicon, lexicon
from trustcheck.match.text import split_sentences

ENGLISH = load_lexicon("en")


def test_the_bundled_frameworks_read_english() -> None:
    for framework_id in ("trust", "voluntary-principles", "weprotect-industry"):
        language = load_framework(framework_id).language
        assert language is not None and language.lexicon == "en"


def test_months_come_from_the_lexicon() -> None:
    assert find_period("figures for maerz") is None
    words = compile_lexicon(ENGLISH.model_copy(update={"months": [*ENGLISH.months, "maerz"]}))
    assert find_period("figures for maerz", words) == "maerz"


def test_what_follows_a_number_decides_whether_it_is_a_figure() -> None:
    assert find_figures("removed within 48 hours") == []
    words = compile_lexicon(
        ENGLISH.model_copy(update={"not_figure_after": ["minutes"], "not_figure_before": ["box"]})
    )
    assert [f.text for f in find_figures("removed within 48 hours", (), words)] == ["48"]


def test_abbreviations_come_from_the_lexicon() -> None:
    text = "We use tools, e.g. PhotoDNA. We report."
    assert split_sentences(text) == ["We use tools, e.g. PhotoDNA.", "We report."]
    assert split_sentences(text, frozenset({"etc"})) == [
        "We use tools, e.g.",
        "PhotoDNA.",
        "We report.",
    ]


def test_a_denial_that_is_none_comes_from_the_lexicon() -> None:
    english = lexicon()
    assert english.not_a_denial.match("we do not allow csam", 3)
    assert english.after_denial.match(" is not used")
    assert not english.after_denial.match(" is not only used")


def test_an_unknown_lexicon_is_a_located_problem(tmp_path: Path) -> None:
    vocabulary = Path(__file__).parent / "data" / "frameworks" / "vocabularies" / "small.yaml"
    text = vocabulary.read_text(encoding="utf-8").replace(
        "  topic: csea\n", "  topic: csea\n  lexicon: fr\n"
    )
    path = tmp_path / "small.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_file(path)
    assert len(problems) == 1 and problems[0].endswith(":7: language.lexicon: unknown lexicon 'fr'")


def test_a_lexicon_file_is_checked_like_any_other(tmp_path: Path) -> None:
    bundled = Path(__file__).parent.parent / "frameworks" / "lexicons" / "en.yaml"
    assert validate_file(bundled) == []
    broken = tmp_path / "en.yaml"
    broken.write_text(
        bundled.read_text(encoding="utf-8").replace("months: [january,", "mnths: [january,")
    )
    problems = validate_file(broken)
    assert any("unknown key 'mnths'; did you mean 'months'?" in p for p in problems)
    with pytest.raises(FrameworkError):
        load_lexicon(broken)


def test_months_are_written_once_and_patterns_name_them() -> None:
    vocabulary = Path(__file__).parent.parent / "frameworks" / "vocabularies" / "csea.yaml"
    assert "jan|feb" not in vocabulary.read_text(encoding="utf-8")
    [first, *_] = load_framework("trust").signal("reporting_period").patterns
    assert first.startswith(rf"\b{ENGLISH.month_pattern()}")


def test_an_unknown_placeholder_is_a_located_problem(tmp_path: Path) -> None:
    vocabulary = Path(__file__).parent / "data" / "frameworks" / "vocabularies" / "small.yaml"
    text = vocabulary.read_text(encoding="utf-8").replace(
        "    terms: [NCMEC, IWF]\n", "    terms: [NCMEC, IWF]\n    patterns: ['<mnth> list']\n"
    )
    path = tmp_path / "small.yaml"
    path.write_text(text, encoding="utf-8")
    assert [p.split(": ", 1)[1] for p in validate_file(path)] == [
        "signals[2].patterns[0]: unknown placeholder <mnth> (known: <month>)"
    ]
