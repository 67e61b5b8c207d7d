"""``x12flow simulate``: play clearinghouse and payer for 837 files.

    x12flow simulate outbox/837P-000000001.x12 [--out inbox] [--seed 7] [--rules rules.toml]
        [--format text|json]

Writes a 999 and a 277CA per 837, 835s, and the decision record ``simulation-<ISA13>.json``.
Exit codes: 0 done; 2 unusable input, rules or output directory.
"""

from __future__ import annotations

from pathlib import Path

import click

from edi.cli.options import format_option
from edi.cli.progress import progress
from edi.x12.errors import X12FlowError


@click.command("simulate")
@click.argument(
    "inputs",
    nargs=-1,
    required=True,
    metavar="FILE.837...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("inbox"),
    show_default=True,
    help="Where the replies go.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="The same seed (and inputs) gives the same files, byte for byte.",
)
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Rules file (TOML, YAML or JSON) setting the mix of outcomes.",
)
@format_option(
    help="Text for people, or one JSON object: files, claims, outcomes and decisions (the "
    "decision record)."
)
@click.pass_context
def simulate_command(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    out_dir: Path,
    seed: int,
    rules_file: Path | None,
    fmt: str,
) -> None:
    """Answer 837 files with 999, 277CA and 835 files, as a clearinghouse and payer would."""
    from edi.simulator import load_rules, simulate

    try:
        rules = load_rules(rules_file)
        with progress("reading claims", unit="claims", quiet=fmt == "json") as bar:
            result = simulate(list(inputs), out_dir, seed, rules, bar.callback)
    except X12FlowError as exc:
        click.echo(f"x12flow: {exc}", err=True)
        ctx.exit(exc.exit_code)
        return
    except OSError as exc:
        click.echo(f"x12flow: cannot write the replies: {exc}", err=True)
        ctx.exit(2)
        return
    if fmt == "json":
        from edi.x12.jsonout import dumps

        summary = {
            "files": [str(path) for path in result.files],
            "claims": len(result.record.claims),
            "outcomes": result.record.outcomes(),
            "decisions": str(result.record_path),
        }
        click.echo(dumps(summary))
        return
    for path in result.files:
        click.echo(f"wrote {path}")
    outcomes = ", ".join(f"{n} {name}" for name, n in result.record.outcomes().items())
    click.echo(f"{len(result.record.claims)} claims: {outcomes}")
    click.echo(f"decisions: {result.record_path}")


COMMANDS = [simulate_command]
