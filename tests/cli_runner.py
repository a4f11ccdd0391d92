"""Running the command line in-process, as the console script does."""

from __future__ import annotations

import pytest

from trustcheck.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Call the entry point as the console script does: ``sys.exit(main())``; return the exit
    code, stdout and stderr."""
    try:
        code = main([*args])
    except SystemExit as exit_info:
        code = exit_info.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err
