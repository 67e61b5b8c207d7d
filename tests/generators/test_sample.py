"""Synthetic claims: valid, varied, deterministic, with unique short control numbers."""

from __future__ import annotations

from collections import Counter

from generators.checking import check_records
from generators.edits.codes import is_billable_icd10cm, is_valid_npi
from generators.input import Record
from generators.kinds import INSTITUTIONAL, PROFESSIONAL
from generators.sample.claims import institutional_claims, professional_claims
from tests.generators.conftest import TODAY


def test_professional_samples_pass_every_edit_and_vary() -> None:
    claims = list(professional_claims(400, seed=3))
    result = check_records(
        [Record("s", str(i), c) for i, c in enumerate(claims)], PROFESSIONAL, TODAY
    )
    assert result.problems == []
    numbers = [c["patient_control_number"] for c in claims]
    assert len(set(numbers)) == 400 and max(map(len, numbers)) <= 20
    assert sum("patient" in c for c in claims) > 40
    assert sum("other_payers" in c for c in claims) > 30
    assert sum(len(c["service_lines"]) > 1 for c in claims) > 150
    assert any("drug" in line for c in claims for line in c["service_lines"])
    assert any(c.get("frequency_code") in ("7", "8") for c in claims)
    assert Counter(c["billing_provider"]["tax_id_qualifier"] for c in claims)["EI"] > 0
    for claim in claims:
        assert is_valid_npi(claim["billing_provider"]["npi"])
        assert all(is_billable_icd10cm(code) for code in claim["diagnoses"])


def test_institutional_samples_pass_every_edit_and_mix_inpatient_and_outpatient() -> None:
    claims = list(institutional_claims(300, seed=4))
    result = check_records(
        [Record("s", str(i), c) for i, c in enumerate(claims)], INSTITUTIONAL, TODAY
    )
    assert result.problems == []
    kinds = Counter(c["facility_type"] for c in claims)
    assert kinds["11"] > 50 and kinds["13"] > 100
    assert any("principal_procedure" in c and "drg" in c for c in claims)


def test_same_seed_same_claims() -> None:
    assert list(professional_claims(30, 9)) == list(professional_claims(30, 9))
    assert list(professional_claims(30, 9)) != list(professional_claims(30, 10))
