"""``x12flow submit``: the nightly batch from a claims drop folder to the outbox."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from edi.cli.options import ledger_options, ledger_settings
from edi.cli.progress import claim_records, progress

if TYPE_CHECKING:
    from edi.outbound.submit import SubmitResult

DEFAULT_CLAIMS_DIR = Path("outbox") / "claims"


@click.command()
@click.argument(
    "claim_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--claims-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CLAIMS_DIR,
    show_default=True,
    help="Drop folder read when no CLAIM_FILE is given.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the 837 files go (default: [output] directory, or outbox/).",
)
@ledger_options
def submit(
    claim_files: tuple[Path, ...],
    claims_dir: Path,
    out_dir: Path | None,
    config_file: str | None,
    db_url: str | None,
) -> None:
    """Check the waiting claims, write 837P/837I batches and record them in the ledger.

    Consumed claim files move to submitted/<date>/ beside them, so a second run sends nothing
    twice; refused claims are listed in outbox/refused-<time>.json. A claim is sent once: an
    original whose patient control number the ledger holds as sent and not rejected is
    refused. A file that cannot be read, does not parse or holds no claims is reported and
    left in place; the other files are sent. Exit 0 when every claim was sent, 1 when some
    were refused, 2 on an unusable file, configuration, or a step that failed after the claims
    were recorded (the message says what was done and what was not).
    """
    from edi.ledger import Ledger
    from edi.outbound.submit import claim_files as waiting
    from edi.outbound.submit import submit as run

    settings = ledger_settings(db_url, config_file)
    config = settings.config
    paths = list(claim_files) or waiting(claims_dir)
    if not paths:
        click.echo(f"nothing to submit: no claim files in {claims_dir}")
        sys.exit(0)
    target = out_dir or config.output.directory
    with (
        Ledger.open(settings.url) as ledger,
        progress("checking claims", lambda: claim_records(paths), unit="claims") as bar,
    ):
        result = run(paths, ledger, config, target, progress=bar.callback)
    _echo(result)
    sys.exit(result.exit_code)


def _echo(result: SubmitResult) -> None:
    for name in result.already_sent:
        click.echo(f"{name}: already submitted earlier; not sent again")
    for path in result.files:
        click.echo(f"wrote {path}")
    click.echo(
        f"{result.claims} claim(s) sent in {len(result.files)} file(s), "
        f"{result.refused_claims} refused, {len(result.consumed)} input file(s) moved aside"
    )
    for unusable in result.unusable:
        click.echo(f"x12flow: {unusable}; left in place, nothing of it sent", err=True)
    if result.report is not None:
        click.echo(f"refused claims and their problems: {result.report}", err=True)
    else:
        for refusal in result.refused:
            click.echo(f"refused: {refusal}", err=True)
    if result.not_done:
        click.echo(f"x12flow: {result.done()}; " + "; ".join(result.not_done), err=True)


COMMANDS = [submit]
