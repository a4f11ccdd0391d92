"""The literal prefilter only ever skips texts a signal's regex cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trustcheck import load_framework, read_document
from trustcheck.framework.models import Signal
from trustcheck.match.prefilter import LiteralIndex, may_match, required_literals
from trustcheck.match.signal_regex import signal_regex
from trustcheck.match.signals import compile_signal
from trustcheck.match.units import build_units

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus" / "reports"


def test_literals_of_terms_and_patterns() -> None:
    regex = re.compile(r"(?<![a-z])photo[\s-]*dna(?![a-z])|\bchild(?:ren)? (?:sexual|sex)\b", re.I)
    assert required_literals(regex) == frozenset({"photo", "child"})
    assert required_literals(re.compile(r"(?:Hash|hashes)+ matching")) == frozenset({" matching"})


def test_no_literals_means_no_filtering() -> None:
    regex = re.compile(r"\bhash\b|\d{4,}")  # the second branch has no letters to look for
    assert required_literals(regex) is None
    assert may_match(None, "nothing here")


def test_case_and_non_ascii_text() -> None:
    literals = required_literals(re.compile(r"\bcsam\b", re.I))
    assert not may_match(literals, "no such word")
    assert may_match(literals, "CSAM reports")
    # outside ASCII, IGNORECASE has exceptions (the long s matches s): never skip
    long_s = re.compile("(?i)\u017ftop")  # a pattern's long s matches an ASCII s
    assert long_s.search("stop") is not None
    assert may_match(required_literals(long_s), "stop")
    stop = re.compile(r"(?i)stop")
    assert stop.search("ſtop") is not None
    assert may_match(required_literals(stop), "ſtop")


@pytest.mark.parametrize("framework", ["trust", "voluntary-principles", "weprotect-industry"])
def test_index_never_skips_a_text_the_regex_matches(framework: str) -> None:
    units = [
        unit
        for name in (
            "northwind-2024-csea-report.pdf",
            "quillpost-how-we-fight-csam.html",
            "stratabox-2024-annual-csam-report.md",
        )
        for unit in build_units(read_document(CORPUS / name))
    ]
    regexes = {
        signal.id: regex
        for signal in load_framework(framework).signals
        if (regex := compile_signal(signal)) is not None
    }
    index = LiteralIndex(
        {sid: required_literals(regex) for sid, regex in regexes.items()},
        (text for unit in units for text in (unit.norm, unit.lead_in, unit.heading)),
    )
    texts = {text for unit in units for text in (unit.norm, unit.lead_in, unit.context)}
    skipped = 0
    for sid, regex in regexes.items():
        for text in texts:
            if not index.may_match(sid, text):
                skipped += 1
                assert regex.search(text) is None, (sid, text)
    assert skipped > len(texts) * len(regexes) // 2  # and it does skip most of them


def test_scanning_only_the_branches_a_text_can_match_finds_the_same_spans() -> None:
    regex = signal_regex(
        Signal(
            id="x",
            description="test",
            terms=["photo dna", "hash", "hash matching"],
            patterns=[r"\bmatch(?:ed|ing)? against\b"],
        )
    )
    assert regex is not None and regex.separable
    text = "we use hash matching and photodna hashes; images are matched against hash lists"
    whole = [m.span() for m in regex.regex.finditer(text)]
    assert regex.spans(text, (0, 1, 2, 3)) == whole
    # "hash" comes before "hash matching", so the alternation takes the shorter one
    assert (7, 11) in whole
    assert regex.spans(text, (0, 1, 3)) == whole  # the longer term never wins here
    assert regex.spans(text, (0,)) == [(25, 33)]


def test_a_pattern_that_refers_to_a_group_is_scanned_whole() -> None:
    regex = signal_regex(Signal(id="x", description="test", terms=["csam"], patterns=[r"(a)\1"]))
    assert regex is not None and not regex.separable
    assert regex.spans("csam aa", (0,)) == [(0, 4), (5, 7)]
