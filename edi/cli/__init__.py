"""The ``x12flow`` command line: a thin click adapter over the library.

Each command lives in its own module under :mod:`edi.cli` and exposes click commands in a
``COMMANDS`` list. Exit codes for every command: 0 clean, 1 processed with error findings,
2 unusable input or wrong usage. No input produces a Python traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from edi.build import describe
from edi.x12.errors import X12FlowError
from parsers.codes.descriptions import use_lookup

# Modules under edi.cli, each with a COMMANDS list of click commands.
COMMAND_MODULES: tuple[str, ...] = (
    "edi.cli.read",
    "edi.cli.demo",
    "edi.cli.watch",
    "edi.cli.submit",
    "edi.cli.generate",
    "edi.cli.simulate",
    "edi.cli.ledger",
    "edi.cli.held",
)


class X12FlowGroup(click.Group):
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


@click.group(cls=X12FlowGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="x12flow",
    prog_name="x12flow",
    message=f"%(prog)s %(version)s, {describe()}",
)
def main() -> None:
    """x12flow: write 837 claims, read 999/TA1/277CA/835 replies, reconcile the ledger."""
    use_lookup(_configured_descriptions)


def _configured_descriptions() -> Path | None:
    """The configuration's CARC/RARC descriptions file (read only when a code is described)."""
    from edi.config import code_descriptions_path

    return code_descriptions_path()


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.COMMANDS:
            main.add_command(command)


_register()
