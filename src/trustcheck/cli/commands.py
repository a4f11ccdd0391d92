"""The list of subcommands, one module each; add a new command here."""

from __future__ import annotations

import click

ALL: list[click.Command] = []

from trustcheck.cli.check_cmd import check  # noqa: E402

ALL.append(check)

from trustcheck.cli.benchmark_cmd import benchmark  # noqa: E402

ALL.append(benchmark)

from trustcheck.cli.frameworks_cmd import frameworks  # noqa: E402

ALL.append(frameworks)

from trustcheck.cli.extract_cmd import extract  # noqa: E402

ALL.append(extract)

from trustcheck.cli.schema_cmd import schema  # noqa: E402

ALL.append(schema)

from trustcheck.cli.audit_cmd import audit, diff, export, review, summary  # noqa: E402

ALL.extend([audit, review, diff, summary, export])

from trustcheck.cli.serve_cmd import serve  # noqa: E402

ALL.append(serve)
