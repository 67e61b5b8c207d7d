"""Segment builders shared by 837P and 837I: parties, hierarchy levels and COB loops.

Every builder is a pure function from input models to a list of segments (element lists as
:mod:`edi.x12.writer` takes them); nothing here knows about delimiters, files or control numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from edi.model.claim.coordination import OtherPayer
from edi.model.claim.parties import (
    Address,
    BillingProvider,
    EntityName,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    Subscriber,
)
from edi.x12.writer import Element, format_amount

Seg = list[Element]


def d8(value: date) -> str:
    """CCYYMMDD."""
    return value.isoformat().replace("-", "")


def date_segment(qualifier: str, start: date, end: date | None = None) -> Seg:
    """``DTP*<qualifier>*D8*<date>``, or ``RD8`` with a range when ``end`` differs."""
    if end is None or end == start:
        return ["DTP", qualifier, "D8", d8(start)]
    return ["DTP", qualifier, "RD8", f"{d8(start)}-{d8(end)}"]


def address_segments(address: Address) -> list[Seg]:
    n3: Seg = ["N3", address.line1, address.line2] if address.line2 else ["N3", address.line1]
    return [n3, ["N4", address.city, address.state, address.postal_code]]


def name_segment(
    entity: str, party: EntityName, id_qualifier: str = "", identifier: str | None = None
) -> Seg:
    """NM1 for a person (NM102 1) or an organisation (NM102 2)."""
    if party.is_person:
        return [
            "NM1",
            entity,
            "1",
            party.last_name or "",
            party.first_name or "",
            party.middle_name or "",
            "",
            party.suffix or "",
            id_qualifier if identifier else "",
            identifier or "",
        ]
    return [
        "NM1",
        entity,
        "2",
        party.organization_name or "",
        "",
        "",
        "",
        "",
        id_qualifier if identifier else "",
        identifier or "",
    ]


def provider_segments(entity: str, provider: Provider, taxonomy_code: str = "") -> list[Seg]:
    """NM1 with the NPI, and PRV with the taxonomy when ``taxonomy_code`` (PE, AT) is given."""
    segments = [name_segment(entity, provider, "XX", provider.npi)]
    if taxonomy_code and provider.taxonomy:
        segments.append(["PRV", taxonomy_code, "PXC", provider.taxonomy])
    return segments


def facility_segments(facility: ServiceFacility) -> list[Seg]:
    nm1: Seg = ["NM1", "77", "2", facility.name, "", "", "", ""]
    if facility.npi:
        nm1 += ["XX", facility.npi]
    return [nm1, *address_segments(facility.address)]


def hierarchy_segment(hl: int, parent: int | None, level: str, has_children: bool) -> Seg:
    """``HL``: this level's number, its parent's (none for 2000A), its code, and HL04."""
    above = "" if parent is None else str(parent)
    return ["HL", str(hl), above, level, "1" if has_children else "0"]


def billing_provider_segments(
    hl: int, provider: BillingProvider, pay_to: Address | None
) -> list[Seg]:
    """Loops 2000A, 2010AA and 2010AB."""
    return [hierarchy_segment(hl, None, "20", True), *billing_provider_body(provider, pay_to)]


def billing_provider_body(provider: BillingProvider, pay_to: Address | None) -> list[Seg]:
    """Loops 2000A (after its HL), 2010AA and 2010AB."""
    segments: list[Seg] = []
    if provider.taxonomy:
        segments.append(["PRV", "BI", "PXC", provider.taxonomy])
    segments.append(name_segment("85", provider, "XX", provider.npi))
    segments += address_segments(provider.address)
    segments.append(["REF", provider.tax_id_qualifier, provider.tax_id])
    if provider.contact_name and provider.phone:
        segments.append(["PER", "IC", provider.contact_name, "TE", provider.phone])
    if pay_to is not None:
        segments.append(["NM1", "87", "2"])
        segments += address_segments(pay_to)
    return segments


def subscriber_segments(
    hl: int,
    parent: int,
    subscriber: Subscriber,
    payer: Payer,
    has_patient_level: bool,
    with_insurance_type: bool,
) -> list[Seg]:
    """Loops 2000B, 2010BA and 2010BB."""
    return [
        hierarchy_segment(hl, parent, "22", has_patient_level),
        *subscriber_body(subscriber, payer, has_patient_level, with_insurance_type),
    ]


def subscriber_body(
    subscriber: Subscriber, payer: Payer, has_patient_level: bool, with_insurance_type: bool
) -> list[Seg]:
    """Loops 2000B (after its HL), 2010BA and 2010BB."""
    is_patient = not has_patient_level
    segments: list[Seg] = [
        [
            "SBR",
            subscriber.payer_responsibility,
            "18" if is_patient else "",
            subscriber.group_number or "",
            subscriber.group_name or "",
            (subscriber.insurance_type or "") if with_insurance_type else "",
            "",
            "",
            "",
            subscriber.claim_filing_indicator,
        ],
        [
            "NM1",
            "IL",
            "1",
            subscriber.last_name,
            subscriber.first_name or "",
            subscriber.middle_name or "",
            "",
            subscriber.suffix or "",
            "MI",
            subscriber.member_id,
        ],
    ]
    if is_patient and subscriber.address is not None:
        segments += address_segments(subscriber.address)
    if is_patient and subscriber.birth_date is not None and subscriber.sex is not None:
        segments.append(["DMG", "D8", d8(subscriber.birth_date), subscriber.sex])
    segments.append(["NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.payer_id])
    if payer.address is not None:
        segments += address_segments(payer.address)
    return segments


def patient_segments(hl: int, parent: int, patient: Patient) -> list[Seg]:
    """Loops 2000C and 2010CA."""
    return [hierarchy_segment(hl, parent, "23", False), *patient_body(patient)]


def patient_body(patient: Patient) -> list[Seg]:
    """Loops 2000C (after its HL) and 2010CA."""
    return [
        ["PAT", patient.relationship],
        [
            "NM1",
            "QC",
            "1",
            patient.last_name,
            patient.first_name,
            patient.middle_name or "",
            "",
            patient.suffix or "",
        ],
        *address_segments(patient.address),
        ["DMG", "D8", d8(patient.birth_date), patient.sex],
    ]


def other_payer_segments(other: OtherPayer) -> list[Seg]:
    """Loops 2320, 2330A and 2330B for one other payer."""
    segments: list[Seg] = [
        [
            "SBR",
            other.payer_responsibility,
            other.relationship,
            other.group_number or "",
            other.group_name or "",
            "",
            "",
            "",
            "",
            other.claim_filing_indicator,
        ]
    ]
    ordered = sorted(other.adjustments, key=lambda a: a.group_code)
    for group, adjustments in groupby(ordered, key=lambda a: a.group_code):
        cas: Seg = ["CAS", group]
        for adjustment in adjustments:
            cas += [adjustment.reason_code, format_amount(adjustment.amount), ""]
        segments.append(cas)
    if other.paid_amount is not None:
        segments.append(["AMT", "D", format_amount(other.paid_amount)])
    if other.non_covered_amount is not None:
        segments.append(["AMT", "A8", format_amount(other.non_covered_amount)])
    if other.remaining_patient_liability is not None:
        segments.append(["AMT", "EAF", format_amount(other.remaining_patient_liability)])
    segments.append(["OI", "", "", other.benefits_assignment, "", "", other.release_of_information])
    sub = other.subscriber
    segments.append(
        [
            "NM1",
            "IL",
            "1",
            sub.last_name,
            sub.first_name or "",
            sub.middle_name or "",
            "",
            sub.suffix or "",
            "MI",
            sub.member_id,
        ]
    )
    payer = other.payer
    segments.append(["NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.payer_id])
    if payer.address is not None:
        segments += address_segments(payer.address)
    if other.adjudication_date is not None:
        segments.append(["DTP", "573", "D8", d8(other.adjudication_date)])
    if other.payer_claim_number:
        segments.append(["REF", "F8", other.payer_claim_number])
    return segments


def reference_segments(pairs: Sequence[tuple[str, str | None]]) -> list[Seg]:
    """``REF*<qualifier>*<value>`` for each pair whose value is set, in the given order."""
    return [["REF", qualifier, value] for qualifier, value in pairs if value]


def composites(qualifier: str, codes: Sequence[str]) -> list[Element]:
    return [(qualifier, code) for code in codes]
