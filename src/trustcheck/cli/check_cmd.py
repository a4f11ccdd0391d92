"""``trustcheck FILE...``: assess reports and print the verdicts."""

from __future__ import annotations

import io
from pathlib import Path

import click

from trustcheck.cli.output import write_output


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--framework",
    "-f",
    default="trust",
    show_default=True,
    help="Bundled framework id or path to a framework file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: for people; json: the assessment model.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--password", help="Password of PDFs encrypted with a user password.")
def check(
    files: tuple[Path, ...], framework: str, fmt: str, output: Path | None, password: str | None
) -> None:
    """Assess FILES (PDF, HTML, Markdown or text) against a framework."""
    from trustcheck.assessment import assess
    from trustcheck.framework.loader import load_framework

    loaded = load_framework(framework)
    assessments = [assess(path, loaded, password=password) for path in files]
    if fmt == "json":
        from trustcheck.render.json_output import to_json

        write_output(to_json(assessments), output)
        return
    from rich.console import Console

    from trustcheck.render.terminal import render_table

    if output is not None:
        console = Console(record=True, width=120, no_color=True, file=io.StringIO())
        for a in assessments:
            console.print(render_table(a))
        write_output(console.export_text(), output)
        return
    console = Console()
    for a in assessments:
        console.print(render_table(a))
