"""The clean claims of a batch, a few bytes each, and where every record was read.

:class:`Candidates` keeps of each claim that may be sent what the send-once rule needs: its
patient control number, whether it is an original, its kind and where it was read. When the
batch is to be written, each claim's segments and ledger facts wait on disk
(:class:`edi.outbound.spool.ClaimSpool`) and its keys place it in the file's order
(:class:`generators.arrange.Arrangement`); :meth:`Candidates.by_kind` reads them back, one
837 at a time. :class:`Positions` packs a record's file and position ("line 3", "item 2") into
one number.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from edi.ledger.outbound import ORIGINAL
from edi.ledger.submission import SubmittedClaim
from edi.model.claim import Claim
from edi.outbound.spool import ClaimSpool
from generators.arrange import Arrangement
from generators.kinds import ClaimKind
from generators.prepared import PreparedClaim

SOURCE_BITS = 16
DOCUMENT = "the document"
_FORMS = {"line ": 0, "item ": 1}  # 2: the document; 3: any other position, kept as given


class Positions:
    """Where records were read, each packed into one number: the file, and "line n",
    "item n" or "the document"; any other position is kept as given."""

    def __init__(self) -> None:
        self._sources: list[str] = []
        self._index: dict[str, int] = {}
        self._other: list[tuple[str, str]] = []
        self._last: tuple[str, int] = ("", -1)  # the source of the last record, and its index

    def pack(self, source: str, where: str) -> int:
        last, index = self._last
        if source != last or index < 0:
            found = self._index.get(source)
            if found is None:
                found = self._index[source] = len(self._sources)
                self._sources.append(source)
            index = found
            self._last = (source, index)
        if index < 1 << SOURCE_BITS:
            code = _FORMS.get(where[:5])
            number = where[5:]
            if code is not None and number.isdigit() and number.isascii():
                if number[0] != "0" or number == "0":  # no leading zero: kept as given
                    return (int(number) << 2 | code) << SOURCE_BITS | index
            elif where == DOCUMENT:
                return 2 << SOURCE_BITS | index
        self._other.append((source, where))
        return ((len(self._other) - 1) << 2 | 3) << SOURCE_BITS

    def unpack(self, packed: int) -> tuple[str, str]:
        """The file and the position."""
        rest = packed >> SOURCE_BITS
        code, number = rest & 3, rest >> 2
        if code == 3:
            return self._other[number]
        source = self._sources[packed & ((1 << SOURCE_BITS) - 1)]
        if code == 2:
            return source, DOCUMENT
        return source, f"{'line' if code == 0 else 'item'} {number}"


class Candidates:
    """The claims that may be sent, in input order; with a spool, ready to be written."""

    def __init__(self, spool: ClaimSpool | None = None) -> None:
        self.positions = Positions()
        self._kinds: list[ClaimKind] = []
        self._codes: dict[str, int] = {}  # kind name -> its place in _kinds
        self._numbers: list[str] = []
        self._kind = bytearray()
        self._original = bytearray()
        self._dropped = bytearray()
        self._where = array("q")
        self._live = 0
        self._spool = spool
        self._arrangement = Arrangement() if spool is not None else None

    def __len__(self) -> int:
        return self._live

    @property
    def spooling(self) -> bool:
        """Whether the claims are set aside to be written."""
        return self._spool is not None

    def add(
        self, claim: Claim, kind: ClaimKind, position: int, prepared: PreparedClaim | None
    ) -> None:
        """Add a clean claim read at ``position`` (:class:`Positions`); ``prepared`` (its
        segments) is set aside, with its ledger facts, while :attr:`spooling`."""
        code = self._codes.get(kind.name)
        if code is None:
            code = self._codes[kind.name] = len(self._kinds)
            self._kinds.append(kind)
        self._numbers.append(claim.patient_control_number)
        self._kind.append(code)
        self._original.append(claim.frequency_code == ORIGINAL)
        self._dropped.append(False)
        self._where.append(position)
        self._live += 1
        if self._spool is not None and self._arrangement is not None:
            if prepared is None:
                raise ValueError("a claim to be written needs its segments")
            self._spool.add(prepared, SubmittedClaim.of(claim))
            self._arrangement.add(prepared.provider_key, prepared.subscriber_key)

    def originals(self) -> Iterator[tuple[int, str]]:
        """The index and patient control number of each original claim (CLM05-3 = 1) not
        dropped, in input order."""
        dropped, original = self._dropped, self._original
        for index, number in enumerate(self._numbers):
            if original[index] and not dropped[index]:
                yield index, number

    def position(self, index: int) -> tuple[str, str]:
        """The file and position the claim at ``index`` was read from."""
        return self.positions.unpack(self._where[index])

    def drop(self, index: int) -> None:
        """Take the claim at ``index`` out of the batch (refused after all)."""
        if not self._dropped[index]:
            self._dropped[index] = True
            self._live -= 1

    def by_kind(self) -> list[tuple[ClaimKind, SpooledClaims]]:
        """The claims to send, one batch per claim type (837I before 837P), each in the
        order its file carries them."""
        if self._spool is None or self._arrangement is None:
            raise ValueError("the claims were not set aside to be written")
        batches = []
        for kind in sorted(self._kinds, key=lambda k: k.name):
            code = self._codes[kind.name]
            indices = (
                i
                for i in range(len(self._numbers))
                if self._kind[i] == code and not self._dropped[i]
            )
            order = self._arrangement.order(indices)
            if order:
                batches.append((kind, SpooledClaims(self, self._spool, order)))
        return batches

    def stop_spooling(self) -> None:
        """Nothing will be written: set no more claims aside, and let go of those that were."""
        if self._spool is not None:
            self._spool.close()
        self._spool = None
        self._arrangement = None

    def close(self) -> None:
        self.stop_spooling()

    def number(self, index: int) -> str:
        return self._numbers[index]

    def is_original(self, index: int) -> bool:
        return bool(self._original[index])


class SpooledClaims:
    """One 837's claims, in the order the file carries them, read back from the spool."""

    def __init__(self, candidates: Candidates, spool: ClaimSpool, order: array[int]) -> None:
        self._candidates = candidates
        self._spool = spool
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    def originals(self) -> Iterator[str]:
        """The patient control numbers of the original claims (CLM05-3 = 1)."""
        candidates = self._candidates
        return (candidates.number(i) for i in self._order if candidates.is_original(i))

    def claims(self) -> Iterator[PreparedClaim]:
        """Each claim's segments, for the writer."""
        return (self._spool.prepared(i) for i in self._order)

    def records(self) -> Iterator[SubmittedClaim]:
        """Each claim's ledger facts, for :func:`edi.ledger.submission.record_submission`."""
        return (self._spool.facts(i) for i in self._order)
