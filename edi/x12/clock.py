"""The one clock: every reading of today's date or the current time goes through here.

Business time (claim dates, ingest stamps, report dates, file names) comes from :func:`now` and
:func:`today`. It is the machine's clock unless it is set: ``X12FLOW_NOW`` (an ISO date or
date-time) starts it at that moment for the whole process, and :func:`set_now` does the same
from code (tests). A set clock keeps ticking from the moment it was set, so durations stay real.

:func:`wall` is the one exception: epoch seconds for leases and heartbeats that several
processes compare, which must agree with each other whatever business time says.
"""

from __future__ import annotations

import datetime as dt
import os
import time

ENV = "X12FLOW_NOW"


def _offset_to(moment: dt.datetime | dt.date | None) -> dt.timedelta:
    if moment is None:
        return dt.timedelta(0)
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(9, 0))
    return moment.replace(tzinfo=None) - dt.datetime.now()


def parse(text: str) -> dt.datetime:
    """An ISO date (``2026-11-15``, 09:00 that day) or date-time, as a naive local datetime."""
    value = dt.datetime.fromisoformat(text.strip())
    if len(text.strip()) == 10:
        value = value.replace(hour=9)
    return value.replace(tzinfo=None)


def _from_environment() -> dt.timedelta:
    text = os.environ.get(ENV, "")
    if not text:
        return dt.timedelta(0)
    try:
        return _offset_to(parse(text))
    except ValueError:
        raise SystemExit(f"{ENV}={text!r} is not an ISO date or date-time") from None


_offset = _from_environment()


def set_now(moment: dt.datetime | dt.date | None) -> None:
    """Start business time at ``moment`` (it ticks on from there); None: the machine's clock."""
    global _offset
    _offset = _offset_to(moment)


def now() -> dt.datetime:
    """The current business date and time (naive, local)."""
    return dt.datetime.now() + _offset


def today() -> dt.date:
    return now().date()


def wall() -> float:
    """Epoch seconds of the machine's clock, for leases and heartbeats between processes."""
    return time.time()
