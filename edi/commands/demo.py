"""``x12flow demo``: show what x12flow reads, on the synthetic sample files it ships."""

from __future__ import annotations

from typing import BinaryIO, cast

import click

from edi.document import Document
from edi.samples import NAMES, sample


@click.command()
def demo() -> None:
    """Read the bundled sample TA1, 999, 277CA and 835 files and print what they hold."""
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
