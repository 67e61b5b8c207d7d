"""Read submitted 837P/837I files into :mod:`edi.simulator.submitted` records.

A small adapter over the 837 loop tree (``parsers.claim837``): it takes only what the replies
echo — envelope and batch identifiers, CLM01 and charges, parties, line control numbers and the
positions a 999 points at. A file that does not read cleanly is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from edi.simulator.submitted import (
    CodedElement,
    Member,
    Party,
    SubmittedClaim,
    SubmittedFile,
    SubmittedGroup,
    SubmittedLine,
    SubmittedSet,
)
from edi.x12 import quoting, values
from edi.x12.envelope import GroupHeader, TransactionSet, Walker
from edi.x12.errors import InputError
from edi.x12.findings import Findings
from edi.x12.grammar import Loop
from edi.x12.reader import SegmentReader
from edi.x12.segment import Segment
from generators.replies import Address
from parsers.claim837 import READER_837I, READER_837P


def _need(loop: Loop, segment: str) -> Segment:
    found = loop.first(segment)
    if found is None:
        raise InputError(f"loop {loop.id} has no {segment} segment")
    return found


def _money(value: str) -> Decimal:
    found = values.money(value)
    if found is None:
        raise InputError(f"not an amount: ({quoting.describe(value)})")
    return found


def _dates(seg: Segment) -> tuple[date, date]:
    """DTP*…*D8|RD8*value as a (first, last) pair."""
    text = seg[3]
    day = values.date8(text)
    found = (day, day) if day is not None else values.date_range(text)
    if found is None:
        raise InputError(f"{seg.elements[0]}03 is not a date or a date range (CCYYMMDD)")
    return found


def _address(loop: Loop) -> Address | None:
    n3, n4 = loop.first("N3"), loop.first("N4")
    if n3 is None or n4 is None:
        return None
    return Address(n3[1], n4[1], n4[2], n4[3])


def _party(loop: Loop) -> Party:
    nm1 = _need(loop, "NM1")
    tax = next((s[2] for s in loop.segments() if s.id == "REF" and s[1] == "EI"), "")
    return Party(nm1[3], nm1[4], nm1[8], nm1[9], _address(loop), tax)


def _member(loop: Loop) -> Member:
    nm1 = _need(loop, "NM1")
    return Member(nm1[3], nm1[4], nm1[9])


def _line(loop: Loop, fallback: tuple[date, date]) -> SubmittedLine:
    dtp = next((s for s in loop.segments() if s.id == "DTP" and s[1] == "472"), None)
    service = _dates(dtp) if dtp is not None else fallback
    control = next((s[2] for s in loop.segments() if s.id == "REF" and s[1] == "6R"), "")
    sv1 = loop.first("SV1")
    if sv1 is not None:
        procedure = tuple(sv1.components(1))
        code = CodedElement(1, 2, "235", sv1.component(1, 2))
        return SubmittedLine(
            "SV1",
            sv1.position,
            procedure,
            code,
            _money(sv1[2]),
            sv1[4],
            service,
            line_control=control,
        )
    sv2 = _need(loop, "SV2")
    revenue = sv2[1]
    if sv2[2]:
        procedure = tuple(sv2.components(2))
        code = CodedElement(2, 2, "235", sv2.component(2, 2))
    else:
        procedure, code = ("NU", revenue), CodedElement(1, None, "234", revenue)
    return SubmittedLine(
        "SV2", sv2.position, procedure, code, _money(sv2[3]), sv2[5], service, revenue, control
    )


def _service(claim: Loop, lines: list[Loop]) -> tuple[date, date]:
    statement = next((s for s in claim.segments() if s.id == "DTP" and s[1] == "434"), None)
    if statement is not None:
        return _dates(statement)
    days = [_dates(d) for line in lines for d in line.segments() if d.id == "DTP" and d[1] == "472"]
    if not days:
        raise InputError("a claim has neither a statement period nor service dates")
    return min(d[0] for d in days), max(d[1] for d in days)


@dataclass(frozen=True, slots=True)
class _Coverage:
    """What the hierarchy above a claim says: provider, payer, subscriber, patient."""

    billing: Party
    payer: Party
    subscriber: Member
    payer_sequence: str
    filing_indicator: str
    received: date
    patient: Member | None = None


def _claim(loop: Loop, cover: _Coverage) -> SubmittedClaim:
    clm = _need(loop, "CLM")
    hi = _need(loop, "HI")
    line_loops = list(loop.loops("2400"))
    service = _service(loop, line_loops)
    facility, frequency = clm.component(5, 1), clm.component(5, 3)
    trace = next((s[2] for s in loop.segments() if s.id == "REF" and s[1] == "D9"), "")
    return SubmittedClaim(
        claim_id=clm[1],
        charge=_money(clm[2]),
        position=clm.position,
        facility=CodedElement(5, 1, "1331", facility),
        frequency=frequency,
        institutional=clm.component(5, 2) == "A",
        diagnosis_position=hi.position,
        diagnosis=CodedElement(1, 2, "1271", hi.component(1, 2)),
        service=service,
        lines=tuple(_line(line, service) for line in line_loops),
        clearinghouse_trace=trace,
        payer_sequence=cover.payer_sequence,
        filing_indicator=cover.filing_indicator,
        billing=cover.billing,
        payer=cover.payer,
        subscriber=cover.subscriber,
        patient=cover.patient,
        received=cover.received,
    )


def _claims(tree: Loop, received: date) -> list[SubmittedClaim]:
    out: list[SubmittedClaim] = []
    for provider in tree.loops("2000A"):
        billing = _party(next(provider.loops("2010AA")))
        for subscriber in provider.loops("2000B"):
            sbr = _need(subscriber, "SBR")
            cover = _Coverage(
                billing,
                _party(next(subscriber.loops("2010BB"))),
                _member(next(subscriber.loops("2010BA"))),
                sbr[1],
                sbr[9],
                received,
            )
            out += [_claim(c, cover) for c in subscriber.loops("2300")]
            for patient in subscriber.loops("2000C"):
                dependant = replace(cover, patient=_member(next(patient.loops("2010CA"))))
                out += [_claim(c, dependant) for c in patient.loops("2300")]
    return out


def _set(ts: TransactionSet, sent: date, findings: Findings) -> SubmittedSet:
    reader = READER_837I if ts.variant == "837I" else READER_837P
    tree = reader.tree(ts, findings)
    if not isinstance(tree, Loop) or findings.errors:
        raise InputError(f"transaction set {ts.control_number} is not a clean 837")
    submitter = _party(next(tree.loops("1000A")))
    return SubmittedSet(
        ts.control_number,
        ts.implementation,
        _need(tree, "BHT")[3],
        submitter,
        tuple(_claims(tree, sent)),
    )


def _sent(header: GroupHeader) -> date:
    found = values.date8(header.date)
    if found is None:
        raise InputError("GS04 is not a date (CCYYMMDD)")
    return found


def _group(header: GroupHeader, sets: list[SubmittedSet]) -> SubmittedGroup:
    return SubmittedGroup(
        header.functional_id, header.control_number, header.version, _sent(header), tuple(sets)
    )


def read_837(path: Path) -> SubmittedFile:
    """One 837 file (one interchange) as records; :class:`InputError` when it is not clean."""
    findings = Findings(str(path))
    groups: dict[str, tuple[GroupHeader, list[SubmittedSet]]] = {}
    interchange = None
    for event in Walker(iter(SegmentReader(path, findings, str(path))), findings):
        if not isinstance(event, TransactionSet):
            continue
        if event.variant not in ("837P", "837I") or event.group is None:
            raise InputError(f"not an 837 claim file (found {event.variant})", file=str(path))
        interchange = interchange or event.interchange
        entry = groups.setdefault(event.group.control_number, (event.group, []))
        entry[1].append(_set(event, _sent(event.group), findings))
    if interchange is None or not groups:
        raise InputError("no 837 transaction set in an interchange", file=str(path))
    if findings.errors:
        raise InputError(f"not a clean 837: {findings.errors[0]}", file=str(path))
    return SubmittedFile(
        path,
        interchange.control_number,
        (interchange.sender_qualifier, interchange.sender_id),
        (interchange.receiver_qualifier, interchange.receiver_id),
        interchange.usage,
        tuple(_group(header, sets) for header, sets in groups.values()),
        interchange.date,
        interchange.time,
        interchange.ack_requested == "1",
    )
