"""277CA health care claim acknowledgment writer (005010X214).

Hierarchy: 2000A information source (payer, TRN*1 receipt id, DTP 050/009) → 2000B information
receiver (the submitter, TRN*2 = the 837's BHT03, STC A1 batch status, QTY/AMT accepted and
rejected) → 2000C billing provider (TRN*1, STC, QTY/AMT) → 2000D patient, one per claim
(TRN*2 = CLM01, STC, REF*1K / REF*D9 / REF*BLT, DTP*472) → 2220D rejected service lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from edi.x12.writer import SegmentData, format_amount
from generators.replies.envelope import TransactionBody

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
class SourceStatus:
    """2000A + 2000B: one information source (payer) and the receiver's batch."""

    source: Name  # 2100A NM1*PR
    receipt_id: str  # 2200A TRN*1
    received: date  # DTP*050
    processed: date  # DTP*009
    receiver: Name  # 2100B NM1*41
    batch_id: str  # 2200B TRN*2: the 837's BHT03
    providers: tuple[ProviderStatus, ...]


def _totals(claims: Sequence[ClaimStatus]) -> tuple[int, Decimal, int, Decimal]:
    ok = [c for c in claims if c.accepted]
    bad = [c for c in claims if not c.accepted]
    return (
        len(ok),
        sum((c.charge for c in ok), Decimal(0)),
        len(bad),
        sum((c.charge for c in bad), Decimal(0)),
    )


def _counts(claims: Sequence[ClaimStatus], qty: tuple[str, str]) -> list[SegmentData]:
    accepted, accepted_amount, rejected, rejected_amount = _totals(claims)
    out: list[SegmentData] = []
    if accepted:
        out.append(["QTY", qty[0], str(accepted)])
    if rejected:
        out.append(["QTY", qty[1], str(rejected)])
    if accepted:
        out.append(["AMT", "YU", format_amount(accepted_amount)])
    if rejected:
        out.append(["AMT", "YY", format_amount(rejected_amount)])
    return out


def _action(claims: Sequence[ClaimStatus]) -> str:
    return "WQ" if any(c.accepted for c in claims) else "U"


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


def _source_segments(source: SourceStatus, levels: _Levels) -> list[SegmentData]:
    top, hl = levels.hl(None, "20", "1")
    out: list[SegmentData] = [
        hl,
        _name("PR", source.source),
        ["TRN", "1", source.receipt_id],
        ["DTP", "050", "D8", f"{source.received:%Y%m%d}"],
        ["DTP", "009", "D8", f"{source.processed:%Y%m%d}"],
    ]
    claims = [c for p in source.providers for c in p.claims]
    receiver, hl = levels.hl(top, "21", "1" if source.providers else "0")
    out += [
        hl,
        _name("41", source.receiver),
        ["TRN", "2", source.batch_id],
        [
            "STC",
            ("A1", "19", "PR"),
            f"{source.processed:%Y%m%d}",
            _action(claims),
            format_amount(sum((c.charge for c in claims), Decimal(0))),
        ],
    ]
    out += _counts(claims, ("90", "AA"))
    for provider in source.providers:
        out += _provider_segments(provider, source.processed, receiver, levels)
    return out


def _provider_segments(
    provider: ProviderStatus, processed: date, parent: int, levels: _Levels
) -> list[SegmentData]:
    me, hl = levels.hl(parent, "19", "1")
    total = sum((c.charge for c in provider.claims), Decimal(0))
    out: list[SegmentData] = [
        hl,
        _name("85", provider.provider),
        ["TRN", "1", provider.trace],
        ["STC", ("A1", "19", "PR"), "", _action(provider.claims), format_amount(total)],
    ]
    out += _counts(provider.claims, ("QA", "QC"))
    for claim in provider.claims:
        _, hl = levels.hl(me, "PT", "")
        out += [hl, _name("QC", claim.patient, "1"), *claim_segments(claim, processed)]
    return out


def claim_ack_segments(
    reference: str, created: datetime, sources: Sequence[SourceStatus]
) -> list[SegmentData]:
    """BHT … the last 2000D: the body of one 277CA transaction set."""
    if not sources:
        raise ValueError("a 277CA needs at least one information source")
    out: list[SegmentData] = [
        ["BHT", "0085", "08", reference, f"{created:%Y%m%d}", f"{created:%H%M}", "TH"]
    ]
    levels = _Levels()
    for source in sources:
        out += _source_segments(source, levels)
    return out


def claim_ack_body(
    control_number: str, reference: str, created: datetime, sources: Sequence[SourceStatus]
) -> TransactionBody:
    return TransactionBody(
        "277", control_number, VERSION, claim_ack_segments(reference, created, sources)
    )
