"""``x12flow generate``, ``x12flow sample`` and ``x12flow schema``: write 837P/837I claim files.

    x12flow generate 837p claims.jsonl [--out DIR] [--dry-run] [--skip-invalid]
    x12flow sample 837i --count 100 --seed 7 | x12flow generate 837i -
    x12flow schema 837p

Exit codes: 0 every claim clean (and written, unless --dry-run); 1 a claim was refused (nothing
is written unless --skip-invalid); 2 unusable input or wrong usage.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from edi.errors import X12FlowError

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
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: $X12FLOW_CONFIG or ./x12flow.toml).",
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL for control numbers (default: $X12FLOW_DATABASE_URL, "
    "the configuration, or sqlite:///x12flow.db).",
)
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
    """Check claims (JSON, JSON Lines or YAML; - is standard input) and write an 837 file."""
    from edi.config import database_url, load_config
    from generators.checking import check_records
    from generators.input import read_source
    from generators.kinds import KINDS

    try:
        config = load_config(config_file)
        kind = KINDS[transaction.lower()]
        records = (record for name in inputs for record in read_source(name))
        result = check_records(records, kind, date.today())
        for problem in result.problems:
            click.echo(f"refused: {problem}", err=True)
        click.echo(
            f"checked {result.total} claims: {len(result.claims)} clean, {result.refused} refused"
        )
        if result.total == 0:
            click.echo("x12flow: the input holds no claims", err=True)
            ctx.exit(2)
        if dry_run:
            click.echo("dry run: nothing written")
        elif result.refused and not skip_invalid:
            click.echo("nothing written: fix the refused claims, or use --skip-invalid")
        elif result.claims:
            from edi.ledger import Ledger
            from edi.ledger.outbound import submit_claims_file

            # One ledger transaction: control numbers, the file, the batch and its claims.
            with Ledger.open(database_url(db_url, config)) as ledger:
                written = submit_claims_file(
                    result.claims,
                    kind,
                    config,
                    ledger=ledger,
                    directory=out_dir or config.output.directory,
                    max_claims_per_transaction=max_claims_per_transaction,
                )
            summary = written.summary
            click.echo(
                f"wrote {written.path}: {summary.claims} claims in "
                f"{len(summary.transactions)} transaction set(s), "
                f"ISA13 {summary.interchange:09d}"
            )
    except X12FlowError as exc:
        _fail(ctx, exc)
        return
    ctx.exit(1 if result.refused else 0)


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
