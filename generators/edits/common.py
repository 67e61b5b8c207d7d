"""Clean-claim edits every 837 claim gets: providers, parties, frequency, COB balance, dates."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from edi.model.claim.claim import ClaimBase
from edi.model.claim.parties import Address
from generators.edits.codes import is_valid_ein, is_valid_npi, is_valid_ssn
from generators.edits.problems import ProblemList

PO_BOX_PREFIXES = ("PO BOX", "P O BOX", "P.O. BOX", "POST OFFICE BOX", "LOCK BOX", "LOCKBOX")
MAX_REASONS_PER_GROUP = 6
MAX_ADJUSTMENT_GROUPS = 5


def check_npi(out: ProblemList, path: str, npi: str | None) -> None:
    if npi is not None and not is_valid_npi(npi):
        out.add(path, "NPI check digit is wrong (Luhn over 80840 + NPI fails)")


def check_not_future(out: ProblemList, path: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        out.add(path, "date is in the future")


def check_range(
    out: ProblemList, path: str, start: date | None, end: date | None, what: str
) -> None:
    if start is not None and end is not None and end < start:
        out.add(path, f"{what} ends before it starts")


def check_billing_provider(out: ProblemList, claim: ClaimBase) -> None:
    provider = claim.billing_provider
    check_npi(out, "billing_provider.npi", provider.npi)
    if provider.tax_id_qualifier == "EI" and not is_valid_ein(provider.tax_id):
        out.add("billing_provider.tax_id", "not a valid EIN (unknown campus prefix)")
    if provider.tax_id_qualifier == "SY" and not is_valid_ssn(provider.tax_id):
        out.add("billing_provider.tax_id", "not a valid SSN")
    if provider.tax_id_qualifier == "SY" and not provider.is_person:
        out.add("billing_provider.tax_id_qualifier", "an organisation bills under an EIN (EI)")
    _check_street_address(out, "billing_provider.address", provider.address)


def _check_street_address(out: ProblemList, path: str, address: Address) -> None:
    if address.line1.upper().startswith(PO_BOX_PREFIXES):
        out.add(f"{path}.line1", "must be a street address, not a post office or lock box")
    if len(address.postal_code) != 9:
        out.add(f"{path}.postal_code", "the billing provider ZIP code must have 9 digits")


def check_parties(out: ProblemList, claim: ClaimBase, today: date) -> None:
    subscriber = claim.subscriber
    if claim.patient is None:
        for name in ("birth_date", "sex", "address"):
            if getattr(subscriber, name) is None:
                out.add(f"subscriber.{name}", "required when the subscriber is the patient")
    check_not_future(out, "subscriber.birth_date", subscriber.birth_date, today)
    if claim.patient is not None:
        check_not_future(out, "patient.birth_date", claim.patient.birth_date, today)
    for name in ("rendering_provider", "referring_provider"):
        provider = getattr(claim, name)
        if provider is not None:
            check_npi(out, f"{name}.npi", provider.npi)
    if claim.service_facility is not None:
        check_npi(out, "service_facility.npi", claim.service_facility.npi)


def check_frequency(out: ProblemList, claim: ClaimBase) -> None:
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_number:
        out.add(
            "payer_claim_number",
            f"frequency {claim.frequency_code} (replacement/void) needs the payer's claim "
            "control number (REF*F8)",
        )


def check_total(out: ProblemList, claim: ClaimBase, line_total: Decimal) -> None:
    if line_total != claim.total_charge:
        out.add(
            "total_charge",
            f"total charge {claim.total_charge} does not equal the sum of the lines {line_total}",
        )


def check_other_payers(out: ProblemList, claim: ClaimBase, today: date) -> None:
    own = claim.subscriber.payer_responsibility
    sequences = Counter(other.payer_responsibility for other in claim.other_payers)
    for index, other in enumerate(claim.other_payers):
        path = f"other_payers[{index}]"
        if other.payer_responsibility == own:
            out.add(f"{path}.payer_responsibility", f"the destination payer is already {own}")
        elif sequences[other.payer_responsibility] > 1:
            out.add(f"{path}.payer_responsibility", "two other payers share this sequence")
        groups = Counter(adjustment.group_code for adjustment in other.adjustments)
        if len(groups) > MAX_ADJUSTMENT_GROUPS:
            out.add(f"{path}.adjustments", "more than 5 adjustment group codes")
        for group, count in groups.items():
            if count > MAX_REASONS_PER_GROUP:
                out.add(f"{path}.adjustments", f"more than 6 adjustments in group {group}")
        if other.paid_amount is not None:
            adjusted = sum((a.amount for a in other.adjustments), Decimal(0))
            if other.paid_amount + adjusted != claim.total_charge:
                out.add(
                    f"{path}.paid_amount",
                    f"paid {other.paid_amount} plus adjustments {adjusted} does not balance "
                    f"to the total charge {claim.total_charge}",
                )
        check_not_future(out, f"{path}.adjudication_date", other.adjudication_date, today)
    if own in ("S", "T") and "P" not in sequences:
        out.add("other_payers", "a secondary or tertiary claim needs the primary payer (2320)")
    if own == "T" and "S" not in sequences:
        out.add("other_payers", "a tertiary claim needs the secondary payer (2320)")


def check_birth_before(out: ProblemList, claim: ClaimBase, first_service: date | None) -> None:
    if first_service is None:
        return
    person = claim.patient if claim.patient is not None else claim.subscriber
    path = "patient.birth_date" if claim.patient is not None else "subscriber.birth_date"
    if person.birth_date is not None and person.birth_date > first_service:
        out.add(path, "patient birth date is after the first date of service")


def check_claim_base(out: ProblemList, claim: ClaimBase, today: date) -> None:
    check_billing_provider(out, claim)
    check_parties(out, claim, today)
    check_frequency(out, claim)
    check_other_payers(out, claim, today)
