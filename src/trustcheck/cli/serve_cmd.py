"""``trustcheck serve AUDIT_DIR``: the reviewer's workbench in a browser.

Thin: check the options, start :func:`trustcheck.serve.server.serve_audit`, print the URL.
Exit codes: 0 stopped; 2 usage or input error (not an audit folder, a port in use, a
non-loopback ``--host`` without ``--allow-remote``).
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.argument("audit_dir", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other than loopback: anyone reaching it can record decisions.",
)
@click.option(
    "--reviewer",
    default=None,
    help="Name decisions are recorded under [default: $TRUSTCHECK_REVIEWER or login name].",
)
def serve(audit_dir: Path, host: str, port: int, allow_remote: bool, reviewer: str | None) -> None:
    """Review an audit in the browser: queue, evidence on the page, decisions, member scores."""
    from trustcheck.serve.security import is_loopback
    from trustcheck.serve.server import serve_audit

    if not is_loopback(host) and allow_remote:
        click.echo(
            f"warning: listening on {host}: anyone who can reach it can read these reports "
            "and record decisions",
            err=True,
        )

    def ready(url: str) -> None:
        click.echo(f"Reviewing {audit_dir} at {url} (Ctrl+C to stop)")

    serve_audit(
        audit_dir,
        host=host,
        port=port,
        reviewer=reviewer,
        allow_remote=allow_remote,
        on_ready=ready,
    )
