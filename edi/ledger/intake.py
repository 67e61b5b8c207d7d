"""The walk of one inbound file inside its ledger transaction: envelopes, then each set posted.

:class:`FileWalk` reads the file once, front to back. It records the interchange and group on
the file's batch, dispatches each transaction set to its posting (999/997, 277CA/277, 835, TA1)
and posts each 835 set in a savepoint: a set that does not balance is rolled back and held for
review (:func:`edi.ledger.held.hold`). What the file is and whether its envelope is whole are
known by the end of the walk; :meth:`FileWalk.refusal` then says whether the ledger refuses it
(:mod:`edi.ledger.admission`). Once a refusal is certain, nothing more is posted.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select, update

from edi.ledger import admission, schema
from edi.ledger.acks import post_group_response, post_interchange_ack
from edi.ledger.amounts import UnreadableAmount
from edi.ledger.held import HeldFile, hold
from edi.ledger.posting import SOURCE, Posting
from edi.ledger.remit_set import RemittanceItem, SetBalance, post_remittance
from edi.ledger.status import post_status_report
from edi.ledger.store import Ledger
from edi.x12.delimiters import Delimiters
from edi.x12.envelope import (
    Acknowledgment,
    Event,
    GroupStart,
    InterchangeStart,
    TransactionSet,
    Walker,
)
from edi.x12.envelope.headers import BOUNDARY
from edi.x12.findings import Finding, Findings, closing_count
from edi.x12.location import Location
from edi.x12.reader import SegmentReader
from parsers.ack999 import READER_997, READER_999
from parsers.era835 import READER as READER_835
from parsers.era835 import RemittanceEnd
from parsers.status277 import READER_277, READER_277CA
from parsers.ta1 import ta1_model

_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_Late = tuple[str, str, bool]  # a finding's source, code and whether it is an error


class FileFindings(Findings):
    """A file's findings, noting envelope breaks as they are reported, and the ledger's own
    findings about postings that were rolled back (which no longer hold)."""

    def __init__(self, file: str | None = None) -> None:
        super().__init__(file)
        self._breaks: dict[tuple[str, str], Finding] = {}  # the first of each kind, in order
        self._last_cut: Finding | None = None  # the last interchange with no IEA
        self.break_count = 0
        self._void: list[tuple[int, int]] = []
        # the ledger's findings past the listing limit, by (source, code, is an error): all of
        # them, those of the postings rolled back, and as they stood at the last mark()
        self._late: Counter[_Late] = Counter()
        self._late_void: Counter[_Late] = Counter()
        self._marked: tuple[int, Counter[_Late]] = (0, Counter())

    def add(self, finding: Finding) -> Finding:
        key = (finding.source, finding.code)
        if finding.source == SOURCE and self._listed.get(key, 0) >= self.limit:
            self._late[(*key, finding.is_error)] += 1
        if admission.breaks([finding]):
            self.break_count += 1
            self._breaks.setdefault(key, finding)
            if key == admission.IEA_MISSING:
                self._last_cut = finding
        return super().add(finding)

    @property
    def breaks(self) -> list[Finding]:
        """The envelope breaks kept: the first of each kind, in the order they came, then the
        last interchange cut short (:attr:`break_count` says how many there were)."""
        kept = list(self._breaks.values())
        if self._last_cut is not None and all(f is not self._last_cut for f in kept):
            kept.append(self._last_cut)
        return kept

    def mark(self) -> int:
        at = super().mark()
        self._marked = (at, self._late.copy())
        return at

    def void_since(self, start: int) -> None:
        """The ledger findings made since ``start`` (the last :meth:`mark`) describe postings
        that were rolled back: neither listed nor counted as not listed."""
        self._void.append((start, len(self._items)))
        at, late = self._marked
        if at == start:
            self._late_void += self._late - late

    def closing(self) -> Finding | None:
        return self._closing_without(self._late_void)

    def _closing_without(self, dropped: Counter[_Late]) -> Finding | None:
        unlisted = dict(self._unlisted)
        errors = self._unlisted_errors
        for (source, code, error), n in dropped.items():
            unlisted[(source, code)] = unlisted.get((source, code), 0) - n
            errors -= n if error else 0
        return closing_count({k: n for k, n in unlisted.items() if n > 0}, errors, self)

    def kept(self, refused: bool = False) -> list[Finding]:
        """The findings to report: without the ledger's (all of them when the file is refused)."""
        listed = [
            finding
            for index, finding in enumerate(self._items)
            if finding.source != SOURCE
            or not (refused or any(a <= index < b for a, b in self._void))
        ]
        closing = self._closing_without(self._late if refused else self._late_void)
        return listed if closing is None else [*listed, closing]


