"""Clause bounds: the nearest break before a span and the nearest break after it (breaks are
normalised like the text, so their outer spaces go)."""

from __future__ import annotations

import pytest

from trustcheck.framework.models import Language
from trustcheck.match.clauses import ClauseReader

READER = ClauseReader(
    Language(topic="csea", clause_breaks=[";", ", and ", " and we ", " but ", ":"]),
)
TEXT = (
    "we scan uploads; we hash images, and flag matches and we report them but we do not scan: ever"
)


def _bounds(needle: str, coordination: bool = True) -> str:
    start = TEXT.index(needle)
    left, right = READER.clause(TEXT, start, start + len(needle), coordination=coordination)
    return TEXT[left:right]


@pytest.mark.parametrize(
    ("needle", "clause"),
    [
        ("scan uploads", "we scan uploads"),
        ("hash", " we hash images"),
        ("flag", " flag matches "),
        ("report", " report them "),  # "and we" ends after "and"
        ("do not scan", " we do not scan"),
        ("ever", " ever"),
    ],
)
def test_clause_around_a_span(needle: str, clause: str) -> None:
    assert _bounds(needle) == clause


def test_without_coordination_and_does_not_break() -> None:
    assert _bounds("hash", coordination=False) == " we hash images, and flag matches "


def test_the_same_text_asked_twice_gives_the_same_bounds() -> None:
    first = [READER.clause(TEXT, i, i + 3) for i in range(len(TEXT) - 3)]
    assert [READER.clause(TEXT, i, i + 3) for i in range(len(TEXT) - 3)] == first
    assert READER.clause(TEXT, 0, 0) == (0, TEXT.index(";"))
    assert READER.clause("no breaks here", 3, 5) == (0, len("no breaks here"))
