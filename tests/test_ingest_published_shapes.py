"""Reading what members publish: converted text, script-data tables, styled headings, footnotes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cli_runner import run
from trustcheck import PassageKind, assess, read_document
from trustcheck.ingest.normalize import clean
from trustcheck.match.figures import find_figures

ROOT = Path(__file__).resolve().parent.parent
INGEST = ROOT / "fixtures" / "ingest"
REAL = ROOT.parent / "shared" / "corpus" / "real"


def _kinds(path: Path) -> list[tuple[str, str]]:
    return [(p.kind.value, p.text) for p in read_document(path).passages]


# Text converted from PDF --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["converted_report.txt", "converted_report.md"])
def test_converted_text_rejoins_sentences_and_keeps_furniture_apart(name: str) -> None:
    doc = read_document(INGEST / name)
    paragraphs = [p for p in doc.passages if p.kind == PassageKind.PARAGRAPH]
    # a sentence wrapped with a blank line inside it, and across a page break with a page
    # number, a running header and a banner between its halves, is one passage again
    assert paragraphs[0].text.startswith(
        "Example Platform runs a programme of 40 members who work on the removal of abuse "
        "material and the protection of children across every service we run"
    )
    assert paragraphs[1].text == (
        "We prohibit child sexual abuse material and the grooming of children on every surface "
        "of the service, and we detect known material with hash matching before it is shown to "
        "anyone. The rules and their enforcement are set out in our community standards."
    )
    assert paragraphs[1].heading_path[-1] == "2 Child safety"
    furniture = [p.text for p in doc.passages if p.kind == PassageKind.FURNITURE]
    assert furniture.count("Example Platform Risk Assessment 2025") == 3
    assert furniture.count("CONFIDENTIAL") == 3
    assert [t for t in furniture if t.isdigit()] == ["1", "2", "3"]
    assert "1 Introduction ........................................ 2" in furniture
    assert not any("...." in p.text for p in paragraphs)
    contents = next(p for p in doc.passages if p.text == "Contents")
    assert contents.kind == PassageKind.HEADING
    assert all("Contents" not in p.heading_path for p in paragraphs)  # the body is not under it
    # a figure glued to the next word is split, so it keeps its metric
    assert "removed 1,234 Reports of child sexual abuse material" in paragraphs[2].text
    # the footnote at the page's foot is not joined to the paragraph above it
    assert (
        paragraphs[-1].text == "1 The standards are published on the Example Platform help centre."
    )


def test_words_hyphenated_at_a_line_break_are_joined_in_text_and_markdown() -> None:
    for name, text in (
        ("wrapped.md", "# Report\n\nWe work on the pro-\ntection of children.\n"),
        (
            "wrapped.txt",
            "We work on the pro-\ntection of children.\n\nAnd on the pro-\n\ntection.\n",
        ),
    ):
        doc = read_document(text.encode(), name=name)
        assert "We work on the protection of children." in doc.text, name
    assert "And on the protection." in doc.text  # across a blank line too


def test_glued_figures_are_split_but_markers_and_codes_are_not() -> None:
    assert clean("We received 1,234Reports") == "We received 1,234 Reports"
    assert clean("accounts1,204 were closed") == "accounts 1,204 were closed"
    assert clean("legislation1 which aims") == "legislation1 which aims"
    assert clean("H264Codec, MP4Video, 4K and 2FA") == "H264Codec, MP4Video, 4K and 2FA"


def test_repeated_table_labels_and_chapter_headings_are_not_running_furniture() -> None:
    pages = []
    for page in range(1, 9):
        body = "\n\n".join(f"Line {n} of the text on page {page} ends here." for n in range(9))
        pages.append(f"{page}\n\nExample Platform 2025\n\n{body}")
        if page in (3, 6):
            pages.append("C. Mitigation measures\n\nWe act on every report we receive.")
    text = "\n\n".join(pages) + "\n"
    doc = read_document(text.encode(), name="wrapped.txt")
    furniture = {p.text for p in doc.passages if p.kind == PassageKind.FURNITURE}
    assert "Example Platform 2025" in furniture
    headings = [p.text for p in doc.passages if p.kind == PassageKind.HEADING]
    assert headings == ["C. Mitigation measures", "C. Mitigation measures"]


@pytest.mark.skipif(not REAL.is_dir(), reason="the real corpus is not on this machine")
def test_real_converted_reports_read_as_sentences() -> None:
    zalando = read_document(REAL / "zalando_2024_dsa_risk_report.md")
    first = next(
        p for p in zalando.passages if p.kind == PassageKind.PARAGRAPH and len(p.text) > 200
    )
    assert first.text.count(". ") >= 3  # wrapped lines joined into whole sentences
    temu = read_document(REAL / "temu_2025_dsa_risk_report.md")
    protection = [p for p in temu.passages if "Protection of Minors" in " ".join(p.heading_path)]
    assert protection, "the body is read under its own headings, not under the contents"
    xnxx = read_document(REAL / "xnxx_2024_dsa_risk_report.md")
    banners = [p for p in xnxx.passages if "CONFIDENTIAL" in p.text]
    assert banners and all(p.kind == PassageKind.FURNITURE for p in banners)


# Tables in script data --------------------------------------------------------------------------


def test_apollo_cache_rows_become_records_with_labels_and_headers() -> None:
    doc = read_document(INGEST / "apollo_cache.html")
    rows = [p for p in doc.passages if p.kind == PassageKind.TABLE_ROW]
    csea = rows[0]
    assert csea.cells == ("Child sexual exploitation", "1804", "41,230")
    assert csea.columns == ("Policy area", "Appeals received", "Accounts locked")
    assert csea.label == "Child sexual exploitation"
    assert csea.heading_path == (
        "Northwind transparency report",
        "Child sexual exploitation",
        "Appeals and account locks",
    )
    assert csea.source_path is not None and '["Chart:appeals"]' not in csea.text
    spam = rows[-1]
    assert spam.cells == ("2025 H1", "5,200,000")
    assert spam.columns == ("Period", "Items removed")
    assert spam.heading_path[-2:] == ("Spam", "Spam removed")
    levels = {e.id: e.level for e in assess(INGEST / "apollo_cache.html").elements}
    assert levels["OUT5"] != "none"  # accounts locked for CSEA, from the cache


def test_plain_json_arrays_and_next_data_tables_are_records() -> None:
    rows = [
        {"category": "Child sexual exploitation", "removed": 12040, "appeals": 31},
        {"category": "Spam", "removed": 880000, "appeals": 120},
    ]
    html = (
        "<!doctype html><html><body><main><p>Figures.</p></main>"
        f'<script type="application/json" id="report-data">{json.dumps(rows)}</script>'
        "</body></html>"
    )
    doc = read_document(html.encode(), name="array.html")
    records = [p for p in doc.passages if p.kind == PassageKind.TABLE_ROW]
    assert [(p.cells, p.columns) for p in records] == [
        (("Child sexual exploitation", "12,040", "31"), ("Category", "Removed", "Appeals")),
        (("Spam", "880,000", "120"), ("Category", "Removed", "Appeals")),
    ]


@pytest.mark.parametrize(
    "script",
    [
        '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": '
        '{"__APOLLO_STATE__": CACHE}}}</script>',
        '<script>window.__NUXT__ = {"state": {"apollo": CACHE}};</script>',
        '<script type="application/json" id="report-data">CACHE</script>',
    ],
)
def test_a_cache_is_read_wherever_the_page_keeps_it(script: str) -> None:
    cache = json.dumps(_cache())
    html = (
        "<!doctype html><html><body><main><p>Hi there.</p></main>"
        f"{script.replace('CACHE', cache)}</body></html>"
    )
    rows = [p for p in read_document(html.encode(), name="page.html").passages if p.cells]
    assert [r.cells for r in rows] == [
        ("Child sexual exploitation", "1804", "41,230"),
        ("Grooming", "96", "2210"),
        ("2025 H1", "5,200,000"),
    ]
    assert rows[0].heading_path[-2:] == ("Child sexual exploitation", "Appeals and account locks")


def _cache() -> dict[str, object]:
    spec = importlib.util.spec_from_file_location(
        "make_published_shapes", INGEST / "make_published_shapes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cache: dict[str, object] = module.APOLLO_CACHE
    return cache


def test_script_data_nested_100000_deep_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    objects = '{"a":' * 100_000 + "1" + "}" * 100_000
    html = (
        "<!doctype html><html><body><main><p>We removed 1,204 accounts.</p></main>"
        f'<script id="__NEXT_DATA__" type="application/json">{deep}</script>'
        f"<script>window.__APOLLO_STATE__ = {objects};</script></body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert [p.text for p in doc.passages] == ["We removed 1,204 accounts."]
    assert doc.warnings == [
        "script data '__NEXT_DATA__' nests deeper than 512 levels and was not read",
        "script data '__APOLLO_STATE__' nests deeper than 512 levels and was not read",
    ]
    code, out, err = run(capsys, "extract", str(path))
    assert code == 0 and err == ""
    assert "# warning: script data '__NEXT_DATA__' nests deeper than 512 levels" in out


def test_reference_cycles_and_shared_entities_are_read_once() -> None:
    cache = {
        "ROOT_QUERY": {"__typename": "Query", "a": {"__ref": "Node:1"}, "b": {"__ref": "Node:1"}},
        "Node:1": {"__typename": "Node", "label": "Reports to NCMEC", "value": 4100,
                   "next": {"__ref": "Node:2"}},
        "Node:2": {"__typename": "Node", "label": "Accounts", "value": 7,
                   "back": {"__ref": "Node:1"}},
    }  # fmt: skip
    html = (
        "<!doctype html><html><body><main><p>x y z.</p></main>"
        f"<script>window.__APOLLO_STATE__ = {json.dumps(cache)};</script></body></html>"
    )
    data = [p.text for p in read_document(html.encode(), name="c.html").passages[1:]]
    assert data == ["Reports to NCMEC: 4100", "Accounts: 7"]


def test_oversized_script_blob_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blob = '{"rows": [' + ",".join(['{"label": "x", "value": 1}'] * 2_000_000) + "]}"
    page = (
        "<!doctype html><html><body><main><p>Text.</p></main>"
        f'<script type="application/json">{blob}</script></body></html>'
    )
    big = tmp_path / "big.html"
    big.write_text(page, encoding="utf-8")
    assert big.stat().st_size > 50_000_000
    code, _, err = run(capsys, "extract", str(big))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error[E305]: ") and "over the limit of 32.0 MB" in err
    under = '{"rows": [' + ",".join(['{"label": "x", "value": 1}'] * 800_000) + "]}"
    mid = tmp_path / "mid.html"
    mid.write_text(
        "<!doctype html><html><body><main><p>Text.</p></main>"
        f'<script type="application/json" id="state">{under}</script></body></html>',
        encoding="utf-8",
    )
    doc = read_document(mid)
    assert [p.text for p in doc.passages] == ["Text."]
    assert (
        doc.warnings[0].startswith("script data 'state' of 21,")
        and "was not read" in doc.warnings[0]
    )


# Headings in styled markup -------------------------------------------------------------------


def test_styled_headings_build_the_heading_path() -> None:
    doc = read_document(INGEST / "styled_headings.html")
    headings = [(p.text, p.level) for p in doc.passages if p.kind == PassageKind.HEADING]
    assert headings == [
        ("Northwind safety report 2025", 2),
        ("Child safety", 2),
        ("Detection", 3),
        ("Appeals", 3),
        ("Reports to NCMEC", 3),
    ]
    paragraph = next(p for p in doc.passages if p.text.startswith("We sent 4,020"))
    assert paragraph.heading_path == ("Child safety", "Reports to NCMEC")
    inline = next(p for p in doc.passages if p.text.startswith("Users may appeal"))
    assert inline.kind == PassageKind.PARAGRAPH  # bold inside a sentence is not a heading


# PDF footnotes and contents pages -------------------------------------------------------------


def test_pdf_footnotes_are_marked_and_linked_and_contents_kept_out() -> None:
    doc = read_document(INGEST / "footnotes_contents.pdf")
    notes = [p for p in doc.passages if p.kind == PassageKind.FOOTNOTE]
    assert [(n.label, n.text) for n in notes] == [
        ("1", "18 U.S.C. 2258A (2008), as amended in 2018 and 2022."),
        ("2", "Industry guidance on transparency reporting, 2023 edition, p. 14."),
    ]
    citing = next(p for p in doc.passages if p.text.startswith("In 2024 we sent 4,100"))
    assert all(n.cited_by == citing.id for n in notes)
    assert "requires and we removed" in citing.text  # the raised "1" is out of the sentence
    assert "guidance for counting" in citing.text  # and so is the glued "2"
    for note in notes:
        assert find_figures(note.text.lower()) == []  # neither the marker nor the years
    contents = [p for p in doc.passages if p.page == 1 and p.kind == PassageKind.FURNITURE]
    assert len(contents) == 3 and contents[0].text.startswith("1 Child safety ....")
    body = [p for p in doc.passages if p.page == 2 and p.kind == PassageKind.PARAGRAPH]
    assert all("Contents" not in p.heading_path for p in body)


def test_footnotes_show_in_extract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(INGEST / "footnotes_contents.pdf"))
    assert code == 0
    assert "· footnote · 3 Outcomes\nlabel: 1\ncited by: p2.4\n18 U.S.C." in out


def _flatten(value: object) -> list[object]:
    """``value`` written as Nuxt 3 writes its payload (devalue): one flat array of indexes."""
    items: list[object] = [["ShallowReactive", 1]]

    def put(item: object) -> int:
        items.append(None)
        index = len(items) - 1
        if isinstance(item, dict):
            items[index] = {key: put(child) for key, child in item.items()}
        elif isinstance(item, list):
            items[index] = [put(child) for child in item]
        else:
            items[index] = item
        return index

    put(value)
    return items


def test_a_nuxt_3_payload_is_unflattened_and_its_tables_read_as_records() -> None:
    state = {
        "data": {
            "report": {
                "title": "Appeals and account locks",
                "reportingPeriod": {"label": "January 1 - June 30, 2025"},
                "rows": [
                    {"category": "Child sexual exploitation", "appealsReceived": 1804,
                     "accountsLocked": 41230},
                    {"category": "Spam", "appealsReceived": 96, "accountsLocked": 2210},
                ],
            }
        }
    }  # fmt: skip
    payload = _flatten(state)
    assert not any(isinstance(item, dict) and "category" in item and 1804 in item.values()
                   for item in payload)  # fmt: skip
    html = (
        "<!doctype html><html><body><main><h1>Northwind</h1><p>See the figures.</p></main>"
        f'<script type="application/json" id="__NUXT_DATA__">{json.dumps(payload)}</script>'
        "</body></html>"
    )
    doc = read_document(html.encode(), name="nuxt.html")
    rows = [p for p in doc.passages if p.kind == PassageKind.TABLE_ROW]
    assert [r.cells for r in rows] == [
        ("Child sexual exploitation", "1804", "41,230"),
        ("Spam", "96", "2210"),
    ]
    assert rows[0].columns == ("Category", "Appeals received", "Accounts locked")
    assert any("January 1 - June 30, 2025" in p.text for p in doc.passages)


def test_a_nuxt_payload_with_cycles_and_long_index_chains_is_bounded() -> None:
    chain: list[object] = [["Reactive", 1]] + [[i + 2] for i in range(1, 200_000)] + [7]
    cycle = [{"self": 0, "label": 1, "value": 2}, "Reports to NCMEC", 4100]
    for payload in (chain, cycle):
        html = (
            "<!doctype html><html><body><main><p>x y z.</p></main>"
            f'<script type="application/json" id="__NUXT_DATA__">{json.dumps(payload)}</script>'
            "</body></html>"
        )
        doc = read_document(html.encode(), name="n.html")
        assert doc.passages[0].text == "x y z."
    assert [p.text for p in doc.passages[1:]] == ["Reports to NCMEC: 4100"]
