"""Worker processes die with the command that started them, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixture_scripts import make_faults

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's"
)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with (task / "children").open() as handle:
            found.update(int(p) for p in handle.read().split())
    return found


def _workers(pid: int) -> set[int]:
    """The command's worker processes: its children, but multiprocessing's resource tracker
    (workers are forked on Linux, so they carry the command's own command line)."""
    workers = set()
    for child in _children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            workers.add(child)
    return workers


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_command_leaves_no_worker_running(tmp_path: Path, how: signal.Signals) -> None:
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(make_faults.slow_pdf())
    code = "import sys; from trustcheck.cli import main; sys.exit(main())"
    command = subprocess.Popen(
        [sys.executable, "-c", code, str(slow), "--max-seconds", "600"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()

        def started() -> bool:
            workers.update(_workers(command.pid))
            return bool(workers)

        assert _wait(started, 120), "no worker process started"
        # Starting takes a worker about a second of CPU; past 4 s it is inside the slow page,
        # where it would not notice its task queue closing.
        assert _wait(lambda: max(_cpu_seconds(w) for w in workers) > 4, 240)
        os.kill(command.pid, how)
        command.wait(timeout=60)
        assert _wait(lambda: not any(_alive(w) for w in workers), 30), "a worker outlived it"
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
