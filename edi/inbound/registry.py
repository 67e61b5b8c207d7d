"""The inbound transaction registry: one entry per kind of transaction x12flow reads.

An entry names the kind (835, 999, 997, 277CA, 277, 837P, 837I; and the TA1, which is a segment
of the interchange rather than a transaction set), the reader that ``parse`` and ``validate``
use (:mod:`edi.inbound.document`) and, for the replies the ledger keeps, how ``ingest`` posts
it (:mod:`edi.inbound.ingest`, which the watcher goes through too): the ledger posting function
fed with what the reader reads. An 837 has no posting: the ledger refuses it.

A reader or a posting is imported the first time it is used, by the small functions below, so
``x12flow --help`` and reading a 999 pay for neither the 837 machinery nor the database layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from edi.x12.envelope import Acknowledgment, TransactionSet
from edi.x12.findings import Findings

if TYPE_CHECKING:
    from edi.ledger.posting import Posted, Posting, SetPosting
    from parsers.ack999 import AckReader
    from parsers.claim837 import Claim837Reader
    from parsers.era835 import Era835Reader
    from parsers.status277.reader import StatusReader
    from parsers.ta1 import Ta1Reader

Read = TypeVar("Read", contravariant=True)
Event = TypeVar("Event", TransactionSet, Acknowledgment)


class Reader(Protocol[Read]):
    """How ``parse`` and ``validate`` read one transaction set (or TA1)."""

    def fields(self, event: Read, findings: Findings) -> Iterator[tuple[str, Any]]:
        """Its content as (name, value) pairs, in output order; a value may be an iterator
        (a streamed list), so a large 835 is written out claim by claim."""
        ...

    def summary(self, event: Read, findings: Findings) -> Iterator[str]:
        """Readable lines for ``--format text``."""
        ...


@dataclass(frozen=True, slots=True)
class Transaction(Generic[Event]):
    """One kind of transaction: its reader and, when the ledger keeps it, its posting."""

    kind: str
    reader: Callable[[], Reader[Event]]  # imports the reader when first asked
    posting: Callable[[Posting, Event], Posted] | None = None  # None: the ledger refuses it


# -- readers -----------------------------------------------------------------------------------
def _era835() -> Era835Reader:
    from parsers.era835 import READER

    return READER


def _ack999() -> AckReader:
    from parsers.ack999 import READER_999

    return READER_999


def _ack997() -> AckReader:
    from parsers.ack999 import READER_997

    return READER_997


def _status277ca() -> StatusReader:
    from parsers.status277 import READER_277CA

    return READER_277CA


def _status277() -> StatusReader:
    from parsers.status277 import READER_277

    return READER_277


def _claim837p() -> Claim837Reader:
    from parsers.claim837 import READER_837P

    return READER_837P


def _claim837i() -> Claim837Reader:
    from parsers.claim837 import READER_837I

    return READER_837I


def _ta1() -> Ta1Reader:
    from parsers.ta1 import READER

    return READER


# -- postings: each kind's reader feeding its ledger posting ----------------------------------
def _remittance(p: Posting, ts: TransactionSet) -> Posted:
    from edi.ledger.remit_set import post_remittance_set

    return post_remittance_set(p, _era835().items(ts, p.findings), ts.location)


def _group_response(reader: Callable[[], AckReader]) -> SetPosting:
    def post(p: Posting, ts: TransactionSet) -> Posted:
        from edi.ledger.acks import post_group_response

        return post_group_response(p, reader().read(ts, p.findings), ts.variant, ts.location)

    return post


def _status_report(reader: Callable[[], StatusReader]) -> SetPosting:
    def post(p: Posting, ts: TransactionSet) -> Posted:
        from edi.ledger.status import post_status_report

        return post_status_report(p, reader().items(ts, p.findings), ts.variant, ts.location)

    return post


def post_ta1(p: Posting, ack: Acknowledgment) -> Posted:
    """How ``ingest`` posts a TA1."""
    from edi.ledger.acks import post_interchange_ack

    return post_interchange_ack(p, _ta1().model(ack, p.findings))


TRANSACTIONS: dict[str, Transaction[TransactionSet]] = {
    t.kind: t
    for t in (
        Transaction("835", _era835, _remittance),
        Transaction("999", _ack999, _group_response(_ack999)),
        Transaction("997", _ack997, _group_response(_ack997)),
        Transaction("277CA", _status277ca, _status_report(_status277ca)),
        Transaction("277", _status277, _status_report(_status277)),
        Transaction("837P", _claim837p),
        Transaction("837I", _claim837i),
    )
}
"""The transaction sets, by variant (``TransactionSet.variant``)."""

TA1: Transaction[Acknowledgment] = Transaction("TA1", _ta1, post_ta1)
"""The interchange acknowledgment."""

POSTINGS: dict[str, SetPosting] = {
    kind: t.posting for kind, t in TRANSACTIONS.items() if t.posting is not None
}
"""How ``ingest`` posts each kind of reply set; a set of any other kind is not a reply."""


def reader_for(variant: str) -> Reader[TransactionSet] | None:
    """The reader for a transaction variant (835, 999, 997, 277CA, 277, 837P, 837I), or None."""
    transaction = TRANSACTIONS.get(variant)
    return transaction.reader() if transaction is not None else None
