"""Progress on long commands: one line on standard error, drawn only on a terminal.

    with progress("checking claims", total, unit="claims", quiet=fmt == "json") as bar:
        generate(..., progress=bar.callback)

The library reports progress through an optional callback (``progress: Callable[[int], None]``,
called with how much more is done); :attr:`Progress.callback` is None when nothing is to be
drawn, so the library then does no extra work. Nothing is drawn when standard error is not a
terminal (pipes, files, cron, the watcher's log) or when the command was asked for JSON
(``quiet``); work done within :data:`DELAY_SECONDS` draws nothing either, so the line appears
only for long work (several files, a big file, many claims). It holds the label (a fixed text
or a file name), counts, the share done and the rate, never anything read from the input, so
no patient data.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TextIO

BAR_WIDTH = 20
DELAY_SECONDS = 1.0  # quicker work draws nothing
REDRAW_SECONDS = 0.1  # at most ten lines a second
LABEL_WIDTH = 32
BYTES = "bytes"  # unit: the counts are bytes, shown in kB or MB


def on_terminal() -> bool:
    """Whether standard error is a terminal (tests replace this to draw anyway)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


class Progress:
    """A count towards ``total`` (None: unknown), drawn as one line that rewrites itself, from
    ``delay`` seconds after it starts (default :data:`DELAY_SECONDS`)."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        unit: str = "",
        *,
        drawn: bool = True,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        delay: float | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.drawn = drawn
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock  # seconds, for the rate and the pace of redrawing
        self._started = clock()
        self._first_draw = self._started + (DELAY_SECONDS if delay is None else delay)
        self._next_draw = self._first_draw
        self._width = 0  # of the line on screen; 0: none
        self._visible = False  # whether a line was drawn at all

    @property
    def callback(self) -> Callable[[int], None] | None:
        """What to give the library: :meth:`advance`, or None when nothing is drawn."""
        return self.advance if self.drawn else None

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        if not self.drawn:
            return
        now = self._clock()
        if now >= self._next_draw:
            self._next_draw = now + REDRAW_SECONDS
            self._draw(self.line(now))

    def name(self, label: str) -> None:
        """Show ``label`` from now on (e.g. the file being read)."""
        self.label = label

    def clear(self) -> None:
        """Erase the line before other output goes to the terminal; the next advance redraws."""
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
        self._next_draw = self._first_draw

    def close(self) -> None:
        """Leave the final line (with the time taken) on the terminal, if one was drawn."""
        if self._visible:
            now = self._clock()
            self._draw(f"{self.line(now)} in {now - self._started:.1f} s")
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def line(self, now: float) -> str:
        """The text of the line at ``now`` (clock seconds)."""
        label = self.label
        if len(label) > LABEL_WIDTH:
            label = "..." + label[-(LABEL_WIDTH - 3) :]
        parts = [label]
        if self.total:
            done = min(self.done, self.total)
            filled = BAR_WIDTH * done // self.total
            parts.append("[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]")
            parts.append(f"{100 * done // self.total:3d}%")
            number, _ = self._shown(done, self.total)
            parts.append(number + "/" + " ".join(self._shown(self.total)).rstrip())
        else:
            parts.append(" ".join(self._shown(self.done)).rstrip())
        elapsed = now - self._started
        if elapsed > 0:
            parts.append(" ".join(self._shown(round(self.done / elapsed))).rstrip() + "/s")
        return "  ".join(parts)

    def _shown(self, count: int, like: int | None = None) -> tuple[str, str]:
        """``count`` as a number and its unit; bytes in kB or MB, as suits ``like`` (or it)."""
        if self.unit != BYTES:
            return f"{count:,}", self.unit
        scale, unit = (1e6, "MB") if (like or count) >= 1_000_000 else (1e3, "kB")
        return f"{count / scale:,.1f}", unit

    def _draw(self, line: str) -> None:
        pad = " " * max(0, self._width - len(line))
        self._stream.write("\r" + line + pad)
        self._stream.flush()
        self._width = len(line)
        self._visible = True


@contextmanager
def progress(
    label: str,
    total: int | Callable[[], int | None] | None = None,
    *,
    unit: str = "",
    quiet: bool = False,
) -> Iterator[Progress]:
    """A :class:`Progress`, drawn when standard error is a terminal and not ``quiet``; closed
    (its last line left on screen) when the block ends, whether or not it fails. ``total`` may
    be a function, called only when the line is drawn (counting can cost a read)."""
    drawn = not quiet and on_terminal()
    if callable(total):
        total = total() if drawn else None
    bar = Progress(label, total, unit, drawn=drawn)
    try:
        yield bar
    finally:
        bar.close()


def reading(names: Sequence[str], *, quiet: bool = False) -> AbstractContextManager[Progress]:
    """Progress in bytes over X12 files, the current file's name as the label."""
    label = names[0] if names else ""
    return progress(label, lambda: byte_sizes(names), unit=BYTES, quiet=quiet)


def claim_records(names: Iterable[str | Path]) -> int | None:
    """How many claims the claim files hold, when that is cheap to know: the non-blank lines of
    JSON Lines files. None (a count without a total) for standard input, JSON and YAML."""
    from generators.input import JSON_LINES_SUFFIXES, STDIN

    total = 0
    for name in names:
        path = Path(name)
        if str(name) == STDIN or path.suffix.lower() not in JSON_LINES_SUFFIXES:
            return None
        try:
            with path.open("rb") as stream:
                total += sum(1 for line in stream if line.strip())
        except OSError:
            return None  # the command reports it
    return total


def byte_sizes(names: Iterable[str]) -> int | None:
    """The files' sizes added up; None when one is standard input or cannot be read."""
    total = 0
    for name in names:
        if name == "-":
            return None
        try:
            total += Path(name).stat().st_size
        except OSError:
            return None  # the command reports it
    return total
