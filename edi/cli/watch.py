"""``x12flow watch``: ingest every file dropped into the inbox, exactly once."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from edi.cli.options import ledger_options, ledger_settings


def _log(entry: dict[str, Any]) -> None:
    sys.stderr.write(json.dumps(entry, separators=(",", ":"), default=str) + "\n")
    sys.stderr.flush()


@click.command()
@click.option(
    "--inbox",
    "inbox_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("inbox"),
    show_default=True,
    help="The folder to watch; it must exist (see --create-inbox).",
)
@click.option(
    "--create-inbox",
    is_flag=True,
    help="Create the inbox folder when it does not exist (otherwise: exit 2).",
)
@click.option("--once", is_flag=True, help="Process what is waiting, then exit (for cron).")
@ledger_options
@click.option(
    "--settle",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds a file must stay unchanged before it is read.",
)
@click.option(
    "--worker",
    "worker_name",
    metavar="NAME",
    help="This worker's name (default: host-pid-random); several workers may share an inbox. "
    "A worker restarted under its old name resumes the file it had claimed.",
)
@click.option(
    "--lease",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds without a heartbeat after which a worker's files are taken over by another "
    "(at once when the worker ran on this host and its process is gone).",
)
def watch(
    inbox_dir: Path,
    create_inbox: bool,
    once: bool,
    db_url: str | None,
    config_file: str | None,
    settle: float,
    worker_name: str | None,
    lease: float,
) -> None:
    """Watch INBOX for 999/997/TA1/277CA/277/835 files and ingest each one into the ledger.

    Ingested files (posted, duplicates, held for review) move to processed/YYYY-MM-DD/,
    every other file to rejected/ beside <name>.error.json; no one file stops the watcher.
    A file that stopped two workers is set aside in rejected/. When the ledger cannot be
    reached, files wait in the inbox and are retried after 1, 2, 4 ... 60 s (--once exits 2).
    One JSON log line per file on standard error: time (UTC), worker, file, transactions
    (a list), outcome. SIGINT/SIGTERM finish the current file, then exit; a clean stop removes
    the worker's .work/<worker>/ folder.
    """
    if not inbox_dir.is_dir():
        if not create_inbox:
            click.echo(
                f"x12flow: the inbox folder {inbox_dir} does not exist "
                "(create it, or pass --create-inbox)",
                err=True,
            )
            sys.exit(2)
        try:
            inbox_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            click.echo(
                f"x12flow: cannot create the inbox folder {inbox_dir}: {exc.strerror}", err=True
            )
            sys.exit(2)
    from edi.ledger import Ledger
    from edi.watch import Inbox, Worker
    from edi.watch.ingesting import ingest_processor
    from edi.x12.readiness import Settling

    settings = ledger_settings(db_url, config_file)
    ledger = Ledger.open(settings.url)
    worker = Worker(
        Inbox(inbox_dir, worker_name, lease),
        ingest_processor(ledger, inbox_dir, settings.config.deadline_settings()),
        _log,
        Settling(settle_seconds=settle, give_up_seconds=max(30.0, settle * 15)),
    )
    worker.install_signal_handlers()
    if once:
        tally = worker.run_once()
    else:
        from edi.watch.observer import watch as observe

        tally = observe(worker)
    worker.emit("stopped", tally.as_dict())
    if worker.unavailable:
        click.echo(f"x12flow: {worker.unavailable}", err=True)
        sys.exit(2)
    sys.exit(1 if tally.rejected or tally.left else 0)


COMMANDS = [watch]
