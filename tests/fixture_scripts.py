"""The scripts that build fixtures, imported by the tests that build variants of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_bad = _load(FIXTURES / "bad" / "make_bad.py")
"""``fixtures/bad/make_bad.py``: hand-built PDFs and hostile HTML."""

make_faults = _load(FIXTURES / "bad" / "make_faults.py")
"""``fixtures/bad/make_faults.py``: hostile inputs built at test time (bombs, deep markup)."""


def make_published() -> ModuleType:
    """``fixtures/published/make_published.py``: the published-shapes benchmark set.

    Loaded on demand: it imports reportlab and sets its invariant mode for the whole process.
    """
    return _load(FIXTURES / "published" / "make_published.py")