class _Unbalanced(Exception):
    """Rolls back the savepoint of an 835 set that does not balance."""

    def __init__(self, balance: SetBalance) -> None:
        super().__init__()
        self.balance = balance


class _NotReadWhole(Exception):
    """Rolls back the savepoint of an 835 set that could not be read to its end."""


class _Ended:
    """An 835 set's items, noting whether its end (SE) was reached."""

    def __init__(self, items: Iterable[RemittanceItem]) -> None:
        self.items = items
        self.ended = False

    def __iter__(self) -> Iterator[RemittanceItem]:
        for item in self.items:
            if isinstance(item, RemittanceEnd):
                self.ended = True
            yield item


class FileWalk:
    """One file's walk (see the module docstring)."""

    def __init__(self, ledger: Ledger, p: Posting, file: HeldFile) -> None:
        assert isinstance(p.findings, FileFindings)
        self.ledger = ledger
        self.p = p
        self.findings: FileFindings = p.findings
        self.file = file
        self.kinds: list[str] = []
        self.held: list[int] = []
        self.where = Location(file=p.file_name)  # the set being posted
        self._last_set: TransactionSet | None = None
        self._not_reply: TransactionSet | None = None
        self._unreadable: Finding | None = None  # a required amount that is not there
        self._delimiters: Delimiters | None = None

    def run(self, source: Path | BinaryIO) -> None:
        p = self.p
        reader = SegmentReader(source, p.findings, p.file_name)
        for event in Walker(p.index.tap(iter(reader)), p.findings):
            if isinstance(event, TransactionSet):
                self._transaction(event)
            elif isinstance(event, Acknowledgment):
                self.kinds.append("TA1")
                if not self._refusing:
                    post_interchange_ack(
                        p, ta1_model(event, p.findings), Location(file=p.file_name)
                    )
            else:
                _envelope(p, event)
        self._delimiters = reader.delimiters

    @property
    def _refusing(self) -> bool:
        return (
            self._not_reply is not None
            or self._unreadable is not None
            or self.findings.break_count > 0
        )

    def _transaction(self, ts: TransactionSet) -> None:
        self.kinds.append(ts.variant)
        self._last_set = ts
        self.where = ts.location
        if ts.variant not in admission.REPLIES:
            self._not_reply = self._not_reply or ts
        elif not self._refusing:
            if ts.variant == "835":
                self._remittance(ts)
            else:
                self._reply(ts)
        ts.drain()
        self.p.index.clear()

    def _reply(self, ts: TransactionSet) -> None:
        start = self.findings.mark()
        if not _dispatch(self.p, ts):
            self._not_read_whole(ts, start)

    def _not_read_whole(self, ts: TransactionSet, start: int) -> None:
        """A set that could not be read to its end: its postings were rolled back, and the
        file is refused."""
        self.findings.void_since(start)
        message = (
            f"transaction set {ts.control_number} ({ts.variant}) could not be read to its "
            f"end: {admission.NOTHING_POSTED}"
        )
        self._unreadable = self._unreadable or admission.refusal(message, "NOT-WHOLE", ts.location)

    def _remittance(self, ts: TransactionSet) -> None:
        p = self.p
        counts, start = p.counts.copy(), self.findings.mark()
        items = READER_835.items(ts, p.findings)
        ended = _Ended(items)
        try:
            with self.ledger.atomic():
                balance = post_remittance(p, ended, ts.location)
                ts.drain()
                if not ended.ended:
                    raise _NotReadWhole
                if balance is not None and not balance.balanced and not self.findings.break_count:
                    raise _Unbalanced(balance)
        except _Unbalanced as unbalanced:
            p.counts, p.events.pending = counts, []
            self.findings.void_since(start)
            self._hold(ts, unbalanced.balance, start)
        except _NotReadWhole:
            p.counts, p.events.pending = counts, []
            self._not_read_whole(ts, start)
        except UnreadableAmount as exc:  # the file will be refused: read on, post nothing
            for _item in items:
                pass
            message = f"{exc.message}: {admission.NOTHING_POSTED}"
            self._unreadable = admission.refusal(message, "NOT-WHOLE", exc.location)

    def _hold(self, ts: TransactionSet, balance: SetBalance, start: int) -> None:
        reason = next(
            (
                f.message
                for f in self.findings.since(start)
                if (f.source, f.code) == ("BALANCE", "transaction")
            ),
            f"BPR02 {balance.amount} is not the claims paid less the provider adjustments "
            f"{balance.expected}",
        )
        held_id = hold(self.p, self.file, ts.location, ts.header.ordinal, balance, reason)
        self.held.append(held_id)
        self.p.findings.warning(
            SOURCE,
            "HELD",
            f"transaction set {ts.control_number} does not balance (difference "
            f"{balance.difference}): held for review as #{held_id}, none of it posted "
            f"(x12flow held accept {held_id} posts it)",
            ts.location,
            held=held_id,
            difference=balance.difference,
        )

    def refusal(self) -> Finding | None:
        """Why the ledger refuses this file, or None when it posts it."""
        ts = self._not_reply
        if ts is not None:
            only = all(kind not in admission.REPLIES | {"TA1"} for kind in self.kinds)
            return admission.not_a_reply(ts.variant, ts.control_number, only, ts.location)
        tail = self._tail()
        if not self.kinds and (tail.odd or not self.findings.break_count):
            return admission.nothing_read(tail, self._delimiters)
        found = self.findings.breaks
        return admission.not_whole(found, tail, self.findings.break_count) or self._unreadable

    def _tail(self) -> admission.Tail:
        last, ts = self.p.index.last, self._last_set
        if last is None:
            return admission.Tail(self.p.file_name)
        sid = last.elements[0]
        valid = bool(_SEGMENT_ID.fullmatch(sid))
        odd = not valid or any("\n" in e or "\r" in e for e in last.elements)
        inside = (
            ts is not None
            and ts.trailer is None
            and last.ordinal >= ts.header.ordinal
            and sid not in BOUNDARY
        )
        return admission.Tail(
            self.p.file_name,
            last.ordinal,
            sid if valid else "",
            odd,
            ts.control_number if inside and ts is not None else None,
        )


