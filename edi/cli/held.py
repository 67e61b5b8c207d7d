"""``x12flow held``: the 835 sets held for review because they do not balance.

    x12flow held [--all] [--format text|json] [--db URL] [--config FILE]
    x12flow held accept ID [--note TEXT] [--by NAME] [--db URL] [--config FILE]
    x12flow held discard ID [--note TEXT] [--by NAME] [--db URL] [--config FILE]

Accepting posts the set as if it balanced; discarding drops it. Either decision is final.
These commands never create a ledger. ``--json`` is still accepted for ``--format json``.
Exit codes: 0 done, 1 no such held set or decided before, 2 no ledger or unusable input.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any, TypeVar

import click

from edi.cli.options import (
    group_settings,
    ledger_options,
    ledger_settings,
    remember_group_options,
    text_or_json,
)

F = TypeVar("F", bound=Callable[..., Any])


def _operator() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name for this user id
        return None


def decision_options(function: F) -> F:
    function = click.option("--note", help="Why: kept on the held set's record.")(function)
    return click.option(
        "--by",
        "by",
        metavar="NAME",
        help="Who decides (default: your login name).",
    )(function)


@click.group("held", invoke_without_command=True)
@click.option("--all", "everything", is_flag=True, help="Also list sets decided before.")
@ledger_options
@text_or_json
@click.pass_context
def held_command(
    ctx: click.Context, everything: bool, db_url: str | None, config_file: str | None, fmt: str
) -> None:
    """List the 835 transaction sets held for review because they do not balance
    (BPR02 is not the claims paid less the provider adjustments): id, file, set, payer,
    payment amount and the difference. `held accept ID` posts one, `held discard ID` drops it."""
    if ctx.invoked_subcommand is not None:  # `held --db URL accept ID` works too
        remember_group_options(ctx, db_url, config_file)
        return
    from edi.ledger.held import list_held
    from edi.ledger.presence import open_existing  # listing only reads: no ledger, exit 2
    from edi.model.money import display
    from edi.x12.jsonout import dumps

    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        sets = list_held(cx, everything)
    if fmt == "json":
        click.echo(dumps([s.to_json() for s in sets]))
        return
    status = f"{'status':<11}" if everything else ""
    click.echo(
        f"{'id':<6}{'file':<32}{'set':<10}{'payer':<24}{'payment':>12}{'difference':>12}  {status}"
    )
    for s in sets:
        click.echo(
            f"{s.id:<6}{s.file[-31:]:<32}{s.set_control_number or '':<10}{s.payer[:23]:<24}"
            f"{display(s.amount):>12}{display(s.difference):>12}  "
            + (f"{s.status:<11}" if everything else "")
        )
    click.echo(f"{len(sets)} {'' if everything else 'held '}set(s)")


@held_command.command("accept")
@click.argument("held_id", metavar="ID", type=int)
@decision_options
@ledger_options
@click.pass_context
def accept_command(
    ctx: click.Context,
    held_id: int,
    note: str | None,
    by: str | None,
    db_url: str | None,
    config_file: str | None,
) -> None:
    """Post held set ID as if it balanced; its balance finding stays on its record."""
    from edi.inbound.ingest import accept_held
    from edi.ledger.presence import open_existing

    settings = group_settings(ctx, db_url, config_file)
    with open_existing(settings.url) as ledger:
        result = accept_held(
            ledger, held_id, by or _operator(), note, deadlines=settings.config.deadline_settings()
        )
    counts = ", ".join(f"{v} {k}" for k, v in sorted(result.counts.items())) or "nothing posted"
    click.echo(f"held set #{held_id} accepted ({result.file}): {counts}")
    for finding in result.findings:
        if finding.source == "LEDGER":
            click.echo(f"  {finding}")


@held_command.command("discard")
@click.argument("held_id", metavar="ID", type=int)
@decision_options
@ledger_options
@click.pass_context
def discard_command(
    ctx: click.Context,
    held_id: int,
    note: str | None,
    by: str | None,
    db_url: str | None,
    config_file: str | None,
) -> None:
    """Discard held set ID: it is never posted (a corrected resend can be)."""
    from edi.inbound.ingest import discard_held
    from edi.ledger.presence import open_existing

    with open_existing(group_settings(ctx, db_url, config_file).url) as ledger:
        held = discard_held(ledger, held_id, by or _operator(), note)
    click.echo(f"held set #{held_id} discarded ({held.file}, set {held.set_control_number})")


COMMANDS = [held_command]
