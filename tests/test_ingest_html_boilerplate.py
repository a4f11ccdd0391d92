"""HTML boilerplate removal: each rule drops site furniture and keeps the report's own text.

The snippets are the shapes real transparency pages use (cookie bars without a tell-tale class,
breadcrumbs in a bare ``div``, footers made of ``div`` and links), each paired with report text
that looks alike but must survive.
"""

from __future__ import annotations

import pytest

from trustcheck import read_document


def _texts(body: str) -> list[str]:
    html = f"<!doctype html><html><head><title>T</title></head><body>{body}</body></html>"
    return [p.text for p in read_document(html.encode(), name="page.html").passages]


REPORT = "<h1>Child safety report</h1><p>We removed 1,046 accounts in 2024.</p>"


@pytest.mark.parametrize(
    ("furniture", "leak"),
    [
        # element names
        ("<nav><a href='/'>Home</a> <a href='/t'>Transparency</a></nav>", "Transparency"),
        ("<header><a href='/'>Quorra</a> Policies</header>", "Quorra"),
        ("<footer><p>Terms · Privacy</p></footer>", "Terms"),
        ("<div hidden>Hidden promo text</div>", "promo"),
        ("<div class='card' aria-busy='true'>Loading chart…</div>", "Loading"),
        # ARIA roles
        ("<div role='navigation'><a href='/a'>About</a><a href='/p'>Policies</a></div>", "About"),
        ("<div role='contentinfo'>Contact us</div>", "Contact"),
        ("<form role='search'>Search the Help Centre</form>", "Search"),
        # class / id / aria-label hints
        ("<div class='cookiebar'>Vantavia uses cookies and similar technologies.</div>", "cookies"),
        ("<div id='cookieBanner'>Manage your privacy settings here.</div>", "privacy"),
        ("<div class='crumb'><a href='/'>Newsroom</a> › Safety</div>", "Newsroom"),
        ("<div id='foot'><a href='/about'>About</a><span>Quorra Social, Inc.</span></div>", "Inc."),
        ("<div class='share'>Share this post: X · LinkedIn</div>", "LinkedIn"),
        ("<section aria-label='Cookie notice'><p>Your privacy choices</p></section>", "choices"),
        ("<div class='helpful'><p>Did you find what you needed?</p></div>", "needed"),
    ],
)
def test_furniture_rules(furniture: str, leak: str) -> None:
    texts = _texts(furniture + REPORT)
    assert texts == ["Child safety report", "We removed 1,046 accounts in 2024."]
    assert not any(leak in t for t in texts)


def test_consent_banner_recognised_by_its_wording_outside_main() -> None:
    # Quorra's banner: a bare <div id="cc"> with no class or role that says what it is.
    banner = (
        '<div id="cc">This site uses cookies for analytics. <a href="/privacy#cookies">Learn more'
        '</a> · <a href="#" id="cc-ok">OK</a> · <a href="#" id="cc-no">No thanks</a></div>'
    )
    assert _texts(banner + REPORT) == ["Child safety report", "We removed 1,046 accounts in 2024."]
    # buttons as the choice (they are dropped later, the banner must already be recognised)
    banner = '<div id="x">We use essential cookies. <button>Accept</button></div>'
    assert _texts(banner + REPORT)[0] == "Child safety report"


def test_report_text_about_cookies_is_kept() -> None:
    # no control beside it: a sentence of the report, even outside <main>
    para = "<p>We do not use cookies to target ads to teens; see our settings page.</p>"
    assert _texts(para + REPORT)[0] == para[3:-4]
    # inside <main> even a banner-like box with a link is the report's to show
    inside = (
        "<main><h1>Privacy</h1><p>This site uses cookies for sign-in. "
        "<a href='/c'>Learn more</a></p></main>"
    )
    assert _texts(inside) == ["Privacy", "This site uses cookies for sign-in. Learn more"]