def post_one_set(
    p: Posting, content: bytes, set_segment: int, control_number: str
) -> SetBalance | None:
    """Read ``content`` (a held file) again and post the 835 set whose ST is ``set_segment``
    and whose ST02 is ``control_number``; None when no such set is there or it posts nothing."""
    balance: SetBalance | None = None
    reader = SegmentReader(io.BytesIO(content), p.findings, p.file_name)
    for event in Walker(p.index.tap(iter(reader)), p.findings):
        if isinstance(event, TransactionSet):
            if (
                event.header.ordinal == set_segment
                and event.control_number == control_number
                and event.variant == "835"
            ):
                ended = _Ended(READER_835.items(event, p.findings))
                balance = post_remittance(p, ended, event.location)
                if not ended.ended:
                    return None  # the caller rolls the decision back
            event.drain()
            p.index.clear()
    return balance


def _envelope(p: Posting, event: Event) -> None:
    """Record the inbound interchange (ISA13) and group (GS06) on the file's batch."""
    t = schema.batches
    if isinstance(event, InterchangeStart) and event.header is not None:
        number = event.header.control_number
        sender = event.header.sender_id
        _warn_repeated_interchange(p, number, sender)
        p.connection.execute(
            update(t)
            .where(t.c.id == p.batch_id, t.c.interchange_control_number.is_(None))
            .values(interchange_control_number=number, sender_id=sender)
        )
    elif isinstance(event, GroupStart) and event.header is not None:
        p.connection.execute(
            update(t)
            .where(t.c.id == p.batch_id, t.c.group_control_number.is_(None))
            .values(group_control_number=event.header.control_number)
        )


def _warn_repeated_interchange(p: Posting, number: str, sender: str) -> None:
    t = schema.batches
    earlier = p.connection.execute(
        select(t.c.file_name)
        .where(
            t.c.direction == "inbound",
            t.c.interchange_control_number == number,
            t.c.sender_id == sender,
            t.c.id != p.batch_id,
        )
        .limit(1)
    ).scalar()
    if earlier is not None:
        p.findings.warning(
            SOURCE,
            "INTERCHANGE",
            f"interchange {number} from {sender} was "
            f"ingested before (in {earlier}); postings already made are skipped",
        )


def _dispatch(p: Posting, ts: TransactionSet) -> bool:
    """999/997 and 277CA/277 sets (835 sets go through :meth:`FileWalk._remittance`); False
    when the set could not be read to its end (nothing of it is posted)."""
    variant = ts.variant
    if variant in ("999", "997"):
        reader = READER_999 if variant == "999" else READER_997
        response = reader.read(ts, p.findings)
        if response is not None:
            post_group_response(p, response, variant, ts.location)
    elif variant in ("277CA", "277"):
        status_reader = READER_277CA if variant == "277CA" else READER_277
        return post_status_report(p, status_reader.items(ts, p.findings), variant, ts.location)
    return True
