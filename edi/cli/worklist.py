"""``x12flow worklist``, ``work``, ``match``, ``dismiss`` and ``find``: working the denials.

    x12flow worklist [--category C] [--payer P] [--assignee NAME] [--status S]
                     [--due-before DATE] [--format text|json|csv]
    x12flow work ITEM [--assign NAME] [--status S] [--note TEXT] [--write-off AMOUNT]
                      [--if-version N] [--user NAME]
    x12flow match ITEM PATIENT_CONTROL_NUMBER [--note TEXT] [--user NAME]
    x12flow dismiss ITEM --note TEXT [--user NAME]
    x12flow find [--name LAST[,FIRST]] [--member-id ID] [--date-of-service DATE]
                 [--payer-claim-number N] [--trace N] [--format text|json]

Who made a change: ``--user NAME``, else ``$X12FLOW_USER``, else the login name. Every command
takes ``--db URL`` and ``--config FILE``; none creates a ledger (exit 2 when there is none).
``find`` shows the patient's name, member id and birth date on this screen only; nothing
else prints them. Exit codes: 0 done, 1 no such item, a change refused (or nothing found),
2 unusable input.
"""

from __future__ import annotations

import csv
import getpass
import io
import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import click

from edi.cli.options import (
    format_option,
    iso_date,
    ledger_options,
    ledger_settings,
    text_or_json,
)
from edi.x12 import clock

F = TypeVar("F", bound=Callable[..., Any])
USER_ENV = "X12FLOW_USER"
CATEGORIES = (
    "eligibility_registration",
    "authorization_referral",
    "coding_bundling",
    "medical_necessity",
    "timely_filing",
    "duplicate",
    "coordination_of_benefits",
    "missing_information",
    "noncovered_contractual",
    "patient_responsibility",
    "other",
)
ITEM_STATUSES = (
    "open",
    "in_progress",
    "resubmitted",
    "appealed",
    "resolved",
    "written_off",
    "dismissed",
)
WORK_STATUSES = ITEM_STATUSES[:-1]
CSV_COLUMNS = (
    "id",
    "claim",
    "unmatched_id",
    "payer",
    "source",
    "category",
    "action",
    "received",
    "deadline",
    "days_left",
    "amount",
    "priority",
    "status",
    "assignee",
    "version",
)


def who(user: str | None) -> str:
    """``--user``, else ``$X12FLOW_USER``, else the login name, else "unknown"."""
    if user:
        return user
    if os.environ.get(USER_ENV):
        return os.environ[USER_ENV]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name for this user id
        return "unknown"


def user_option(function: F) -> F:
    return click.option(
        "--user",
        metavar="NAME",
        help=f"Who makes the change (default: ${USER_ENV}, else your login name).",
    )(function)


