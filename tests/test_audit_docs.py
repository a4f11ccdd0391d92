"""docs/audit.md's Python example runs as written, saved as a script, as an analyst would."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from trustcheck import run_audit

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "reports"


def _python_example() -> str:
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "docs/audit.md has a Python example under 'From Python'"
    return found.group(1)


def test_the_python_example_runs_as_a_script(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "northwind-2024-csea-report.pdf", tmp_path / "northwind.pdf")
    shutil.copy(CORPUS / "saltmarsh-h1-2024-transparency.pdf", tmp_path / "northwind-2024.pdf")
    (tmp_path / "audit-2025.yaml").write_text(
        "year: 2025\nmembers:\n  - {member: Northwind, source: northwind.pdf}\n", encoding="utf-8"
    )
    (tmp_path / "audit-2024.yaml").write_text(
        "year: 2024\nmembers:\n  - {member: Northwind, source: northwind-2024.pdf}\n",
        encoding="utf-8",
    )
    run_audit(tmp_path / "audit-2024.yaml", tmp_path / "audits" / "2024", jobs=1)
    script = tmp_path / "yearly.py"
    script.write_text(_python_example(), encoding="utf-8")

    # Its own session, so that a run that never finishes can be stopped with its workers.
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError("the example did not finish in 60 s") from None
    assert process.returncode == 0, err
    lines = out.splitlines()
    assert lines[0] == "1 0 0 {}"
    words = lines[1].split(" ")
    assert (words[0], words[-2], float(words[-1])) == ("full", "partial", 50.0)
    machine_score, member_score = map(float, lines[2].split())
    assert member_score < machine_score
    assert lines[3].split()[0] in ("full", "partial", "none") and float(lines[3].split()[1]) > 0
    assert lines[4] == "[('Northwind', 'compared')]"
    assert lines[5].startswith("1 of 1 members at least partially aligned")
    assert "members advanced at least one milepost" in lines[5]
    assert (tmp_path / "figures" / "2025" / "index.html").is_file()
