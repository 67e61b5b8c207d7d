"""What each input runs through, in process: the readers, the output paths, and ingest.

A target returns quietly when x12flow handled the input (findings, or an ``X12FlowError`` the
command line turns into exit 2) and raises anything else. :func:`run` calls one target under
a CPU-time limit and times it with ``time.process_time``.
"""

from __future__ import annotations

import io
import json
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edi.x12.errors import X12FlowError
from tests.fuzz.seeds import INGEST_TIME

NAME = "fuzz-input.x12"


class CpuTimeout(BaseException):
    """Raised from a profiling timer when one target ran out of CPU time (not an Exception, so
    no ``except Exception`` in x12flow swallows it)."""


class InvalidJSON(AssertionError):
    """``parse`` wrote something that is not one JSON document."""


@dataclass
class Context:
    work: Path  # scratch folder for ingest inputs and ledgers
    ledgers: list[Path] = field(default_factory=list)  # SQLite templates
    outcomes: dict[str, int] = field(default_factory=dict)  # ingest outcomes seen
    runs: int = 0


def validate(data: bytes, _ctx: Context) -> bool:
    from edi.inbound.document import Document

    doc = Document(io.BytesIO(data), NAME)
    try:
        doc.validate()
    except X12FlowError:
        return False
    for finding in doc.findings:
        str(finding)
    return True


def _reject_constant(name: str) -> Any:
    raise InvalidJSON(f"parse wrote {name}, which JSON does not allow")


def parse(data: bytes, _ctx: Context) -> bool:
    """``x12flow parse``: the streamed JSON document must stay one valid JSON document."""
    from edi.inbound.document import Document, write_document

    chunks: list[str] = []
    doc = Document(io.BytesIO(data), NAME)
    read = False
    with suppress(X12FlowError):
        write_document(doc, chunks.append)
        read = True
    text = "".join(chunks)
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InvalidJSON(f"parse wrote invalid JSON: {exc.msg} at {exc.pos}") from None
    return read


def text(data: bytes, _ctx: Context) -> bool:
    """``x12flow parse --format text``."""
    from edi.inbound.document import Document

    doc = Document(io.BytesIO(data), NAME)
    try:
        for _line in doc.summary():
            pass
    except X12FlowError:
        return False
    for finding in doc.findings:
        str(finding)
    return True


def stream835(data: bytes, _ctx: Context) -> bool:
    """The 835 streaming API (``read_remittances``), which ingest and large files use."""
    from parsers.era835 import read_remittances

    try:
        for _item in read_remittances(io.BytesIO(data)):
            pass
    except X12FlowError:
        return False
    return True


def ingest(data: bytes, ctx: Context) -> bool:
    """``x12flow ingest`` into a fresh SQLite ledger: a copy of one of the templates."""
    from edi.inbound.ingest import UNREADABLE, ingest_file
    from edi.ledger import Ledger
    from edi.x12.jsonout import dumps

    ctx.runs += 1
    ctx.work.mkdir(parents=True, exist_ok=True)
    path = ctx.work / NAME
    path.write_bytes(data)
    db = ctx.work / "ledger.db"
    for stale in ctx.work.glob("ledger.db*"):
        stale.unlink()
    if ctx.ledgers:
        shutil.copyfile(ctx.ledgers[ctx.runs % len(ctx.ledgers)], db)
    with Ledger.open(f"sqlite:///{db}") as ledger:
        result = ingest_file(ledger, path, now=INGEST_TIME, name=NAME)
    ctx.outcomes[result.outcome] = ctx.outcomes.get(result.outcome, 0) + 1
    dumps(result.to_json())
    for finding in result.findings:
        str(finding)
    return result.outcome != UNREADABLE


def simulate(data: bytes, ctx: Context) -> bool:
    """``x12flow simulate``: the payer simulator reads an 837 and writes every reply to it."""
    from edi.simulator import load_rules
    from edi.simulator import simulate as answer

    ctx.work.mkdir(parents=True, exist_ok=True)
    path = ctx.work / "fuzz-claims.837"
    path.write_bytes(data)
    replies = ctx.work / "replies"
    if replies.exists():
        shutil.rmtree(replies)
    try:
        answer([path], replies, 7, load_rules(None))
    except X12FlowError:
        return False
    return True


Target = Callable[[bytes, Context], bool]  # True: read; False: refused as unreadable
TARGETS: dict[str, Target] = {
    "validate": validate,
    "parse": parse,
    "text": text,
    "stream835": stream835,
    "ingest": ingest,
    "simulate": simulate,
}


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`CpuTimeout` after ``seconds`` of CPU time (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise CpuTimeout(f"more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class Run:
    seconds: float  # CPU time
    read: bool = False  # the input was read (not refused with an X12FlowError)
    exc: BaseException | None = None  # what escaped x12flow


def run(target: Target, data: bytes, ctx: Context, limit: float) -> Run:
    """Call ``target`` under a CPU limit. X12FlowErrors stay inside the targets."""
    start = time.process_time()
    try:
        with cpu_limit(limit):
            read = target(data, ctx)
    except (Exception, CpuTimeout) as exc:
        return Run(time.process_time() - start, exc=exc)
    return Run(time.process_time() - start, read)
