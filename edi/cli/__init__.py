"""The ``x12flow`` command line: a thin click adapter over the library.

Each command lives in its own module under :mod:`edi.cli` and exposes click commands in a
``COMMANDS`` list. The group imports a command's module only when that command runs or shows
its help (:mod:`edi.cli.lazy`), and the modules import the library inside their commands, so
``x12flow --help`` loads neither pydantic, SQLAlchemy, the grammars nor the ledger. Exit codes
for every command: 0 clean, 1 processed with error findings, 2 unusable input or wrong usage.
No input produces a Python traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from edi.cli.lazy import LazyCommand, LazyGroup
from edi.x12.errors import X12FlowError

if TYPE_CHECKING:
    from pathlib import Path

# Every command: its module, its click command there, and the first paragraph of its help (what
# `x12flow --help` lists; tests/test_cli.py checks that it is the command's own).
TABLE: dict[str, LazyCommand] = {
    "parse": LazyCommand(
        "edi.cli.read",
        "parse",
        "Read X12 FILES (835, 999, 997, TA1, 277CA, 277, 837P, 837I) and print their content.",
    ),
    "validate": LazyCommand(
        "edi.cli.read",
        "validate",
        "Check X12 FILES: envelopes, structure and balancing; print every finding.",
    ),
    "demo": LazyCommand(
        "edi.cli.demo",
        "demo",
        "Sample claims → submit → simulate the payer → watch --once → reconciliation report.",
    ),
    "watch": LazyCommand(
        "edi.cli.watch",
        "watch",
        "Watch INBOX for 999/997/TA1/277CA/277/835 files and ingest each one into the ledger.",
    ),
    "submit": LazyCommand(
        "edi.cli.submit",
        "submit",
        "Check the waiting claims, write 837P/837I batches and record them in the ledger.",
    ),
    "generate": LazyCommand(
        "edi.cli.generate",
        "generate_command",
        "Check claims (JSON, JSON Lines or YAML; - is standard input) and write an 837 file.",
    ),
    "sample": LazyCommand(
        "edi.cli.generate",
        "sample_command",
        "Print COUNT synthetic claims (made-up people) as JSON Lines in the generate input format.",
    ),
    "schema": LazyCommand(
        "edi.cli.generate",
        "schema_command",
        "Print the JSON Schema of the claim input for 837P or 837I.",
    ),
    "simulate": LazyCommand(
        "edi.cli.simulate",
        "simulate_command",
        "Answer 837 files with 999, 277CA and 835 files, as a clearinghouse and payer would.",
    ),
    "init": LazyCommand(
        "edi.cli.ledger",
        "init_command",
        "Create the claim ledger, or bring an existing one up to date. The commands that only "
        "read the ledger (claims, claim, unmatched, report) never create one.",
    ),
    "ingest": LazyCommand(
        "edi.cli.ledger",
        "ingest_command",
        "Post 999/997/TA1/277CA/277/835 FILES to the ledger, each in one transaction.",
    ),
    "claims": LazyCommand(
        "edi.cli.ledger",
        "claims_command",
        "List claims with their status and money: charge, paid, adjusted, patient "
        "responsibility and balance.",
    ),
    "claim": LazyCommand(
        "edi.cli.ledger",
        "claim_command",
        "Show one claim's whole history: submissions, acknowledgments, payments with "
        "adjustments and remarks, and every event with its source file and segment.",
    ),
    "unmatched": LazyCommand(
        "edi.cli.ledger",
        "unmatched_command",
        "List the exception queue: remittance and acknowledgment items that matched no claim.",
    ),
    "report": LazyCommand(
        "edi.cli.ledger",
        "report_command",
        "Clean claim, denial, first-pass resolution, net collection and 277CA rejection rates, "
        "days in A/R and to payment, A/R aging, totals, denials by reason, category and payer, "
        "and unmatched items (definitions: edi/ledger/README.md).",
    ),
    "held": LazyCommand(
        "edi.cli.held",
        "held_command",
        "List the 835 transaction sets held for review because they do not balance (BPR02 is "
        "not the claims paid less the provider adjustments): id, file, set, payer, payment "
        "amount and the difference. `held accept ID` posts one, `held discard ID` drops it.",
    ),
    "worklist": LazyCommand(
        "edi.cli.worklist",
        "worklist_command",
        "List the denial worklist, highest priority first: each denied, rejected or unmatched "
        "claim with its category, next action, deadline, amount at stake and who works it.",
    ),
    "work": LazyCommand(
        "edi.cli.worklist",
        "work_command",
        "Work one worklist item: assign it, move its status, add a note, write off. Every "
        "change is kept with who and when; a change that crosses another worker's is refused.",
    ),
    "match": LazyCommand(
        "edi.cli.worklist",
        "match_command",
        "Match an unmatched worklist item to a claim (its patient control number): a claim "
        "payment it holds is posted to that claim, and the item is resolved.",
    ),
    "dismiss": LazyCommand(
        "edi.cli.worklist",
        "dismiss_command",
        "Dismiss an unmatched worklist item that belongs to no claim of ours (--note says why).",
    ),
    "find": LazyCommand(
        "edi.cli.worklist",
        "find_command",
        "Find claims by patient name, member id, date of service, payer claim number or trace "
        "number; every key given must match.",
    ),
}


class X12FlowGroup(LazyGroup):
    """A click group that turns every exception into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except X12FlowError as exc:
            click.echo(f"x12flow: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # Output piped into a command that stopped reading (e.g. `| head`).
            sys.stderr.close()
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("x12flow: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("X12FLOW_DEBUG"):
                raise
            # Only the exception's type: its text may quote the input (patient data).
            click.echo(
                f"x12flow: internal error ({type(exc).__name__}); nothing more is shown, "
                "as the message could quote the input (set X12FLOW_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(2)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the version and the build (which imports the reader, so only when asked)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from edi.build import describe

    click.echo(f"x12flow {version('x12flow')}, {describe()}", color=ctx.color)
    ctx.exit()


@click.group(
    cls=X12FlowGroup,
    lazy=TABLE,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def main() -> None:
    """x12flow: write 837 claims, read 999/TA1/277CA/835 replies, reconcile the ledger."""
    from parsers.codes.descriptions import use_lookup

    use_lookup(_configured_descriptions)


def _configured_descriptions() -> Path | None:
    """The configuration's CARC/RARC descriptions file (read only when a code is described)."""
    from edi.config import code_descriptions_path

    return code_descriptions_path()