def test_breadcrumb_recognised_by_its_separators() -> None:
    crumb = (
        '<div class="bc"><a href="/transparency">Transparency</a> &gt; '
        '<a href="/transparency/data">Data downloads</a> &gt; quorra_enforcement_2024H2</div>'
    )
    assert _texts(crumb + REPORT) == ["Child safety report", "We removed 1,046 accounts in 2024."]


def test_lookalikes_of_breadcrumbs_are_kept() -> None:
    # figures with ">" and a sentence with links are not trails of links
    texts = _texts(
        "<div><p>Reports rose: 2023 &gt; 2024 &gt; 2025</p>"
        "<p>We report to <a href='/n'>NCMEC</a> and <a href='/i'>IWF</a> / <a href='/t'>Thorn</a>"
        " partners.</p></div>"
    )
    assert texts == [
        "Reports rose: 2023 > 2024 > 2025",
        "We report to NCMEC and IWF / Thorn partners.",
    ]


def test_footer_without_footer_element() -> None:
    foot = (
        '<div id="bottom"><a href="/about">About</a><a href="/terms">Terms</a>'
        '<a href="/privacy">Privacy</a><span>© Quorra Social, Inc.</span></div>'
    )
    assert _texts(REPORT + foot) == ["Child safety report", "We removed 1,046 accounts in 2024."]
    # a copyright line of the report itself (no link strip) stays
    assert _texts(REPORT + "<p>© 2025 Quorra. Figures are final.</p>")[-1] == (
        "© 2025 Quorra. Figures are final."
    )


def test_feedback_and_related_links_inside_the_article() -> None:
    article = (
        "<article><h1>Child safety policy</h1><p>Suspensions under this policy are final.</p>"
        "<div><p>Was this article helpful? <button>Yes</button> <button>No</button></p>"
        '<p>Related articles: <a href="/a">Suspensions and strikes</a> · '
        '<a href="/b">Privacy settings</a></p></div>'
        "<p>Related reading is listed in the annex.</p></article>"
    )
    assert _texts(article) == [
        "Child safety policy",
        "Suspensions under this policy are final.",
        "Related reading is listed in the annex.",
    ]


def test_skip_link_dropped_but_other_links_kept() -> None:
    texts = _texts(
        '<a href="#main">Skip to main content</a><main><h1>Report</h1>'
        '<p>See <a href="/data">the data</a>.</p></main>'
    )
    assert texts == ["Report", "See the data."]


def test_long_hinted_container_is_kept() -> None:
    # a "banner" class on a long block of report text is a styling choice, not a banner
    long_text = "We reviewed every report within 24 hours. " * 80
    texts = _texts(f'<div class="banner"><p>{long_text}</p></div>')
    assert texts == [long_text.strip()]


def test_corpus_shaped_page_keeps_only_the_report() -> None:
    html = """<!doctype html><html><head><title>Enforcement data</title></head><body>
    <div id="nav" role="navigation"><a href="/"><b>Quorra</b></a>
      <a href="/transparency">Transparency</a></div>
    <div id="cc">This site uses cookies for analytics. <a href="/privacy#cookies">Learn more</a>
      · <a href="#">OK</a> · <a href="#">No thanks</a></div>
    <div class="bc"><a href="/t">Transparency</a> &gt; <a href="/t/d">Data downloads</a>
      &gt; quorra_enforcement_2024H2</div>
    <div class="wrap"><h1>quorra_enforcement_2024H2</h1>
      <p>Rows: 38 · <a href="/x.csv">Download CSV</a> · <a href="/x.json">JSON</a></p></div>
    <div id="foot"><a href="/about">About</a><a href="/terms">Terms</a>
      <span>© Quorra Social, Inc.</span></div>
    </body></html>"""
    texts = [p.text for p in read_document(html.encode()).passages]
    assert texts == ["quorra_enforcement_2024H2", "Rows: 38 · Download CSV · JSON"]
