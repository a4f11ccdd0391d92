"""``trustcheck benchmark LABELS_DIR``: measure verdicts against labelled reports."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("benchmark")
@click.argument("labels_dir", type=click.Path(path_type=Path))
@click.option(
    "--documents",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the reports that labels name with 'document' (kept outside the repository).",
)
@click.option("--quiet", is_flag=True, help="Leave out the list of disagreements.")
def benchmark(labels_dir: Path, documents: Path | None, quiet: bool) -> None:
    """Assess every report labelled in LABELS_DIR and print accuracy, kappa and disagreements."""
    from trustcheck.benchmark import format_report, run_benchmark

    result = run_benchmark(labels_dir, documents=documents)
    click.echo(format_report(result, show_disagreements=not quiet), nl=False)
