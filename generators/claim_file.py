"""Streaming 837 interchange writer: envelopes, hierarchy (HL) and counts, claim by claim.

Claims arrive one at a time, as models or already rendered (:class:`PreparedClaim`), and go to
the stream at once, so memory does not grow with the number of claims. Consecutive claims with
the same billing provider (and pay-to address) share one 2000A; consecutive claims with the
same subscriber, payer and patient share one 2000B (and 2000C). A transaction set holds at most
``max_claims_per_transaction`` claims; the next one starts a new ST with fresh HL numbers.

The trading partners and the delimiters come in as :class:`ClaimFileSettings`; the caller (the
outbound pipeline) takes them from the configuration.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from edi.model.claim import Claim
from edi.x12.delimiters import Delimiters
from edi.x12.writer import (
    InterchangeHeader,
    SegmentWriter,
    ge_segment,
    gs_segment,
    iea_segment,
    isa_text,
    st_control,
)
from generators.builders.common import Seg, hierarchy_segment
from generators.kinds import ClaimKind
from generators.prepared import Block, ClaimPreparer, PreparedClaim

MAX_CLAIMS_PER_TRANSACTION = 5000
"""The TR3's advice: at most 5,000 claims (CLM) in one transaction set."""
MAX_CLAIMS_PER_SUBSCRIBER_LEVEL = 100
"""Loop 2300 repeats at most 100 times under one 2000B or 2000C."""


def transaction_count(claims: int, per_transaction: int = MAX_CLAIMS_PER_TRANSACTION) -> int:
    """How many transaction sets (ST) the writer opens for ``claims`` claims."""
    return max(1, math.ceil(claims / per_transaction))


@dataclass(frozen=True, slots=True)
class Submitter:
    """Loop 1000A: who sends the claims, and whom the receiver calls about them."""

    name: str  # NM103
    id: str  # NM109
    contact_name: str  # PER02
    phone: str | None = None  # PER04 with PER03 TE
    email: str | None = None  # PER with qualifier EM


@dataclass(frozen=True, slots=True)
class Receiver:
    """Loop 1000B: who receives the claims."""

    name: str  # NM103
    id: str  # NM109


@dataclass(frozen=True, slots=True)
class ClaimFileSettings:
    """What an 837 file says of its sender and receiver, and how it is written."""

    sender_qualifier: str  # ISA05
    sender_id: str  # ISA06 and GS02
    receiver_qualifier: str  # ISA07
    receiver_id: str  # ISA08 and GS03
    usage_indicator: str  # ISA15: T test, P production
    acknowledgment_requested: bool  # ISA14: ask for a TA1
    submitter: Submitter
    receiver: Receiver
    delimiters: Delimiters
    line_break: bool  # a newline after each segment terminator


@dataclass
class FileSummary:
    interchange: int = 0
    group: int = 0
    transactions: list[tuple[int, int]] = field(default_factory=list)  # (ST02, claims)
    claims: int = 0
    segments: int = 0


