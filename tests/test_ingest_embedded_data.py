"""Figures, periods and dates held in a page's script JSON, as a browser would show them."""

from __future__ import annotations

import json
from typing import Any

from trustcheck import PassageKind, read_document
from trustcheck.ingest.embedded_data import data_values


def _texts(value: Any, source: str = "__NEXT_DATA__") -> list[str]:
    return [v.text for v in data_values(source, value)]


NEXT_DATA = {
    "props": {
        "pageProps": {
            "locale": "en-US",
            "lastUpdated": "2025-02-27",
            "reportingPeriod": {
                "id": "2024H2",
                "start": "2024-07-01",
                "end": "2024-12-31",
                "label": "July 1, 2024 – December 31, 2024",
            },
            "metrics": [
                {
                    "key": "csamRemoved",
                    "label": "CSAM content removed",
                    "value": 1046830,
                    "unit": "videos, images and comments",
                    "chart": "bar",
                },
                {"label": "Proactive detection rate", "value": 98.7, "unit": "percent"},
            ],
        }
    },
    "buildId": "tc-2025.02.3",
    "locales": ["en-US", "de-DE"],
}


def test_figure_text_is_label_value_unit_without_key_path() -> None:
    values = list(data_values("__NEXT_DATA__", NEXT_DATA))
    csam = next(v for v in values if v.label == "CSAM content removed")
    assert csam.text == "CSAM content removed: 1,046,830 videos, images and comments"
    assert csam.path == "__NEXT_DATA__.props.pageProps.metrics[0].value"
    rate = next(v for v in values if v.label == "Proactive detection rate")
    assert rate.text == "Proactive detection rate: 98.7%"
    assert not any("[" in v.text or "__" in v.text for v in values)


def test_stated_period_and_date_are_surfaced_once() -> None:
    assert _texts(NEXT_DATA) == [
        "Last updated: 2025-02-27",
        "Reporting period: July 1, 2024 – December 31, 2024",
        "CSAM content removed: 1,046,830 videos, images and comments",
        "Proactive detection rate: 98.7%",
    ]  # not "Start: 2024-07-01", the locale, the build id or the id "2024H2"


def test_period_without_label_uses_start_and_end() -> None:
    data = {"page": {"dateRange": {"from": "2024-01-01", "to": "2024-06-30"}, "title": "Report"}}
    assert _texts(data) == ["Date range: 2024-01-01 to 2024-06-30"]
    data = {"report": {"title": "Enforcement", "startDate": "2024-07-01", "endDate": "2024-12-31"}}
    assert _texts(data) == ["Enforcement: 2024-07-01 to 2024-12-31"]


def test_sibling_period_fields_follow_the_figure() -> None:
    data = [
        {"label": "Accounts actioned", "value": 1234, "year": 2024, "half": 1},
        {"label": "Reports", "count": "4,200", "quarter": "Q3", "year": 2024},
        {"label": "Appeals", "value": 90, "start": "2024-07-01", "end": "2024-12-31"},
        {"label": "Restored", "value": 7, "period": {"label": "H2 2024"}},
    ]
    assert _texts(data) == [
        "Accounts actioned: 1234 (2024 H1)",
        "Reports: 4,200 (2024 Q3)",
        "Appeals: 90 (2024-07-01 to 2024-12-31)",
        "Restored: 7 (H2 2024)",
    ]


def test_period_rule_is_bounded() -> None:
    data = {
        "seo": {"title": "Child Safety", "description": "Data on our work"},
        "range": "0-100",  # a period key, but not a period
        "to": "/transparency",  # a link target
        "start": "2024-07-01",  # half a span: still a date, shown as such
        "theme": {"primary": "#ff0000", "font": "Inter 2024"},  # not a period key
        "publishedAt": "2025-02-27T10:00:00Z",  # a technical timestamp key
        "asOf": "31 December 2024",
        "year": 2024,
        "count": 3.5,  # not a year, no label
        "summary": {"label": "Reporting period", "value": "July – December 2024"},
    }
    assert _texts(data) == [
        "Start: 2024-07-01",
        "As of: 31 December 2024",
        "Year: 2024",
        "Reporting period: July – December 2024",
    ]


def test_brightloop_shaped_page_shows_period_behind_empty_placeholder() -> None:
    html = f"""<!doctype html><html><head><title>Child Safety</title></head><body>
    <section class="hero"><h1>Child Safety</h1>
      <label for="period-select">Reporting period</label><select id="period-select"></select>
    </section>
    <section aria-label="Charts"><div class="card"><h2>Content</h2>
      <div class="skeleton" aria-busy="true">Loading chart…</div></div></section>
    <script id="__NEXT_DATA__" type="application/json">{json.dumps(NEXT_DATA)}</script>
    </body></html>"""
    doc = read_document(html.encode(), name="brightloop.html")
    assert "Loading chart" not in doc.text
    data = [p for p in doc.passages if p.kind == PassageKind.DATA]
    assert [(p.label, p.text) for p in data[:2]] == [
        ("Last updated", "Last updated: 2025-02-27"),
        ("Reporting period", "Reporting period: July 1, 2024 – December 31, 2024"),
    ]
    assert data[2].source_path == "__NEXT_DATA__.props.pageProps.metrics[0].value"
    assert data[1].source_path == "__NEXT_DATA__.props.pageProps.reportingPeriod"
