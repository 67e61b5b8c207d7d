"""Running the command line on an input and checking it handled it: the one check every fuzz
test of the CLI makes.

An exit code of 0, 1 or 2 is not enough: the CLI turns any unexpected exception into
"x12flow: internal error: …" with exit 2. So the output and the error output must not contain
"internal error" or "Traceback" either (unless the input itself does, and the output quotes it).
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass

from click.testing import CliRunner

from edi.cli import main

FORBIDDEN = ("internal error", "Traceback")


@dataclass(frozen=True)
class CliOutcome:
    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    exception: str | None  # a traceback that escaped the CLI altogether


def run_cli(args: Sequence[str], stdin: bytes | None = None) -> CliOutcome:
    result = CliRunner().invoke(main, list(args), input=stdin)
    escaped = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        escaped = "".join(traceback.format_exception(result.exception))
    return CliOutcome(tuple(args), result.exit_code, result.stdout, result.stderr, escaped)


def problems(outcome: CliOutcome, given: bytes = b"") -> list[str]:
    """What is wrong with how the CLI handled an input (nothing, when it handled it)."""
    found = []
    if outcome.exception is not None:
        found.append(f"an exception escaped the CLI:\n{outcome.exception}")
    if outcome.exit_code not in (0, 1, 2):
        found.append(f"exit code {outcome.exit_code}, not 0, 1 or 2")
    for word in FORBIDDEN:
        if word.encode() in given:
            continue
        for stream, text in (("standard error", outcome.stderr), ("output", outcome.stdout)):
            if word in text:
                line = next(ln for ln in text.splitlines() if word in ln)
                found.append(f"{word!r} in the {stream}: {line[:500]}")
    return found


def assert_handled(outcome: CliOutcome, given: bytes = b"") -> None:
    found = problems(outcome, given)
    assert not found, f"x12flow {' '.join(outcome.args)}: " + "; ".join(found)
