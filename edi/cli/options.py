"""The options several commands share, defined once: the ledger (``--db``, ``--config``) and the
output format (``--format``).

Where the ledger and the configuration come from, first match wins:

* the configuration: ``--config FILE``, then ``$X12FLOW_CONFIG``, then ``./x12flow.toml``, else
  the built-in defaults;
* the ledger: ``--db URL``, then ``$X12FLOW_DATABASE_URL``, then ``[database] url`` of that
  configuration, else ``sqlite:///x12flow.db``.

Every command that touches the ledger takes both options and resolves them with
:func:`ledger_settings`, so ``init`` creates the ledger where ``generate``, ``submit``,
``watch`` and the reading commands look for it.

``--format`` takes ``text`` or ``json`` (``report`` adds ``csv`` and ``html``); each command keeps
its own default. The old ``--json`` flag is a hidden alias of ``--format json``, kept for one
release.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import click

if TYPE_CHECKING:
    from edi.config import Config

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = (
    "Ledger database URL (default: $X12FLOW_DATABASE_URL, else [database] url of the "
    "configuration, else sqlite:///x12flow.db)."
)
CONFIG_HELP = "Configuration file (default: $X12FLOW_CONFIG, else ./x12flow.toml if there is one)."
FORMATS = ("text", "json")
LEGACY_JSON = "--json"


class LedgerSettings(NamedTuple):
    """The ledger URL and the configuration one command works with."""

    url: str
    config: Config


def ledger_settings(db_url: str | None, config_file: str | None) -> LedgerSettings:
    """Resolve ``--db`` and ``--config`` (see the module docstring for the order).

    A configuration given with ``--config`` also names the CARC/RARC descriptions file the
    command reads (``[codes] descriptions``)."""
    from edi.config import code_descriptions_path, database_url, load_config
    from parsers.codes.descriptions import use_lookup

    config = load_config(config_file)
    if config_file:
        use_lookup(functools.partial(code_descriptions_path, config_file))
    return LedgerSettings(database_url(db_url, config), config)


def db_option(function: F) -> F:
    """``--db URL`` alone (``ledger_options`` gives it with ``--config``)."""
    return click.option("--db", "db_url", metavar="URL", help=DB_HELP)(function)


def config_option(function: F) -> F:
    return click.option(
        "--config",
        "config_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help=CONFIG_HELP,
    )(function)


def ledger_options(function: F) -> F:
    """``--db URL`` and ``--config FILE``: the function receives ``db_url`` and
    ``config_file``, to give to :func:`ledger_settings`."""
    return db_option(config_option(function))


def format_option(
    default: str = "text",
    formats: tuple[str, ...] = FORMATS,
    legacy_json: bool = False,
    help: str = "",
) -> Callable[[F], F]:
    """``--format``: the function receives ``fmt``, one of ``formats``.

    ``legacy_json``: the old ``--json`` flag is accepted too, hidden, as ``--format json``; with
    ``--format`` naming another format it is a usage error."""
    hint = f" {LEGACY_JSON} still means --format json." if legacy_json else ""

    def decorate(function: F) -> F:
        command = function
        if legacy_json:
            command = _with_legacy_json(function)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(formats)),
            default=default,
            show_default=True,
            help=(help or "How to print the result.") + hint,
        )(command)

    return decorate


def _with_legacy_json(function: F) -> F:
    @functools.wraps(function)
    def command(*args: Any, legacy_json: bool = False, **kwargs: Any) -> Any:
        if legacy_json:
            ctx = click.get_current_context()
            given = ctx.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE
            if given and kwargs["fmt"] != "json":
                raise click.UsageError(f"{LEGACY_JSON} means --format json; give only one of them")
            kwargs["fmt"] = "json"
        return function(*args, **kwargs)

    return cast(
        F,
        click.option(LEGACY_JSON, "legacy_json", is_flag=True, hidden=True)(command),
    )


text_or_json = format_option(legacy_json=True, help="Text for people, or JSON.")
"""``--format text|json``, text by default, with the old ``--json`` flag."""


def group_settings(
    ctx: click.Context, db_url: str | None, config_file: str | None
) -> LedgerSettings:
    """For a subcommand of a group that also takes the ledger options (``held --db URL accept
    ID``): its own options first, then the group's."""
    given = ctx.obj if isinstance(ctx.obj, dict) else {}
    return ledger_settings(db_url or given.get("db_url"), config_file or given.get("config_file"))


def remember_group_options(ctx: click.Context, db_url: str | None, config_file: str | None) -> None:
    """Keep a group's ``--db``/``--config`` for its subcommand (see :func:`group_settings`)."""
    ctx.ensure_object(dict).update(db_url=db_url, config_file=config_file)


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback: an option's YYYY-MM-DD value as a date (None when not given)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
