"""277CA health care claim acknowledgment writer (005010X214).

Hierarchy: 2000A information source (payer, TRN*1 receipt id, DTP 050/009) → 2000B information
receiver (the submitter, TRN*2 = the 837's BHT03, STC A1 batch status, QTY/AMT accepted and
rejected) → 2000C billing provider (TRN*1, STC, QTY/AMT) → 2000D patient, one per claim
(TRN*2 = CLM01, STC, REF*1K / REF*D9 / REF*BLT, DTP*472) → 2220D rejected service lines.

:func:`claim_ack_body` writes a whole hierarchy given as models; :class:`ClaimAckWriter` writes
one level at a time to an :class:`~generators.replies.envelope.InterchangeWriter`, for a
277CA too big to hold: each level's counts and totals (:class:`Tally`) are added up before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from edi.x12.writer import SegmentData, format_amount
from generators.replies.envelope import InterchangeWriter, TransactionBody

VERSION = "005010X214"
FUNCTIONAL_ID = "HN"
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8"})


@dataclass(frozen=True, slots=True)
class StatusCode:
    """STC01 composite: category (507), status (508), entity (98, optional)."""

    category: str
    status: str
    entity: str = ""

    @property
    def rejected(self) -> bool:
        return self.category in REJECTED_CATEGORIES

    def composite(self) -> tuple[str, ...]:
        return (self.category, self.status, self.entity)

    def __str__(self) -> str:
        return ":".join(p for p in self.composite() if p)


@dataclass(frozen=True, slots=True)
class Name:
    """An NM1 name: organisation (``first`` empty) or person."""

    last: str  # NM103
    first: str = ""  # NM104
    id_qualifier: str = ""  # NM108
    identifier: str = ""  # NM109

    @property
    def entity_type(self) -> str:
        return "1" if self.first else "2"


def period(start: date, end: date) -> tuple[str, str]:
    """DTP02/DTP03 for one day (D8) or a range (RD8)."""
    if start == end:
        return "D8", f"{start:%Y%m%d}"
    return "RD8", f"{start:%Y%m%d}-{end:%Y%m%d}"


@dataclass(frozen=True, slots=True)
class LineStatus:
    """2220D: one service line the payer rejected."""

    procedure: tuple[str, ...]  # SVC01 composite: qualifier, code, modifiers
    charge: Decimal  # SVC02
    status: StatusCode  # STC01 (STC03 is always U at line level)
    service: tuple[date, date]  # DTP*472
    revenue_code: str = ""  # SVC04
    units: str = ""  # SVC07
    line_control: str = ""  # REF*FJ, the 837's REF*6R


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """2000D/2200D: one claim's acknowledgment."""

    claim_id: str  # TRN02 = CLM01
    charge: Decimal  # STC04
    status: StatusCode  # STC01
    patient: Name  # 2100D NM1*QC (member id in NM109)
    service: tuple[date, date]  # DTP*472
    payer_claim_number: str = ""  # REF*1K (accepted claims)
    clearinghouse_trace: str = ""  # REF*D9, echoed from the 837
    bill_type: str = ""  # REF*BLT (837I)
    lines: tuple[LineStatus, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.status.rejected


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """2000C: one billing provider and its claims."""

    provider: Name  # 2100C NM1*85
    trace: str  # 2200C TRN*1
    claims: tuple[ClaimStatus, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """2000A + 2000B without the levels below: the information source and the receiver."""

    source: Name  # 2100A NM1*PR
    receipt_id: str  # 2200A TRN*1
    received: date  # DTP*050
    processed: date  # DTP*009
    receiver: Name  # 2100B NM1*41
    batch_id: str  # 2200B TRN*2: the 837's BHT03


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """2000A + 2000B: one information source (payer) and the receiver's batch."""

    source: Name  # 2100A NM1*PR
    receipt_id: str  # 2200A TRN*1
    received: date  # DTP*050
    processed: date  # DTP*009
    receiver: Name  # 2100B NM1*41
    batch_id: str  # 2200B TRN*2: the 837's BHT03
    providers: tuple[ProviderStatus, ...]

    @property
    def header(self) -> Source:
        return Source(
            self.source,
            self.receipt_id,
            self.received,
            self.processed,
            self.receiver,
            self.batch_id,
        )


@dataclass(slots=True)
class Tally:
    """The claims under one level: how many were accepted and rejected and for how much (its
    QTY and AMT), and the total charge and action code of its STC."""

    accepted: int = 0
    accepted_amount: Decimal = Decimal(0)
    rejected: int = 0
    rejected_amount: Decimal = Decimal(0)
    total: Decimal = Decimal(0)

    def add(self, claim: ClaimStatus) -> None:
        if claim.accepted:
            self.accepted += 1
            self.accepted_amount += claim.charge
        else:
            self.rejected += 1
            self.rejected_amount += claim.charge
        self.total += claim.charge

    @classmethod
    def of(cls, claims: Iterable[ClaimStatus]) -> Tally:
        tally = cls()
        for claim in claims:
            tally.add(claim)
        return tally

    @property
    def action(self) -> str:
        """STC03: WQ when any claim below was accepted, else U."""
        return "WQ" if self.accepted else "U"

    def segments(self, qty: tuple[str, str]) -> list[SegmentData]:
        """QTY and AMT of the accepted and the rejected claims (those there are)."""
        out: list[SegmentData] = []
        if self.accepted:
            out.append(["QTY", qty[0], str(self.accepted)])
        if self.rejected:
            out.append(["QTY", qty[1], str(self.rejected)])
        if self.accepted:
            out.append(["AMT", "YU", format_amount(self.accepted_amount)])
        if self.rejected:
            out.append(["AMT", "YY", format_amount(self.rejected_amount)])
        return out


def line_segments(line: LineStatus, processed: date) -> list[SegmentData]:
    out: list[SegmentData] = [
        [
            "SVC",
            line.procedure,
            format_amount(line.charge),
            "",
            line.revenue_code,
            "",
            "",
            line.units,
        ],
        ["STC", line.status.composite(), f"{processed:%Y%m%d}", "U"],
    ]
    if line.line_control:
        out.append(["REF", "FJ", line.line_control])
    out.append(["DTP", "472", *period(*line.service)])
    return out


def claim_segments(claim: ClaimStatus, processed: date) -> list[SegmentData]:
    action = "WQ" if claim.accepted else "U"
    out: list[SegmentData] = [
        ["TRN", "2", claim.claim_id],
        [
            "STC",
            claim.status.composite(),
            f"{processed:%Y%m%d}",
            action,
            format_amount(claim.charge),
        ],
    ]
    if claim.payer_claim_number and claim.accepted:
        out.append(["REF", "1K", claim.payer_claim_number])
    if claim.clearinghouse_trace:
        out.append(["REF", "D9", claim.clearinghouse_trace])
    if claim.bill_type:
        out.append(["REF", "BLT", claim.bill_type])
    out.append(["DTP", "472", *period(*claim.service)])
    for line in claim.lines:
        out.extend(line_segments(line, processed))
    return out


def _name(code: str, name: Name, entity_type: str = "") -> SegmentData:
    return [
        "NM1",
        code,
        entity_type or name.entity_type,
        name.last,
        name.first,
        "",
        "",
        "",
        name.id_qualifier,
        name.identifier,
    ]


class _Levels:
    """Hands out HL numbers."""

    def __init__(self) -> None:
        self.last = 0

    def hl(self, parent: int | None, level: str, child: str) -> tuple[int, SegmentData]:
        self.last += 1
        return self.last, ["HL", str(self.last), str(parent or ""), level, child]


def source_segments(
    source: Source, tally: Tally, levels: _Levels, providers: bool = True
) -> tuple[int, list[SegmentData]]:
    """2000A and 2000B; the receiver's HL number, parent of the providers below."""
    top, hl = levels.hl(None, "20", "1")
    out: list[SegmentData] = [
        hl,
        _name("PR", source.source),
        ["TRN", "1", source.receipt_id],
        ["DTP", "050", "D8", f"{source.received:%Y%m%d}"],
        ["DTP", "009", "D8", f"{source.processed:%Y%m%d}"],
    ]
    receiver, hl = levels.hl(top, "21", "1" if providers else "0")
    out += [
        hl,
        _name("41", source.receiver),
        ["TRN", "2", source.batch_id],
        [
            "STC",
            ("A1", "19", "PR"),
            f"{source.processed:%Y%m%d}",
            tally.action,
            format_amount(tally.total),
        ],
    ]
    out += tally.segments(("90", "AA"))
    return receiver, out


def provider_segments(
    provider: Name, trace: str, tally: Tally, parent: int, levels: _Levels
) -> tuple[int, list[SegmentData]]:
    """2000C; its HL number, parent of its claims."""
    me, hl = levels.hl(parent, "19", "1")
    out: list[SegmentData] = [
        hl,
        _name("85", provider),
        ["TRN", "1", trace],
        ["STC", ("A1", "19", "PR"), "", tally.action, format_amount(tally.total)],
    ]
    return me, out + tally.segments(("QA", "QC"))


def patient_segments(
    claim: ClaimStatus, parent: int, processed: date, levels: _Levels
) -> list[SegmentData]:
    """2000D and its 2220D lines."""
    _, hl = levels.hl(parent, "PT", "")
    return [hl, _name("QC", claim.patient, "1"), *claim_segments(claim, processed)]


def claim_ack_segments(
    reference: str, created: datetime, sources: Sequence[SourceStatus]
) -> list[SegmentData]:
    """BHT … the last 2000D: the body of one 277CA transaction set."""
    if not sources:
        raise ValueError("a 277CA needs at least one information source")
    out: list[SegmentData] = [_bht(reference, created)]
    levels = _Levels()
    for source in sources:
        claims = [c for p in source.providers for c in p.claims]
        receiver, segments = source_segments(
            source.header, Tally.of(claims), levels, bool(source.providers)
        )
        out += segments
        for provider in source.providers:
            me, segments = provider_segments(
                provider.provider, provider.trace, Tally.of(provider.claims), receiver, levels
            )
            out += segments
            for claim in provider.claims:
                out += patient_segments(claim, me, source.processed, levels)
    return out


def _bht(reference: str, created: datetime) -> SegmentData:
    return ["BHT", "0085", "08", reference, f"{created:%Y%m%d}", f"{created:%H%M}", "TH"]


def claim_ack_body(
    control_number: str, reference: str, created: datetime, sources: Sequence[SourceStatus]
) -> TransactionBody:
    return TransactionBody(
        "277", control_number, VERSION, claim_ack_segments(reference, created, sources)
    )


class ClaimAckWriter:
    """One 277CA transaction set written level by level: :meth:`source` (2000A/2000B), then
    :meth:`provider` (2000C) and :meth:`claim` (2000D) for each of its claims, in hierarchy
    order, then :meth:`end`. A level's counts and totals come before its claims, so each
    level's :class:`Tally` is added up before it is written."""

    def __init__(
        self, out: InterchangeWriter, control_number: str, reference: str, created: datetime
    ) -> None:
        self._out = out
        self._levels = _Levels()
        self._processed: date | None = None
        self._receiver = 0  # HL of the current 2000B
        self._provider = 0  # HL of the current 2000C
        out.begin("277", control_number, VERSION)
        out.write(_bht(reference, created))

    def source(self, source: Source, tally: Tally) -> None:
        self._processed = source.processed
        self._receiver, segments = source_segments(source, tally, self._levels)
        self._out.write_all(segments)

    def provider(self, provider: Name, trace: str, tally: Tally) -> None:
        if not self._receiver:
            raise ValueError("a 2000C comes under a 2000A/2000B")
        self._provider, segments = provider_segments(
            provider, trace, tally, self._receiver, self._levels
        )
        self._out.write_all(segments)

    def claim(self, claim: ClaimStatus) -> None:
        if self._processed is None or not self._provider:
            raise ValueError("a 2000D comes under a 2000C")
        self._out.write_all(patient_segments(claim, self._provider, self._processed, self._levels))

    def end(self) -> None:
        if not self._receiver:
            raise ValueError("a 277CA needs at least one information source")
        self._out.end()
