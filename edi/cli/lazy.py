"""A click group that imports a command's module only when that command is used.

``x12flow --help`` lists every command with its short help, and starts about as fast as a bare
interpreter: the listing comes from a table (:data:`edi.cli.TABLE`) holding each
command's module and the first paragraph of its help, so no command module, and none of what
they use (pydantic, SQLAlchemy, the grammars, the ledger), is imported for it. A command's
module is imported when the command runs or shows its own help. ``tests/test_cli.py`` checks
that the table says what the commands' docstrings say.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, NamedTuple

import click


class LazyCommand(NamedTuple):
    """Where a command lives, and what the group's help lists for it."""

    module: str  # e.g. "edi.cli.read"
    attribute: str  # the click command in that module
    summary: str  # the first paragraph of the command's help (the short help is made from it)

    def load(self) -> click.Command:
        command = getattr(importlib.import_module(self.module), self.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.module}.{self.attribute} is not a click command")
        return command


class LazyGroup(click.Group):
    """A group whose commands, named in ``lazy``, load on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, LazyCommand] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            command = self.lazy[cmd_name].load()
            self.add_command(command, cmd_name)
        return command

    def listed(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command as the group's help lists it: a stand-in holding its summary while its
        module is not loaded."""
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            command = click.Command(cmd_name, help=self.lazy[cmd_name].summary)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As :meth:`click.Group.format_commands`, from :meth:`listed` (nothing is imported)."""
        commands = []
        for name in self.list_commands(ctx):
            command = self.listed(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
