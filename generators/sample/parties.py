"""Synthetic parties: providers with valid NPIs and tax ids, subscribers, dependants, payers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from generators.edits.codes import npi_check_digit
from generators.sample import data

Json = dict[str, Any]

SERVICE_YEAR_START = date(2025, 1, 2)
"""Service dates fall in 2025: in the past, fixed so that a seed always gives the same claims."""


def iso(value: date) -> str:
    return value.isoformat()


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def npi(rng: random.Random) -> str:
    first_nine = str(rng.choice((1, 2))) + f"{rng.randrange(10**8):08d}"
    return first_nine + npi_check_digit(first_nine)


def ein(rng: random.Random) -> str:
    return rng.choice(data.EIN_PREFIXES) + f"{rng.randrange(10**7):07d}"


def ssn(rng: random.Random) -> str:
    return f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def address(rng: random.Random, zip_plus_four: bool = False) -> Json:
    city, state, postal = rng.choice(data.CITIES)
    if zip_plus_four:
        postal += f"{rng.randrange(1, 10000):04d}"
    return {
        "line1": f"{rng.randint(10, 9899)} {rng.choice(data.STREETS)}",
        "city": city,
        "state": state,
        "postal_code": postal,
    }


def person_name(rng: random.Random, sex: str | None = None) -> tuple[str, str, str]:
    sex = sex or rng.choice("FM")
    first = rng.choice(data.FIRST_NAMES_F if sex == "F" else data.FIRST_NAMES_M)
    return rng.choice(data.LAST_NAMES), first, sex


def birth_date(rng: random.Random, youngest: int, oldest: int) -> str:
    days = rng.randint(youngest * 365, oldest * 365)
    return iso(SERVICE_YEAR_START - timedelta(days=days))


def physician(rng: random.Random) -> Json:
    last, first, _ = person_name(rng)
    return {
        "last_name": last,
        "first_name": first,
        "npi": npi(rng),
        "taxonomy": rng.choice(data.PHYSICIAN_TAXONOMIES),
    }


def clinic(rng: random.Random) -> Json:
    """A professional billing provider: mostly groups with an EIN, a few solo doctors (SSN)."""
    if rng.random() < 0.2:
        doctor = physician(rng)
        doctor.update(tax_id=ssn(rng), tax_id_qualifier="SY", address=address(rng, True))
        return doctor
    name = f"{rng.choice(data.CLINIC_WORDS)} {rng.choice(data.CLINIC_KINDS)}"
    return {
        "organization_name": name,
        "npi": npi(rng),
        "tax_id": ein(rng),
        "tax_id_qualifier": "EI",
        "taxonomy": rng.choice(data.PHYSICIAN_TAXONOMIES),
        "address": address(rng, True),
        "contact_name": "BILLING OFFICE",
        "phone": f"555{rng.randrange(10**7):07d}",
    }


def hospital(rng: random.Random) -> Json:
    return {
        "organization_name": f"{rng.choice(data.CLINIC_WORDS)} {rng.choice(data.HOSPITAL_KINDS)}",
        "npi": npi(rng),
        "tax_id": ein(rng),
        "tax_id_qualifier": "EI",
        "taxonomy": data.HOSPITAL_TAXONOMY,
        "address": address(rng, True),
    }


def subscriber(rng: random.Random, filing_indicator: str, is_patient: bool) -> Json:
    last, first, sex = person_name(rng)
    record: Json = {
        "member_id": f"{rng.choice('WXYZ')}{rng.randrange(10**9):09d}",
        "last_name": last,
        "first_name": first,
        "claim_filing_indicator": filing_indicator,
        "payer_responsibility": "P",
    }
    if filing_indicator not in ("MA", "MB", "MC"):
        record["group_number"] = f"GRP{rng.randrange(10**5):05d}"
    if is_patient:
        oldest = 90 if filing_indicator in ("MA", "MB") else 64
        youngest = 65 if filing_indicator in ("MA", "MB") else 19
        record.update(birth_date=birth_date(rng, youngest, oldest), sex=sex, address=address(rng))
    return record


def dependant(rng: random.Random, subscriber_record: Json) -> Json:
    relationship = rng.choice(("19", "19", "01"))
    _, first, sex = person_name(rng)
    young, old = (1, 18) if relationship == "19" else (25, 60)
    return {
        "relationship": relationship,
        "last_name": subscriber_record["last_name"],
        "first_name": first,
        "birth_date": birth_date(rng, young, old),
        "sex": sex,
        "address": address(rng),
    }


def payer(choice: tuple[str, str, str]) -> Json:
    return {"name": choice[0], "payer_id": choice[1]}
