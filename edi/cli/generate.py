"""``x12flow generate``, ``x12flow sample`` and ``x12flow schema``: write 837P/837I claim files.

    x12flow generate 837p claims.jsonl [--out DIR] [--dry-run] [--skip-invalid]
    x12flow sample 837i --count 100 --seed 7 | x12flow generate 837i -
    x12flow schema 837p

Exit codes: 0 every claim clean (and written, unless --dry-run); 1 a claim was refused (nothing
is written unless --skip-invalid); 2 unusable input (a file that cannot be read, does not
parse, or holds no claims: nothing is written) or wrong usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from edi.cli.options import ledger_options, ledger_settings
from edi.cli.progress import claim_records, progress
from edi.x12.errors import X12FlowError

if TYPE_CHECKING:
    from edi.outbound.generate import GenerateResult

TRANSACTION = click.Choice(["837p", "837i"], case_sensitive=False)


def _fail(ctx: click.Context, exc: X12FlowError) -> None:
    click.echo(f"x12flow: {exc}", err=True)
    ctx.exit(exc.exit_code)


@click.command("generate")
@click.argument("transaction", type=TRANSACTION)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: [output] directory in x12flow.toml, or outbox/).",
)
@ledger_options
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--skip-invalid", is_flag=True, help="Write the clean claims even when others are refused."
)
@click.option(
    "--max-claims-per-transaction",
    type=click.IntRange(1, 5000),
    default=5000,
    show_default=True,
    help="Claims per ST/SE transaction set.",
)
@click.pass_context
def generate_command(
    ctx: click.Context,
    transaction: str,
    inputs: tuple[str, ...],
    out_dir: Path | None,
    config_file: str | None,
    db_url: str | None,
    dry_run: bool,
    skip_invalid: bool,
    max_claims_per_transaction: int,
) -> None:
    """Check claims (JSON, JSON Lines or YAML; - is standard input) and write an 837 file.

    A claim is sent once: an original (frequency_code 1) whose patient control number the
    ledger holds as sent and not rejected is refused, and so is a number used twice in the
    input. A dry run checks against the ledger only when it exists, and never creates it.
    """
    from edi.outbound.generate import generate
    from generators.kinds import KINDS

    try:
        settings = ledger_settings(db_url, config_file)
        config = settings.config
        with progress("checking claims", lambda: claim_records(inputs), unit="claims") as bar:
            result = generate(
                inputs,
                KINDS[transaction.lower()],
                config,
                url=settings.url,
                directory=out_dir or config.output.directory,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                max_claims_per_transaction=max_claims_per_transaction,
                progress=bar.callback,
            )
    except X12FlowError as exc:
        _fail(ctx, exc)
        return
    _echo(result, dry_run)
    ctx.exit(result.exit_code)


def _echo(result: GenerateResult, dry_run: bool) -> None:
    checked = result.checked
    for refusal in checked.refused:
        click.echo(f"refused: {refusal}", err=True)
    for unusable in checked.unusable:
        click.echo(f"x12flow: {unusable}", err=True)
    click.echo(
        f"checked {checked.total} claims: {len(checked.candidates)} clean, "
        f"{checked.refused_claims} refused"
    )
    if result.unchecked_ledger:
        click.echo(
            f"no ledger at {result.unchecked_ledger}: earlier submissions were not checked, "
            "only repeats within this input"
        )
    written = result.written
    if written is not None:
        summary = written.summary
        click.echo(
            f"wrote {written.path}: {summary.claims} claims in "
            f"{len(summary.transactions)} transaction set(s), ISA13 {summary.interchange:09d}"
        )
    elif dry_run:
        click.echo("dry run: nothing written")
    elif checked.unusable:
        click.echo("nothing written: an input file is unusable (fix it and run again)")
    elif not checked.candidates:
        click.echo("nothing written: every claim was refused")
    elif checked.refused_claims:
        click.echo("nothing written: fix the refused claims, or use --skip-invalid")


@click.command("sample")
@click.argument("transaction", type=TRANSACTION)
@click.option("--count", type=click.IntRange(1, 10_000_000), default=10, show_default=True)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed gives the same claims."
)
def sample_command(transaction: str, count: int, seed: int) -> None:
    """Print COUNT synthetic claims (made-up people) as JSON Lines in the generate input format."""
    from generators.sample.claims import institutional_claims, professional_claims

    make = professional_claims if transaction.lower() == "837p" else institutional_claims
    write = sys.stdout.write
    for claim in make(count, seed):
        write(json.dumps(claim, separators=(",", ":")) + "\n")


@click.command("schema")
@click.argument("transaction", type=TRANSACTION)
def schema_command(transaction: str) -> None:
    """Print the JSON Schema of the claim input for 837P or 837I."""
    from generators.kinds import KINDS

    model = KINDS[transaction.lower()].model
    click.echo(json.dumps(model.model_json_schema(), indent=2))


COMMANDS = [generate_command, sample_command, schema_command]
