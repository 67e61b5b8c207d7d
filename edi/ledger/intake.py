"""The walk of one inbound file inside its ledger transaction: envelopes, then each set posted.

:class:`FileWalk` reads the file once, front to back. It records the interchange and group on
the file's batch (:mod:`edi.ledger.batches`) and posts each reply set with the posting its kind
was given (:data:`~edi.ledger.posting.SetPosting`, from the inbound registry), each in a
savepoint: a set that could not be read to its end is rolled back and the file refused; an 835
set that does not balance is rolled back and held for review (:func:`edi.ledger.held.hold`). A
set of a kind with no posting (an 837) is not a reply. What the file is and whether its envelope
is whole are known by the end of the walk; :meth:`FileWalk.refusal` then says whether the ledger
refuses it (:mod:`edi.ledger.admission`). Once a refusal is certain, nothing more is posted.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from edi.ledger import admission
from edi.ledger.amounts import UnreadableAmount
from edi.ledger.batches import record_envelope
from edi.ledger.held import HeldFile, hold
from edi.ledger.posting import SOURCE, AcknowledgmentPosting, Posting, SetPosting
from edi.ledger.remit_set import SetBalance
from edi.ledger.store import Ledger
from edi.x12.delimiters import Delimiters
from edi.x12.envelope import Acknowledgment, TransactionSet, Walker
from edi.x12.envelope.headers import BOUNDARY
from edi.x12.findings import Finding, Findings, closing_count
from edi.x12.location import Location
from edi.x12.reader import SegmentReader
from edi.x12.segment import Segment

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
    """Rolls back the savepoint of a set that could not be read to its end."""


class FileWalk:
    """One file's walk (see the module docstring). ``postings``: how each kind of reply set
    is posted, by transaction kind; ``acknowledgment``: how a TA1 is."""

    def __init__(
        self,
        ledger: Ledger,
        p: Posting,
        file: HeldFile,
        postings: Mapping[str, SetPosting],
        acknowledgment: AcknowledgmentPosting,
    ) -> None:
        assert isinstance(p.findings, FileFindings)
        self.ledger = ledger
        self.p = p
        self.findings: FileFindings = p.findings
        self.file = file
        self.postings = postings
        self.acknowledgment = acknowledgment
        self.kinds: list[str] = []
        self.held: list[int] = []
        self.where = Location(file=p.file_name)  # the set being posted
        self._last: Segment | None = None  # the last segment read: where a cut file ends
        self._last_set: TransactionSet | None = None
        self._not_reply: TransactionSet | None = None
        self._unreadable: Finding | None = None  # a required amount that is not there
        self._delimiters: Delimiters | None = None

    def run(self, source: Path | BinaryIO) -> None:
        p = self.p
        reader = SegmentReader(source, p.findings, p.file_name)
        for event in Walker(self._noting_last(iter(reader)), p.findings):
            if isinstance(event, TransactionSet):
                self._transaction(event)
            elif isinstance(event, Acknowledgment):
                self.kinds.append("TA1")
                if not self._refusing:
                    self.acknowledgment(p, event)
            else:
                record_envelope(p, event)
        self._delimiters = reader.delimiters

    def _noting_last(self, segments: Iterator[Segment]) -> Iterator[Segment]:
        for segment in segments:
            self._last = segment
            yield segment

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
        post = self.postings.get(ts.variant)
        if post is None:
            self._not_reply = self._not_reply or ts
        elif not self._refusing:
            self._post(ts, post)
        ts.drain()

    def _post(self, ts: TransactionSet, post: SetPosting) -> None:
        """One reply set, in a savepoint: rolled back when it was not read to its end (the
        file is then refused) or, an 835, when it does not balance (it is then held)."""
        p = self.p
        counts, start = p.counts.copy(), self.findings.mark()
        try:
            with self.ledger.atomic():
                posted = post(p, ts)
                ts.drain()
                if not posted.whole:
                    raise _NotReadWhole
                balance = posted.balance
                if balance is not None and not balance.balanced and not self.findings.break_count:
                    raise _Unbalanced(balance)
        except _Unbalanced as unbalanced:
            p.counts, p.events.pending = counts, []
            self.findings.void_since(start)
            self._hold(ts, unbalanced.balance, start)
        except _NotReadWhole:
            p.counts, p.events.pending = counts, []
            self._not_read_whole(ts, start)
        except UnreadableAmount as exc:  # the file will be refused: nothing more is posted
            message = f"{exc.message}: {admission.NOTHING_POSTED}"
            self._unreadable = admission.refusal(message, "NOT-WHOLE", exc.location)

    def _not_read_whole(self, ts: TransactionSet, start: int) -> None:
        """A set that could not be read to its end: its postings were rolled back, and the
        file is refused."""
        self.findings.void_since(start)
        message = (
            f"transaction set {ts.control_number} ({ts.variant}) could not be read to its "
            f"end: {admission.NOTHING_POSTED}"
        )
        self._unreadable = self._unreadable or admission.refusal(message, "NOT-WHOLE", ts.location)

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
            only = all(kind not in self.postings and kind != "TA1" for kind in self.kinds)
            return admission.not_a_reply(ts.variant, ts.control_number, only, ts.location)
        tail = self._tail()
        if not self.kinds and (tail.odd or not self.findings.break_count):
            return admission.nothing_read(tail, self._delimiters)
        found = self.findings.breaks
        return admission.not_whole(found, tail, self.findings.break_count) or self._unreadable

    def _tail(self) -> admission.Tail:
        last, ts = self._last, self._last_set
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
    p: Posting, content: bytes, set_segment: int, control_number: str, post: SetPosting
) -> SetBalance | None:
    """Read ``content`` (a held file) again and post, with ``post`` (the 835's posting), the
    835 set whose ST is ``set_segment`` and whose ST02 is ``control_number``; None when no such
    set is there or it posts nothing."""
    balance: SetBalance | None = None
    reader = SegmentReader(io.BytesIO(content), p.findings, p.file_name)
    for event in Walker(iter(reader), p.findings):
        if isinstance(event, TransactionSet):
            if (
                event.header.ordinal == set_segment
                and event.control_number == control_number
                and event.variant == "835"
            ):
                posted = post(p, event)
                if not posted.whole:
                    return None  # the caller rolls the decision back
                balance = posted.balance
            event.drain()
    return balance
