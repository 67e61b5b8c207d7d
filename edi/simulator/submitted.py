"""What the simulator needs to know about a submitted 837: plain, typed records.

:mod:`edi.simulator.reading` fills them from the claims the 837 reader gives (the claim input
models, their envelope and the positions of their segments). A transaction set's claims are a
sequence: a tuple for a file read whole, or claims read back one at a time from a spool
(:mod:`edi.simulator.spool`) when the simulator answers a big file. Names and member IDs are kept
only to be written into the reply files (277CA 2100D, 835 NM1*QC/IL) and never logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from edi.model.remittance.header import Address


@dataclass(frozen=True, slots=True)
class Party:
    """A billing provider (2010AA) or payer (2010BB)."""

    last: str  # NM103
    first: str  # NM104 (empty for an organisation)
    id_qualifier: str  # NM108
    identifier: str  # NM109: NPI or payer ID
    address: Address | None = None  # N3/N4
    tax_id: str = ""  # 2010AA REF*EI


@dataclass(frozen=True, slots=True)
class Member:
    """A subscriber (2010BA) or patient (2010CA)."""

    last: str
    first: str
    member_id: str = ""  # 2010BA NM109


@dataclass(frozen=True, slots=True)
class CodedElement:
    """Where one element sits in a segment, for a 999 IK4."""

    position: int  # IK401-1
    component: int | None  # IK401-2
    reference: str  # IK402
    value: str  # IK404


@dataclass(frozen=True, slots=True)
class SubmittedLine:
    """2400: one service line."""

    segment_id: str  # SV1 or SV2
    position: int  # position of SV1/SV2 in the transaction set
    procedure: tuple[str, ...]  # qualifier, code, modifiers (NU + revenue code without HCPCS)
    code: CodedElement  # the procedure (or revenue) code element
    charge: Decimal
    units: str
    service: tuple[date, date]
    revenue_code: str = ""  # SV201
    line_control: str = ""  # REF*6R


@dataclass(frozen=True, slots=True)
class SubmittedClaim:
    """2300: one claim, with what surrounds it in the hierarchy."""

    claim_id: str  # CLM01
    charge: Decimal  # CLM02
    position: int  # position of CLM in the transaction set
    facility: CodedElement  # CLM05-1
    frequency: str  # CLM05-3
    institutional: bool
    payer_sequence: str  # SBR01
    filing_indicator: str  # SBR09
    billing: Party
    payer: Party
    subscriber: Member
    patient: Member | None  # 2010CA, when the patient is not the subscriber
    diagnosis_position: int  # HI*ABK
    diagnosis: CodedElement
    service: tuple[date, date]
    lines: tuple[SubmittedLine, ...]
    received: date  # GS04 of the 837: the day the payer received it
    clearinghouse_trace: str = ""  # REF*D9

    @property
    def bill_type(self) -> str:
        return self.facility.value + self.frequency if self.institutional else ""


@dataclass(frozen=True, slots=True)
class SubmittedSet:
    """One 837 transaction set."""

    control_number: str  # ST02
    implementation: str  # ST03
    batch_id: str  # BHT03
    submitter: Party  # 1000A
    claims: Sequence[SubmittedClaim]


@dataclass(frozen=True, slots=True)
class SubmittedGroup:
    functional_id: str  # GS01
    control_number: str  # GS06
    version: str  # GS08
    sent: date  # GS04
    sets: tuple[SubmittedSet, ...]


@dataclass(frozen=True, slots=True)
class SubmittedFile:
    path: Path
    control_number: str  # ISA13
    sender: tuple[str, str]  # ISA05, ISA06
    receiver: tuple[str, str]  # ISA07, ISA08
    usage: str  # ISA15
    groups: tuple[SubmittedGroup, ...]
    date: str = ""  # ISA09 (YYMMDD)
    time: str = ""  # ISA10 (HHMM)
    ack_requested: bool = False  # ISA14 = 1: a TA1 is asked for

    def claims(self) -> Iterator[SubmittedClaim]:
        """Every claim, in the file's order."""
        return (c for g in self.groups for s in g.sets for c in s.claims)
