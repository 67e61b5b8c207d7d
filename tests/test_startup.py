"""A fast start: ``x12flow --help`` and a command's ``--help`` import none of the heavy libraries.

Not timed (benchmarks/startup.py measures the time): each case runs the command line in a fresh
interpreter and lists the modules it imported.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from edi.cli import TABLE

# Runs `x12flow ARGS...` and prints, on standard error, every module then imported.
RUNNER = """
import sys
from edi.cli import main
sys.argv = ["x12flow", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""

# What a command needs only once it runs: models, database, grammars, the library's floors.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "sqlalchemy",
    "lark",
    "yaml",
    "watchdog",
    "edi.ledger",
    "edi.inbound",
    "edi.outbound",
    "edi.simulator",
    "edi.watch",
    "edi.config",
    "edi.model",
    "edi.x12.reader",
    "edi.x12.jsonout",
    "parsers",
    "generators",
)


def imported(*args: str) -> tuple[str, list[str]]:
    """The command's standard output, and the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, check=True
    )
    return done.stdout, done.stderr.split()


def heavy(modules: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The modules of ``HEAVY`` (and their submodules) imported, but for ``allowed`` ones."""
    return [
        m
        for m in modules
        if any(m == h or m.startswith(h + ".") for h in HEAVY)
        and not any(m == a or m.startswith(a + ".") for a in allowed)
    ]


def test_the_runner_sees_what_a_command_imports() -> None:
    _, modules = imported("schema", "837p")
    assert "pydantic" in modules and "generators.kinds" in modules


def test_help_loads_no_command_module_and_nothing_heavy() -> None:
    out, modules = imported("--help")
    assert "Commands:" in out and "parse" in out
    assert heavy(modules) == []
    assert [m for m in modules if m.startswith("edi.cli.")] == ["edi.cli.lazy"]
    assert "click" in modules


@pytest.mark.parametrize("command", [*sorted(TABLE), "held accept"])
def test_a_commands_help_loads_its_module_only(command: str) -> None:
    out, modules = imported(*command.split(), "--help")
    assert out.startswith(f"Usage: x12flow {command} ")
    # The group's callback names the CARC/RARC descriptions lookup: code tables, no grammar.
    assert heavy(modules, allowed=("parsers.codes",)) in ([], ["parsers"])
    assert TABLE[command.split()[0]].module in modules


def test_version_is_unchanged_and_names_the_build() -> None:
    from importlib.metadata import version

    from edi.build import describe

    out, _ = imported("--version")
    assert out == f"x12flow {version('x12flow')}, {describe()}\n"
