"""``x12flow init``, ``ingest``, ``claims``, ``claim``, ``unmatched`` and ``report``: the ledger.

    x12flow init [--db URL] [--config FILE]
    x12flow ingest FILE... [--format text|json]
    x12flow claims [--status S] [--payer P] [--format text|json]
    x12flow claim PATIENT_CONTROL_NUMBER [--format text|json]
    x12flow unmatched [--format text|json]
    x12flow report [--format text|json|csv|html] [--since DATE] [--as-of DATE] [--out FILE]

Every one takes ``--db URL`` and ``--config FILE`` (:mod:`edi.cli.options`): the ledger is
``--db``, else ``$X12FLOW_DATABASE_URL``, else ``[database] url`` of the configuration, else
``sqlite:///x12flow.db`` — the database ``x12flow generate`` uses. ``--json`` is still accepted
for ``--format json`` (one more release). Amounts in text are shown as ``1,234.50``.
``init`` and ``ingest`` create it when there is none; ``claims``, ``claim``, ``unmatched`` and
``report`` only read it, and exit 2 naming the URL when there is none.
Exit codes: 0 clean, 1 processed with error findings (or nothing found), 2 unusable input.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from edi.cli.options import (
    format_option,
    iso_date,
    ledger_options,
    ledger_settings,
    text_or_json,
)
from edi.cli.progress import reading
from edi.x12 import clock

STATUS = click.Choice(
    ["submitted", "accepted", "rejected", "acknowledged", "paid", "denied", "reversed"]
)


def _url(db_url: str | None, config_file: str | None) -> str:
    return ledger_settings(db_url, config_file).url


@click.command("init")
@ledger_options
def init_command(db_url: str | None, config_file: str | None) -> None:
    """Create the claim ledger, or bring an existing one up to date. The commands that only
    read the ledger (claims, claim, unmatched, report) never create one."""
    from edi.ledger.presence import init, shown

    url = _url(db_url, config_file)
    if init(url):
        click.echo(f"created the ledger at {shown(url)}")
    else:
        click.echo(f"the ledger at {shown(url)} is there already; it is up to date")


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@ledger_options
@text_or_json
def ingest_command(
    files: tuple[str, ...], db_url: str | None, config_file: str | None, fmt: str
) -> None:
    """Post 999/997/TA1/277CA/277/835 FILES to the ledger, each in one transaction.

    A file ingested before is reported as a duplicate and changes nothing.
    """
    from edi.inbound.ingest import REJECTED, UNREADABLE, ingest_file
    from edi.ledger import Ledger
    from edi.x12.jsonout import dumps

    worst = 0
    settings = ledger_settings(db_url, config_file)
    deadlines = settings.config.deadline_settings()
    with (
        Ledger.open(settings.url) as ledger,
        reading(files, quiet=fmt == "json") as bar,
    ):
        for name in files:
            bar.name(name)
            result = ingest_file(ledger, name, progress=bar.callback, deadlines=deadlines)
            bar.clear()
            if fmt == "json":
                click.echo(dumps(result.to_json()))
            else:
                _echo_result(result)
            code = 2 if result.outcome in (UNREADABLE, REJECTED) else 1 if result.has_errors else 0
            worst = max(worst, code)
    raise SystemExit(worst)


def _echo_result(result: Any) -> None:
    counts = ", ".join(f"{v} {k}" for k, v in sorted(result.counts.items())) or "nothing posted"
    kinds = "+".join(dict.fromkeys(result.kinds))
    head = f"{result.file}: {result.outcome}" + (f" ({kinds})" if kinds else "")
    click.echo(head + ("" if result.outcome == "duplicate" else f": {counts}"))
    for finding in result.findings:
        click.echo(f"  {finding}", err=finding.is_error)


@click.command("claims")
@click.option("--status", type=STATUS, help="Only claims in this status.")
@click.option("--payer", help="Only claims of this payer (payer id or name).")
@ledger_options
@text_or_json
def claims_command(
    status: str | None, payer: str | None, db_url: str | None, config_file: str | None, fmt: str
) -> None:
    """List claims with their status and money: charge, paid, adjusted, patient
    responsibility and balance."""
    from edi.ledger.presence import open_existing
    from edi.ledger.queries import list_claims
    from edi.model.money import display
    from edi.x12.jsonout import dumps

    with open_existing(_url(db_url, config_file)) as ledger, ledger.atomic() as connection:
        claims = list_claims(connection, status, payer)
    if fmt == "json":
        click.echo(dumps([c.to_json() for c in claims]))
        return
    click.echo(
        f"{'claim':<22}{'status':<14}{'payer':<26}{'charge':>11}{'paid':>11}"
        f"{'adjusted':>11}{'patient':>11}{'balance':>11}"
    )
    for c in claims:
        amounts = (c.charge, c.paid, c.adjusted, c.patient_responsibility, c.balance)
        click.echo(
            f"{c.patient_control_number:<22}{c.status:<14}{(c.payer or '')[:25]:<26}"
            + "".join(f"{display(a):>11}" for a in amounts)
        )
    click.echo(f"{len(claims)} claim(s)")


@click.command("claim")
@click.argument("patient_control_number")
@ledger_options
@text_or_json
def claim_command(
    patient_control_number: str, db_url: str | None, config_file: str | None, fmt: str
) -> None:
    """Show one claim's whole history: submissions, acknowledgments, payments with
    adjustments and remarks, and every event with its source file and segment."""
    from edi.cli.ledger_text import history_lines
    from edi.ledger.presence import open_existing
    from edi.ledger.queries import claim_history
    from edi.x12.jsonout import dumps

    with open_existing(_url(db_url, config_file)) as ledger, ledger.atomic() as connection:
        history = claim_history(connection, patient_control_number)
    if history is None:
        click.echo(f"x12flow: no claim {patient_control_number!r} in the ledger", err=True)
        raise SystemExit(1)
    if fmt == "json":
        click.echo(dumps(history.to_json()))
        return
    for line in history_lines(history):
        click.echo(line)


@click.command("unmatched")
@ledger_options
@text_or_json
def unmatched_command(db_url: str | None, config_file: str | None, fmt: str) -> None:
    """List the exception queue: remittance and acknowledgment items that matched no claim."""
    from edi.ledger.presence import open_existing
    from edi.ledger.queries import list_unmatched
    from edi.model.money import display
    from edi.x12.jsonout import dumps

    with open_existing(_url(db_url, config_file)) as ledger, ledger.atomic() as connection:
        items = list_unmatched(connection)
    if fmt == "json":
        click.echo(dumps([i.to_json() for i in items]))
        return
    for i in items:
        amount = f" amount {display(i.amount)}" if i.amount is not None else ""
        click.echo(
            f"#{i.id} {i.item} {i.reference or ''}{amount}: {i.reason} [{i.location or i.file}]"
        )
    click.echo(f"{len(items)} unmatched item(s)")


@click.command("report")
@format_option(
    formats=("text", "json", "csv", "html"),
    help="Text for a terminal, JSON, CSV (section, item, metric, value) or one HTML page.",
)
@click.option(
    "--since",
    callback=iso_date,
    metavar="DATE",
    help="Only claims first submitted on or after DATE (YYYY-MM-DD).",
)
@click.option(
    "--as-of",
    "as_of",
    callback=iso_date,
    metavar="DATE",
    help="The day the report is made for (default: today): only what is dated on or before it "
    "counts, and ages count to it.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@ledger_options
def report_command(
    fmt: str,
    since: date | None,
    as_of: date | None,
    out_file: Path | None,
    db_url: str | None,
    config_file: str | None,
) -> None:
    """Clean claim, denial, first-pass resolution, net collection and 277CA rejection rates,
    days in A/R and to payment, A/R aging, totals, denials by reason, category and payer, and
    unmatched items (definitions: edi/ledger/README.md)."""
    from edi.ledger.html import report_html
    from edi.ledger.presence import open_existing
    from edi.ledger.render import report_csv, report_text
    from edi.ledger.report import build_report, to_json
    from edi.x12.jsonout import dumps

    day = as_of or clock.today()
    with open_existing(_url(db_url, config_file)) as ledger, ledger.atomic() as connection:
        report = build_report(connection, day, since)
    renderers: dict[str, Callable[[dict[str, Any]], str]] = {
        "text": report_text,
        "csv": report_csv,
        "html": report_html,
        "json": lambda r: dumps(to_json(r)) + "\n",
    }
    output = renderers[fmt](report)
    if out_file is None:
        click.echo(output, nl=False)
        return
    try:
        out_file.write_text(output, encoding="utf-8")
    except OSError as exc:
        click.echo(f"x12flow: {out_file}: cannot write: {exc.strerror}", err=True)
        raise SystemExit(2) from None
    click.echo(f"wrote {out_file}")


COMMANDS = [
    init_command,
    ingest_command,
    claims_command,
    claim_command,
    unmatched_command,
    report_command,
]
