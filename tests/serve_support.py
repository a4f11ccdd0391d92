"""A small audit for the workbench tests: a PDF, an HTML page and a hostile Markdown report.

Built once per test session from the fictional corpus (and one report written here whose text
tries to inject markup), then copied for each test that records decisions.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trustcheck import run_audit

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "reports"
HOSTILE_MEMBER = 'Evil <script>alert("m")</script> & Co'
HOSTILE_REPORT = """\
# Child safety report 2024 <img src=x onerror=alert(1)>

## How we find child sexual abuse material

We detect child sexual abuse material (CSAM) with PhotoDNA hash matching against the NCMEC \
and IWF hash lists <script>alert("quote")</script> on every image upload.

We report all apparent CSAM to NCMEC's CyberTipline, as the law requires.

## Enforcement

In 2024 we removed 12,345 pieces of child sexual exploitation content and banned 2,100 accounts.
"""


def build_audit(work: Path) -> Path:
    """Run a three-member audit into ``work/audit`` and return the folder."""
    work.mkdir(parents=True, exist_ok=True)
    hostile = work / "hostile.md"
    hostile.write_text(HOSTILE_REPORT, encoding="utf-8")
    members = [
        ("Northwind", str(CORPUS / "northwind-2024-csea-report.pdf")),
        ("Quillpost", str(CORPUS / "quillpost-how-we-fight-csam.html")),
        (HOSTILE_MEMBER, str(hostile)),
    ]
    lines = ["year: 2025", "members:"]
    lines += [f"  - member: {json.dumps(m)}\n    source: {json.dumps(s)}" for m, s in members]
    manifest = work / "audit.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_audit(manifest, work / "audit", jobs=1)
    return work / "audit"


def copy_audit(built: Path, target: Path) -> Path:
    """A fresh copy of a built audit (the reports stay where the manifest put them)."""
    shutil.copytree(built, target)
    return target


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@contextmanager
def running(audit_dir: Path, reviewer: str = "ana") -> Iterator[str]:
    """The workbench served by uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    from trustcheck.serve.app import create_app
    from trustcheck.serve.server import bind, url_of

    sock = bind("127.0.0.1", 0)
    config = uvicorn.Config(
        create_app(audit_dir, reviewer=reviewer), log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:  # started is set once the socket accepts
            if not thread.is_alive():
                raise RuntimeError("the workbench server stopped while starting")
            time.sleep(0.02)
        yield url_of(sock).rstrip("/")
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