class ClaimFileWriter:
    """Writes one interchange (one ISA, one GS, one or more ST) of 837 claims."""

    def __init__(
        self,
        stream: TextIO,
        kind: ClaimKind,
        settings: ClaimFileSettings,
        *,
        interchange_number: int,
        group_number: int,
        transaction_numbers: Iterator[int],
        when: datetime,
        max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
    ) -> None:
        line_break = "\n" if settings.line_break else ""
        self.out = SegmentWriter(stream, settings.delimiters, line_break)
        self.kind = kind
        self.settings = settings
        self.when = when
        self.transaction_numbers = transaction_numbers
        self.max_claims = max_claims_per_transaction
        self.summary = FileSummary(interchange=interchange_number, group=group_number)
        self._st: int | None = None
        self._st_start = 0
        self._st_claims = 0
        self._hl = 0
        self._billing_key: bytes | None = None
        self._billing_hl = 0
        self._subscriber_key: bytes | None = None
        self._subscriber_claims = 0
        self._preparer: ClaimPreparer | None = None

    def write(self, claims: Iterable[Claim | PreparedClaim]) -> FileSummary:
        """Write the whole interchange: envelopes around every claim of ``claims``."""
        self._open_interchange()
        for claim in claims:
            self.add(claim)
        return self.close()

    def _open_interchange(self) -> None:
        ic = self.settings
        header = InterchangeHeader(
            ic.sender_qualifier,
            ic.sender_id,
            ic.receiver_qualifier,
            ic.receiver_id,
            self.summary.interchange,
            ic.usage_indicator,
            ic.acknowledgment_requested,
        )
        self.out.write_raw(isa_text(header, self.out.delimiters, self.when))
        self.out.write(
            gs_segment(
                "HC", ic.sender_id, ic.receiver_id, self.summary.group, self.kind.version, self.when
            )
        )

    def add(self, claim: Claim | PreparedClaim) -> None:
        prepared = claim if isinstance(claim, PreparedClaim) else self._prepare(claim)
        if self._st is None or self._st_claims >= self.max_claims:
            self._close_transaction()
            self._open_transaction()
        if prepared.provider_key != self._billing_key:
            self._hl += 1
            self._billing_hl = self._hl
            self._billing_key = prepared.provider_key
            self._subscriber_key = None
            self.out.write(hierarchy_segment(self._hl, None, "20", True))
            self._emit_block(prepared.provider)
        if (
            prepared.subscriber_key != self._subscriber_key
            or self._subscriber_claims >= MAX_CLAIMS_PER_SUBSCRIBER_LEVEL
        ):
            self._open_subscriber(prepared)
            self._subscriber_key = prepared.subscriber_key
            self._subscriber_claims = 0
        self._emit_block(prepared.claim)
        self._subscriber_claims += 1
        self._st_claims += 1
        self.summary.claims += 1

    def _prepare(self, claim: Claim) -> PreparedClaim:
        if self._preparer is None:
            self._preparer = ClaimPreparer(
                self.kind, self.settings.delimiters, self.settings.line_break
            )
        return self._preparer.prepare(claim)

    def _open_subscriber(self, prepared: PreparedClaim) -> None:
        self._hl += 1
        subscriber_hl = self._hl
        patient = prepared.patient
        self.out.write(
            hierarchy_segment(subscriber_hl, self._billing_hl, "22", patient is not None)
        )
        self._emit_block(prepared.subscriber)
        if patient is not None:
            self._hl += 1
            self.out.write(hierarchy_segment(self._hl, subscriber_hl, "23", False))
            self._emit_block(patient)

    def _emit_block(self, block: Block) -> None:
        self.out.stream.write(block.written())
        self.out.count += block.segments

    def _emit(self, segments: list[Seg]) -> None:
        self.out.write_all(segments)

    def _open_transaction(self) -> None:
        self._st = next(self.transaction_numbers)
        self._st_start = self.out.count
        self._st_claims = 0
        self._hl = 0
        self._billing_key = None
        self._subscriber_key = None
        control = st_control(self._st)
        submitter, receiver = self.settings.submitter, self.settings.receiver
        when = self.when
        contact: Seg = ["PER", "IC", submitter.contact_name]
        if submitter.phone:
            contact += ["TE", submitter.phone]
        if submitter.email:
            contact += ["EM", submitter.email]
        self._emit(
            [
                ["ST", "837", control, self.kind.version],
                [
                    "BHT",
                    "0019",
                    "00",
                    f"{self.summary.interchange:09d}{control}",
                    when.strftime("%Y%m%d"),
                    when.strftime("%H%M"),
                    "CH",
                ],
                ["NM1", "41", "2", submitter.name, "", "", "", "", "46", submitter.id],
                contact,
                ["NM1", "40", "2", receiver.name, "", "", "", "", "46", receiver.id],
            ]
        )

    def _close_transaction(self) -> None:
        if self._st is None:
            return
        control = st_control(self._st)
        count = self.out.count - self._st_start + 1
        self.out.write(["SE", str(count), control])
        self.summary.transactions.append((self._st, self._st_claims))
        self._st = None

    def close(self) -> FileSummary:
        """Close the open transaction set, the group and the interchange."""
        if self._st is None and not self.summary.transactions:
            raise ValueError("an interchange needs at least one claim")
        self._close_transaction()
        self.out.write(ge_segment(len(self.summary.transactions), self.summary.group))
        self.out.write(iea_segment(1, self.summary.interchange))
        self.summary.segments = self.out.count
        return self.summary
