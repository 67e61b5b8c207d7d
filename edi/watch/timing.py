"""The watcher's times: log-line stamps and the back-off after the ledger could not be reached."""

from __future__ import annotations

import datetime as dt

from edi.x12 import clock


def log_time() -> str:
    """The time of a log line: the machine's clock in UTC, ISO 8601 to the millisecond
    (``2026-11-30T12:00:00.123Z``). Several workers, maybe on several hosts, write the lines
    that are read together, so they carry the time all of them agree on (as leases do), with
    its zone; business time, which ``X12FLOW_NOW`` may set, stamps the ledger, not the log."""
    moment = dt.datetime.fromtimestamp(clock.wall(), dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def next_delay(previous: float, first: float, cap: float) -> float:
    """The back-off after ``previous`` (0: none yet): ``first``, then doubled, at most ``cap``."""
    return min(cap, previous * 2 if previous else first)
