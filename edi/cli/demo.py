"""``x12flow demo``: the whole claim → payment cycle on embedded defaults."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, cast

import click


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Working folder (an earlier demo folder there is replaced).",
)
@click.option(
    "--seed",
    type=int,
    default=7,
    show_default=True,
    help="The same seed gives the same claims and payer decisions.",
)
@click.option(
    "--claims",
    "count",
    type=click.IntRange(2, 100_000),
    default=80,
    show_default=True,
    help="How many sample claims (three quarters professional).",
)
@click.option(
    "--samples",
    is_flag=True,
    help="Instead: read the small sample files shipped with x12flow and show them.",
)
def demo(folder: Path, seed: int, count: int, samples: bool) -> None:
    """Sample claims → submit → simulate the payer → watch --once → reconciliation report."""
    if samples:
        _show_samples()
        return
    from edi.demo import run_demo

    professional = max(1, count * 3 // 4)
    result = run_demo(folder, seed, professional, count - professional, say=click.echo)
    click.echo(
        f"\nThe ledger is {result.folder / 'x12flow.db'}; try "
        f"`x12flow claims --db sqlite:///{result.folder / 'x12flow.db'}`."
    )


def _show_samples() -> None:
    from edi.inbound.document import Document
    from edi.samples import NAMES, sample

    errors = 0
    for name in NAMES:
        click.echo(f"== {name}")
        with sample(name).open("rb") as stream:
            doc = Document(cast(BinaryIO, stream), name)
            for line in doc.summary():
                click.echo(line)
        for finding in doc.findings:
            click.echo(f"  {finding}")
        errors += len(doc.findings.errors)
        click.echo("")
    click.echo(f"{len(NAMES)} sample files read, {errors} error finding(s).")


COMMANDS = [demo]