def _amount(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not an amount (e.g. 12.50)") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise click.BadParameter(f"{value!r} is not an amount in cents (e.g. 12.50)")
    return amount


@click.command("worklist")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only items of this category.")
@click.option("--payer", help="Only items of this payer (payer id or name).")
@click.option("--assignee", metavar="NAME", help="Only items assigned to NAME.")
@click.option(
    "--status",
    type=click.Choice(ITEM_STATUSES),
    help="Only items in this status (default: every item still being worked).",
)
@click.option(
    "--due-before", callback=iso_date, metavar="DATE", help="Only items due on or before DATE."
)
@ledger_options
@format_option(formats=("text", "json", "csv"), help="Text for people, JSON, or CSV.")
def worklist_command(
    category: str | None,
    payer: str | None,
    assignee: str | None,
    status: str | None,
    due_before: date | None,
    db_url: str | None,
    config_file: str | None,
    fmt: str,
) -> None:
    """List the denial worklist, highest priority first: each denied, rejected or unmatched
    claim with its category, next action, deadline, amount at stake and who works it."""
    from edi.ledger.presence import open_existing
    from edi.ledger.worklist import Filters, list_items
    from edi.model.money import display
    from edi.x12.jsonout import dumps

    filters = Filters(category, payer, assignee, status, due_before)
    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        items = list_items(cx, filters, clock.today())
    if fmt == "json":
        click.echo(dumps([i.to_json() for i in items]))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for item in items:
            data = item.to_json()
            writer.writerow(["" if data[c] is None else data[c] for c in CSV_COLUMNS])
        click.echo(out.getvalue(), nl=False)
        return
    click.echo(
        f"{'item':<6}{'claim':<22}{'category':<26}{'action':<22}{'deadline':<12}"
        f"{'amount':>11}{'priority':>10}  {'status':<12}assignee"
    )
    for i in items:
        claim = i.claim or f"unmatched #{i.unmatched_id}"
        click.echo(
            f"{i.id:<6}{claim[:21]:<22}{i.category[:25]:<26}{i.action[:21]:<22}"
            f"{i.deadline.isoformat() if i.deadline else '-':<12}{display(i.amount):>11}"
            f"{display(i.priority):>10}  {i.status:<12}{i.assignee or '-'}"
        )
    click.echo(f"{len(items)} item(s)")


@click.command("work")
@click.argument("item_id", metavar="ITEM", type=int)
@click.option("--assign", "assignee", metavar="NAME", help='Assign to NAME ("" to unassign).')
@click.option("--status", type=click.Choice(WORK_STATUSES), help="Move the item to this status.")
@click.option("--note", help="A note kept with the change.")
@click.option(
    "--write-off",
    "write_off",
    callback=_amount,
    metavar="AMOUNT",
    help="Post AMOUNT to the claim's written-off total (negative takes one back); "
    "--status written_off alone writes off what is left of the balance.",
)
@click.option(
    "--if-version",
    "expected",
    type=int,
    metavar="N",
    help="Refuse the change if the item is no longer at version N (as listed).",
)
@user_option
@ledger_options
def work_command(
    item_id: int,
    assignee: str | None,
    status: str | None,
    note: str | None,
    write_off: Decimal | None,
    expected: int | None,
    user: str | None,
    db_url: str | None,
    config_file: str | None,
) -> None:
    """Work one worklist item: assign it, move its status, add a note, write off. Every change
    is kept with who and when; a change that crosses another worker's is refused."""
    from edi.ledger.presence import open_existing
    from edi.ledger.worklist_changes import Change, work_item
    from edi.model.money import display

    change = Change(status, assignee, note, write_off)
    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        done = work_item(cx, item_id, change, who(user), clock.now(), expected)
    written = f", {display(done.written_off)} written off" if done.written_off is not None else ""
    click.echo(
        f"worklist item #{done.item_id}: {done.status}, assignee {done.assignee or '-'}"
        f"{written} (version {done.version})"
    )


@click.command("match")
@click.argument("item_id", metavar="ITEM", type=int)
@click.argument("claim", metavar="CLAIM_ID")
@click.option("--note", help="A note kept with the change.")
@user_option
@ledger_options
def match_command(
    item_id: int,
    claim: str,
    note: str | None,
    user: str | None,
    db_url: str | None,
    config_file: str | None,
) -> None:
    """Match an unmatched worklist item to a claim (its patient control number): a claim
    payment it holds is posted to that claim, and the item is resolved."""
    from edi.ledger.presence import open_existing
    from edi.ledger.worklist_changes import match_item

    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        done = match_item(cx, item_id, claim, who(user), clock.now(), note)
    click.echo(f"worklist item #{done.item_id} matched to claim {claim}: {done.status}")


@click.command("dismiss")
@click.argument("item_id", metavar="ITEM", type=int)
@click.option("--note", required=True, help="Why: kept with the change.")
@user_option
@ledger_options
def dismiss_command(
    item_id: int, note: str, user: str | None, db_url: str | None, config_file: str | None
) -> None:
    """Dismiss an unmatched worklist item that belongs to no claim of ours (--note says why)."""
    from edi.ledger.presence import open_existing
    from edi.ledger.worklist_changes import dismiss_item

    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        done = dismiss_item(cx, item_id, note, who(user), clock.now())
    click.echo(f"worklist item #{done.item_id}: {done.status}")


@click.command("find")
@click.option("--name", metavar="LAST[,FIRST]", help="Patient name: prefixes, any case.")
@click.option("--member-id", metavar="ID", help="Member id (2010BA NM109), exact.")
@click.option(
    "--date-of-service", "service_date", callback=iso_date, metavar="DATE", help="A day of service."
)
@click.option("--payer-claim-number", metavar="N", help="Payer claim control number, exact.")
@click.option("--trace", metavar="N", help="Trace number (TRN02) of an 835 for the claim.")
@ledger_options
@text_or_json
def find_command(
    name: str | None,
    member_id: str | None,
    service_date: date | None,
    payer_claim_number: str | None,
    trace: str | None,
    db_url: str | None,
    config_file: str | None,
    fmt: str,
) -> None:
    """Find claims by patient name, member id, date of service, payer claim number or trace
    number; every key given must match."""
    from edi.ledger.find import Search, find_claims
    from edi.ledger.presence import open_existing
    from edi.model.money import display
    from edi.x12.jsonout import dumps

    last, _, first = (name or "").partition(",")
    search = Search(
        last.strip() or None,
        first.strip() or None,
        member_id,
        service_date,
        payer_claim_number,
        trace,
    )
    if search.empty:
        raise click.UsageError("give at least one of the keys (see --help)")
    with open_existing(ledger_settings(db_url, config_file).url) as ledger, ledger.atomic() as cx:
        found = find_claims(cx, search)
    if fmt == "json":
        click.echo(dumps([f.to_json() for f in found]))
    else:
        for f in found:
            person = ", ".join(x for x in (f.last_name, f.first_name) if x) or "?"
            born = f.birth_date.isoformat() if f.birth_date else "?"
            click.echo(
                f"{f.patient_control_number:<22}{person[:30]:<31}{f.member_id or '-':<16}"
                f"born {born}  {f.service_from or '?'}  {f.status:<12}"
                f"{f.payer_claim_control_number or '-':<16}balance {display(f.balance)}"
            )
        click.echo(f"{len(found)} claim(s)")
    if not found:
        raise SystemExit(1)


COMMANDS = [worklist_command, work_command, match_command, dismiss_command, find_command]
