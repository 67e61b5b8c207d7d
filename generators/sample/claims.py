"""Synthetic 837P and 837I claims, as JSON-ready dicts in the input format.

``professional_claims(count, seed)`` and ``institutional_claims(count, seed)`` are generators:
they make claims lazily, the same ones for the same seed. A run draws from a small pool of
billing providers (so claims share 2000A levels); about a quarter of the patients are
dependants, about one claim in six is a secondary claim carrying the primary payer's
adjudication (COB) and some replace or void an earlier claim.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from generators.sample import data
from generators.sample.parties import (
    SERVICE_YEAR_START,
    Json,
    clinic,
    dependant,
    hospital,
    iso,
    money,
    payer,
    physician,
    subscriber,
)
from generators.sample.services import institutional_details, professional_lines

PROVIDER_POOL = 12


def _control_number(prefix: str, seed: int, index: int) -> str:
    return f"{prefix}{seed % 100000:05d}{index:08d}"  # 14 characters


def _coverage(rng: random.Random, claim: Json, payers: tuple[tuple[str, str, str], ...]) -> None:
    """Subscriber, patient and payer; for a secondary claim, the primary payer's COB too."""
    primary = rng.choice(payers)
    dependent = primary[2] not in ("MA", "MB") and rng.random() < 0.25
    claim["subscriber"] = subscriber(rng, primary[2], not dependent)
    if dependent:
        claim["patient"] = dependant(rng, claim["subscriber"])
    claim["payer"] = payer(primary)
    if rng.random() < 0.17:
        _make_secondary(rng, claim, payers, primary)


def _make_secondary(
    rng: random.Random,
    claim: Json,
    payers: tuple[tuple[str, str, str], ...],
    primary: tuple[str, str, str],
) -> None:
    secondary = rng.choice([p for p in payers if p[1] != primary[1] and p[2] not in ("MA", "MB")])
    member = claim["subscriber"]
    claim["payer"] = payer(secondary)
    member["payer_responsibility"] = "S"
    member["claim_filing_indicator"] = secondary[2]
    total = Decimal(claim["total_charge"])
    contractual = (total * Decimal(rng.randint(10, 40)) / 100).quantize(data.ONE_CENT)
    patient_share = (total * Decimal(rng.randint(5, 20)) / 100).quantize(data.ONE_CENT)
    paid = total - contractual - patient_share
    claim["other_payers"] = [
        {
            "payer_responsibility": "P",
            "relationship": "18" if "patient" not in claim else claim["patient"]["relationship"],
            "claim_filing_indicator": primary[2],
            "adjustments": [
                {"group_code": "CO", "reason_code": "45", "amount": money(contractual)},
                {
                    "group_code": "PR",
                    "reason_code": rng.choice(("1", "2", "3")),
                    "amount": money(patient_share),
                },
            ],
            "paid_amount": money(paid),
            "remaining_patient_liability": money(patient_share),
            "subscriber": {
                "member_id": f"P{rng.randrange(10**9):09d}",
                "last_name": member["last_name"],
                "first_name": member.get("first_name", ""),
            },
            "payer": payer(primary),
            "adjudication_date": iso(SERVICE_YEAR_START + timedelta(days=rng.randint(340, 360))),
            "payer_claim_number": f"{rng.randrange(10**12):012d}",
        }
    ]


def _frequency(rng: random.Random, claim: Json) -> None:
    roll = rng.random()
    if roll < 0.04:
        claim["frequency_code"] = "7"
    elif roll < 0.06:
        claim["frequency_code"] = "8"
    else:
        return
    claim["payer_claim_number"] = f"{rng.randrange(10**13):013d}"


def professional_claims(count: int, seed: int) -> Iterator[Json]:
    """``count`` synthetic 837P claims."""
    rng = random.Random(seed)
    providers = [clinic(rng) for _ in range(PROVIDER_POOL)]
    for index in range(1, count + 1):
        provider = rng.choice(providers)
        pcn = _control_number("P", seed, index)
        place = rng.choice(("11", "11", "11", "22", "02"))
        diagnoses = rng.sample(data.DIAGNOSES, rng.randint(1, 4))
        lines, total, first_day = professional_lines(rng, pcn, len(diagnoses), place)
        claim: Json = {
            "patient_control_number": pcn,
            "total_charge": money(total),
            "place_of_service": place,
            "billing_provider": provider,
            "diagnoses": diagnoses,
            "service_lines": lines,
        }
        _frequency(rng, claim)
        _coverage(rng, claim, data.PAYERS)
        if "organization_name" in provider:
            claim["rendering_provider"] = physician(rng)
        if rng.random() < 0.2:
            claim["referring_provider"] = physician(rng)
        if rng.random() < 0.1:
            claim["prior_authorization"] = f"PA{rng.randrange(10**8):08d}"
        if rng.random() < 0.05:
            claim["related_causes"] = ["AA"]
            claim["accident_state"] = provider["address"]["state"]
            claim["accident_date"] = iso(first_day - timedelta(days=rng.randint(1, 20)))
        yield claim


def institutional_claims(count: int, seed: int) -> Iterator[Json]:
    """``count`` synthetic 837I claims (about a third inpatient)."""
    rng = random.Random(seed)
    providers = [hospital(rng) for _ in range(PROVIDER_POOL // 2)]
    for index in range(1, count + 1):
        pcn = _control_number("I", seed, index)
        claim: Json = {
            "patient_control_number": pcn,
            "billing_provider": rng.choice(providers),
            "attending_provider": physician(rng),
            "medical_record_number": f"MR{rng.randrange(10**8):08d}",
        }
        claim.update(institutional_details(rng, pcn))
        _frequency(rng, claim)
        _coverage(rng, claim, data.INSTITUTIONAL_PAYERS)
        yield claim
