"""The docs for the command line and the output formats stay true to the code."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from render_samples import ROOT
from trustcheck.cli.check_cmd import check
from trustcheck.render import OutputFormat

DOCS = ROOT / "docs"


def test_every_check_option_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for param in check.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert f"`{flag}" in text, flag
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in text


def test_every_format_is_documented_with_a_sample() -> None:
    text = (DOCS / "output-formats.md").read_text(encoding="utf-8")
    for fmt in OutputFormat:
        assert f"## {fmt.value}" in text, fmt
    for link in re.findall(r"\]\((samples/[^)]+)\)", text):
        assert (DOCS / link).is_file(), link


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("getting-started.md", "cli.md", "output-formats.md", "python-api.md"):
        assert f"(docs/{page})" in readme and (DOCS / page).is_file(), page
    blocks = re.findall(r"^```sh\n(.*?)\n```$", readme, flags=re.MULTILINE | re.DOTALL)
    assert blocks[0] == (
        "pip install . && trustcheck fixtures/corpus/reports/northwind-2024-csea-report.pdf"
    )


def test_sample_generator_writes_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("generate_samples", DOCS / "generate_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.chdir(ROOT)
    written = module.generate(tmp_path)
    assert {p.suffix for p in written} == {".txt", ".json", ".md", ".html", ".csv", ".sarif"}
    assert json.loads((tmp_path / "kestrel.json").read_text())["document"]["path"] == (
        "fixtures/corpus/reports/kestrel-2024-csam-transparency.pdf"
    )
    # The committed samples are current: regenerate them with `python docs/generate_samples.py`
    # whenever verdicts or renderers change.
    stale = [p.name for p in written if p.read_bytes() != (DOCS / "samples" / p.name).read_bytes()]
    assert not stale, f"docs/samples is out of date: {stale}"


def _subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


def test_every_error_code_has_a_section() -> None:
    """The one-line errors send users to docs/errors.md#CODE: every code must be there."""
    from trustcheck.errors import TrustcheckError

    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    codes = {cls.code for cls in _subclasses(TrustcheckError)} - {TrustcheckError.code}
    codes.add("E100")  # a bug or a crashed parser, reported by the command line
    missing = sorted(code for code in codes if f"\n## {code}\n" not in text)
    assert not missing, f"docs/errors.md has no section for {missing}"
