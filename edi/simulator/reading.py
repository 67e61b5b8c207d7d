"""Read submitted 837P/837I files into :mod:`edi.simulator.submitted` records.

The 837 reader (:func:`parsers.claim837.read_claim_sets`) gives each claim as its input model
(:mod:`edi.model.claim`) with its envelope and the positions of its segments; this module keeps
what the replies echo: envelope and batch identifiers, CLM01 and charges, parties, line control
numbers and the positions a 999 points at. A file that does not read cleanly is refused, and so
is a claim the input model refuses (``x12flow validate`` names the field). Given a
:class:`~edi.simulator.spool.ClaimSpool`, the claims go to it as they are read and the sets
read them back from it, so a file of any size takes the memory of one claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from edi.model.claim import Address as ClaimAddress
from edi.model.claim import (
    BillingProvider,
    Claim,
    InstitutionalClaim,
    InstitutionalServiceLine,
    Payer,
    ProfessionalClaim,
    ProfessionalServiceLine,
)
from edi.model.remittance.header import Address
from edi.simulator.spool import ClaimSpool
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
from edi.x12 import values
from edi.x12.envelope import GroupHeader, InterchangeHeader
from edi.x12.errors import InputError
from edi.x12.findings import Findings
from parsers.claim837 import ClaimSet, LocatedClaim, read_claim_sets

Span = tuple[date, date]


def _address(address: ClaimAddress | None) -> Address | None:
    if address is None:
        return None
    return Address(
        lines=[address.line1],
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
    )


def _billing(provider: BillingProvider) -> Party:
    """2010AA: the tax ID only when it is an EIN (REF*EI)."""
    return Party(
        provider.organization_name or provider.last_name or "",
        provider.first_name or "",
        "XX",
        provider.npi,
        _address(provider.address),
        provider.tax_id if provider.tax_id_qualifier == "EI" else "",
    )


def _payer(payer: Payer, qualifier: str) -> Party:
    return Party(payer.name, "", qualifier, payer.payer_id, _address(payer.address))


def _units(units: Decimal) -> str:
    """SV104/SV205 as written (an R value: no exponent)."""
    return format(units, "f")


def _span(start: date, end: date | None) -> Span:
    return start, end or start


def _professional_line(line: ProfessionalServiceLine, position: int) -> SubmittedLine:
    return SubmittedLine(
        "SV1",
        position,
        ("HC", line.procedure_code, *line.modifiers),
        CodedElement(1, 2, "235", line.procedure_code),
        line.charge,
        _units(line.units),
        _span(line.service_date, line.service_date_end),
        line_control=line.line_control_number or "",
    )


def _institutional_line(
    line: InstitutionalServiceLine, position: int, statement: Span
) -> SubmittedLine:
    """SV2: the HCPCS code when there is one, else NU and the revenue code."""
    revenue = line.revenue_code
    if line.procedure_code:
        procedure: tuple[str, ...] = ("HC", line.procedure_code, *line.modifiers)
        code = CodedElement(2, 2, "235", line.procedure_code)
    else:
        procedure, code = ("NU", revenue), CodedElement(1, None, "234", revenue)
    service = _span(line.service_date, line.service_date_end) if line.service_date else statement
    return SubmittedLine(
        "SV2",
        position,
        procedure,
        code,
        line.charge,
        _units(line.units),
        service,
        revenue,
        line.line_control_number or "",
    )


def _lines(claim: Claim, positions: tuple[int, ...]) -> tuple[Span, tuple[SubmittedLine, ...]]:
    """The claim's service period (statement period, or the span of its lines) and lines."""
    if isinstance(claim, InstitutionalClaim):
        statement = (claim.statement_from, claim.statement_to)
        return statement, tuple(
            _institutional_line(line, at, statement)
            for line, at in zip(claim.service_lines, positions, strict=True)
        )
    lines = tuple(
        _professional_line(line, at)
        for line, at in zip(claim.service_lines, positions, strict=True)
    )
    service = min(line.service[0] for line in lines), max(line.service[1] for line in lines)
    return service, lines


def _claim(located: LocatedClaim, claim: Claim, received: date) -> SubmittedClaim:
    at = located.positions
    service, lines = _lines(claim, at.lines)
    if isinstance(claim, ProfessionalClaim):
        facility, diagnosis = claim.place_of_service, claim.diagnoses[0]
    else:
        facility, diagnosis = claim.facility_type, claim.principal_diagnosis.code
    subscriber, patient = claim.subscriber, claim.patient
    return SubmittedClaim(
        claim_id=claim.patient_control_number,
        charge=claim.total_charge,
        position=at.claim,
        facility=CodedElement(5, 1, "1331", facility),
        frequency=claim.frequency_code,
        institutional=isinstance(claim, InstitutionalClaim),
        diagnosis_position=at.diagnosis,
        diagnosis=CodedElement(1, 2, "1271", diagnosis),
        service=service,
        lines=lines,
        clearinghouse_trace=located.clearinghouse_trace,
        payer_sequence=subscriber.payer_responsibility,
        filing_indicator=subscriber.claim_filing_indicator,
        billing=_billing(claim.billing_provider),
        payer=_payer(claim.payer, located.payer_qualifier),
        subscriber=Member(subscriber.last_name, subscriber.first_name or "", subscriber.member_id),
        patient=Member(patient.last_name, patient.first_name) if patient is not None else None,
        received=received,
    )


def _set(
    claim_set: ClaimSet, received: date, findings: Findings, spool: ClaimSpool | None
) -> SubmittedSet:
    """One transaction set, read to its end before it is judged: refused when the file has an
    error by then, or when a claim does not fit its input model."""
    kept: list[SubmittedClaim] = []
    start = len(spool) if spool is not None else 0
    misfit = 0
    for number, located in enumerate(claim_set.claims, 1):
        claim = located.claim
        if isinstance(claim, (ProfessionalClaim, InstitutionalClaim)):
            submitted = _claim(located, claim, received)
            if spool is None:
                kept.append(submitted)
            else:
                spool.add(submitted)
        elif not misfit:
            misfit = number
    if findings.errors:
        raise InputError(f"transaction set {claim_set.control_number} is not a clean 837")
    if misfit:
        raise InputError(
            f"claim {misfit} of transaction set {claim_set.control_number} does not fit the "
            f"{claim_set.kind} claim input (x12flow validate names the field)",
            file=findings.file,
        )
    submitter = claim_set.header.submitter
    claims: Sequence[SubmittedClaim] = (
        tuple(kept) if spool is None else spool.view(start, len(spool))
    )
    return SubmittedSet(
        claim_set.control_number,
        claim_set.implementation,
        claim_set.header.batch_id,
        Party(str(submitter.get("name") or ""), "", "46", str(submitter.get("id") or "")),
        claims,
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


def read_837(
    path: Path,
    spool: ClaimSpool | None = None,
    progress: Callable[[int], None] | None = None,
) -> SubmittedFile:
    """One 837 file (one interchange) as records; :class:`InputError` when it is not clean.

    The claims are kept in the records, or go to ``spool`` when one is given. ``progress`` is
    called with the number of claims of each transaction set once it is read.
    """
    findings = Findings(str(path))
    groups: dict[str, tuple[GroupHeader, list[SubmittedSet]]] = {}
    interchange: InterchangeHeader | None = None
    for claim_set in read_claim_sets(path, findings):
        interchange = interchange or claim_set.interchange
        group = claim_set.group
        entry = groups.setdefault(group.control_number, (group, []))
        entry[1].append(_set(claim_set, _sent(group), findings, spool))
        if progress is not None:
            progress(len(entry[1][-1].claims))
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
