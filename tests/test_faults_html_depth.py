"""Deep HTML in every spelling the parser accepts is refused before it is parsed.

Each page nests 200,000 elements: parsed, it would hold the worker for minutes in C code no
time limit reaches. The check reads the tags once, as the parser would, and refuses it at once.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cli_runner import run
from fixture_scripts import make_faults
from trustcheck import UnreadableDocument, read_document
from trustcheck.ingest.html_depth import check_nesting


@pytest.mark.parametrize("spelling", sorted(make_faults.DEEP_HTML_SPELLINGS))
def test_deep_html_is_refused_whatever_its_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    path = tmp_path / "deep.html"
    path.write_bytes(b"".join(make_faults.deep_html_spelled(spelling)))
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match=r"nests HTML elements 20000[01] deep"):
        read_document(path)
    assert time.monotonic() - started < 60  # parsing it would take many minutes
    code, _, err = run(capsys, str(path), "--max-seconds", "60")
    assert code == 2
    assert err.startswith(f"error[E302]: {path} nests HTML elements ")


@pytest.mark.parametrize(
    "page",
    [
        "<svg>" + "<path d='M0 0'/>" * 2000 + "</svg>",  # SVG closes its own elements
        "<iframe>" + "<div>" * 2000 + "</iframe>",  # raw text, as the parser reads it
        "<noembed>" + "<div>" * 2000 + "</noembed>",
        "<plaintext>" + "<div>" * 2000,
        "<br/><img src=x />" * 2000,
        "<!-- -->" + "<div></div>" * 2000,
    ],
)
def test_wide_or_skipped_markup_is_not_mistaken_for_deep(page: str) -> None:
    check_nesting(f"<!DOCTYPE html><html><body>{page}</body></html>", "wide.html")
