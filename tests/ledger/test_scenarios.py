"""Every ledger scenario through the real CLI, on SQLite and (when configured) PostgreSQL.

Claims come from the project's generator; replies are small hand-written 999/277CA/835 texts.
Expected numbers are computed here from the scenario's own inputs.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_277ca, ack_999

SENT = datetime(2026, 11, 2, 9, 30)
PAID_ON = date(2026, 11, 20)
D = Decimal


def money(value: Decimal) -> str:
    return str(value.quantize(D("0.01")))


def test_paid_in_full(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=11)
    scenario.submit([claim], SENT)
    charge = claim.total_charge
    path = scenario.remit(
        clp(claim, "1", charge), total=charge, trace="EFT1", paid_on=PAID_ON, payer=claim.payer.name
    )
    [result] = scenario.ingest(path)
    assert result["outcome"] == "posted"
    assert result["counts"]["claim payments posted"] == 1
    row = scenario.claims()[claim.patient_control_number]
    assert row["status"] == "paid"
    assert row["charge"] == row["paid"] == money(charge)
    assert row["adjusted"] == row["patient_responsibility"] == row["balance"] == "0.00"
    assert row["payer_claim_control_number"] == "ICN-" + claim.patient_control_number
    assert row["submitted_at"] == SENT.isoformat()


def test_partially_paid_with_contractual_and_patient_adjustments(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=12)
    scenario.submit([claim], SENT)
    charge = claim.total_charge
    contractual, deductible, coinsurance, copay = D("7.13"), D("5.00"), D("2.50"), D("1.25")
    patient = deductible + coinsurance + copay
    paid = charge - contractual - patient
    cas = [f"CO*45*{contractual}", f"PR*1*{deductible}**2*{coinsurance}**3*{copay}"]
    path = scenario.remit(
        clp(claim, "1", paid, patient, cas=cas),
        total=paid,
        trace="EFT2",
        paid_on=PAID_ON,
        payer=claim.payer.name,
    )
    scenario.ingest(path)
    row = scenario.claims()[claim.patient_control_number]
    assert row["status"] == "paid"
    assert (row["paid"], row["adjusted"], row["patient_responsibility"]) == (
        money(paid),
        money(contractual),
        money(patient),
    )
    assert row["balance"] == money(charge - paid - contractual - patient) == "0.00"
    history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    codes = sorted((a["group_code"], a["reason_code"], a["amount"]) for a in history["adjustments"])
    assert codes == sorted(
        [
            ("CO", "45", money(contractual)),
            ("PR", "1", money(deductible)),
            ("PR", "2", money(coinsurance)),
            ("PR", "3", money(copay)),
        ]
    )
    text = scenario.cli("claim", claim.patient_control_number).output
    assert f"claim {claim.patient_control_number}: paid" in text
    assert f"CO-45 {money(contractual)} (Contractual Obligations)" in text
    assert "835 original: submitted → paid" in text
    assert "(CLP, loop 2100)" in text


def test_denied_with_a_carc(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=13)
    scenario.submit(claims, SENT)
    denied, paid_claim = claims
    lines = clp(denied, "4", D("0.00"), cas=[f"CO*50*{denied.total_charge}"]) + clp(
        paid_claim, "1", paid_claim.total_charge
    )
    path = scenario.remit(
        lines, total=paid_claim.total_charge, trace="EFT3", paid_on=PAID_ON, payer=denied.payer.name
    )
    scenario.ingest(path)
    rows = scenario.claims("--status", "denied")
    assert list(rows) == [denied.patient_control_number]
    row = rows[denied.patient_control_number]
    assert (row["paid"], row["adjusted"], row["balance"]) == (
        "0.00",
        money(denied.total_charge),
        "0.00",
    )
    report = scenario.report(date(2026, 12, 1))
    assert report["top_denial_reasons"] == [
        {
            "reason": "50",
            "reason_description": None,
            "claims": 1,
            "amount": money(denied.total_charge),
        }
    ]
    assert report["denial_rate"] == "0.5000"


def test_999_rejection_then_resubmission(scenario: Scenario) -> None:
    claims = sample_claims(3, seed=14)
    first = scenario.submit(claims, SENT, per_set=2)  # sets of 2 and 1 claims
    (set_one, _), (set_two, _) = first.transactions
    path = scenario.write("999", ack_999(first.group, [(set_one, False), (set_two, True)]))
    [result] = scenario.ingest(path)
    assert result["counts"]["claims acknowledged"] == 3
    rows = scenario.claims()
    statuses = [rows[c.patient_control_number]["status"] for c in claims]
    assert statuses == ["rejected", "rejected", "accepted"]
    corrected = claims[:2]
    second = scenario.submit(corrected, datetime(2026, 11, 4, 8, 0))
    assert all(
        scenario.claims()[c.patient_control_number]["status"] == "submitted" for c in corrected
    )
    accept = scenario.write("999", ack_999(second.group, [(second.transactions[0][0], True)]))
    scenario.ingest(accept)
    rows = scenario.claims()
    assert {rows[c.patient_control_number]["status"] for c in claims} == {"accepted"}
    assert rows[claims[0].patient_control_number]["submitted_at"] == SENT.isoformat()
    history = json.loads(scenario.cli("claim", claims[0].patient_control_number, "--json").output)
    assert [s["outcome"] for s in history["submissions"]] == ["rejected", "accepted"]
    assert [e["to_status"] for e in history["events"]] == [
        "submitted",
        "rejected",
        "submitted",
        "accepted",
    ]
    report = scenario.report(date(2026, 12, 1))
    assert report["clean_claim_rate"] == "0.3333"  # 1 of 3 accepted on first submission


def test_277ca_rejection(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=15)
    batch = scenario.submit(claims, SENT)
    scenario.ingest(scenario.write("999", ack_999(batch.group, [(batch.transactions[0][0], True)])))
    accepted, rejected = claims
    body = ack_277ca(
        [
            (accepted.patient_control_number, "A2:20", "PAYER-ICN-1", str(accepted.total_charge)),
            (rejected.patient_control_number, "A7:21", None, str(rejected.total_charge)),
        ]
    )
    [result] = scenario.ingest(scenario.write("277CA", body))
    assert result["counts"]["claim statuses"] == 2
    rows = scenario.claims()
    assert rows[accepted.patient_control_number]["status"] == "acknowledged"
    assert rows[accepted.patient_control_number]["payer_claim_control_number"] == "PAYER-ICN-1"
    assert rows[rejected.patient_control_number]["status"] == "rejected"
    history = json.loads(scenario.cli("claim", rejected.patient_control_number, "--json").output)
    assert history["events"][-1]["kind"] == "277CA rejected"
    assert "A7:21" in history["events"][-1]["detail"]
    assert scenario.report(date(2026, 12, 1))["clean_claim_rate"] == "0.5000"


def test_reversal_then_correction(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=16)
    scenario.submit([claim], SENT)
    charge = claim.total_charge
    first_paid = charge - D("3.00")
    original = clp(claim, "1", first_paid, icn="ICN-A", cas=["CO*45*3.00"])
    scenario.ingest(
        scenario.remit(
            original, total=first_paid, trace="EFT-A", paid_on=PAID_ON, payer=claim.payer.name
        )
    )
    corrected_paid = charge - D("10.00") - D("4.00")
    reversal = clp(claim, "22", -first_paid, icn="ICN-A", cas=["CO*45*-3.00"], charge=-charge)
    correction = clp(
        claim, "1", corrected_paid, D("4.00"), icn="ICN-B", cas=["CO*45*10.00", "PR*2*4.00"]
    )
    path = scenario.remit(
        reversal + correction,
        total=corrected_paid - first_paid,
        trace="EFT-B",
        paid_on=date(2026, 12, 1),
        payer=claim.payer.name,
    )
    [result] = scenario.ingest(path)
    assert result["counts"]["claim payments posted"] == 2
    assert not [f for f in result["findings"] if f["code"] == "REVERSAL"]
    row = scenario.claims()[claim.patient_control_number]
    assert row["status"] == "paid"
    assert (row["paid"], row["adjusted"], row["patient_responsibility"]) == (
        money(corrected_paid),
        "10.00",
        "4.00",
    )
    assert row["balance"] == "0.00"
    assert row["payer_claim_control_number"] == "ICN-B"
    history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    payments = history["payments"]
    assert [p["kind"] for p in payments] == ["original", "reversal", "correction"]
    assert payments[0]["reversed_by"] == payments[1]["id"]
    assert [e["to_status"] for e in history["events"]] == ["submitted", "paid", "reversed", "paid"]


def test_one_claim_paid_across_two_remittances(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=17)
    scenario.submit([claim], SENT)
    charge = claim.total_charge
    part_one = (charge / 2).quantize(D("0.01"))
    part_two = charge - part_one
    first = clp(claim, "1", part_one, icn="ICN-1", cas=[f"OA*23*{part_two}"])
    second = clp(claim, "1", part_two, icn="ICN-1", cas=[f"OA*23*-{part_two}"], charge=D("0.00"))
    scenario.ingest(
        scenario.remit(
            first, total=part_one, trace="EFT-1", paid_on=PAID_ON, payer=claim.payer.name
        )
    )
    row = scenario.claims()[claim.patient_control_number]
    assert (row["paid"], row["balance"]) == (money(part_one), "0.00")
    scenario.ingest(
        scenario.remit(
            second, total=part_two, trace="EFT-2", paid_on=date(2026, 12, 4), payer=claim.payer.name
        )
    )
    row = scenario.claims()[claim.patient_control_number]
    assert row["paid"] == money(charge)
    assert row["adjusted"] == "0.00"
    assert row["balance"] == "0.00"
    assert row["status"] == "paid"


def test_plb_interest_and_recoupment(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=18)
    scenario.submit(claims, SENT)
    paid, recouped = claims
    interest, recoupment = D("-2.35"), D("15.00")
    plb = [
        f"PLB*1234567893*20261231*L6:{paid.patient_control_number}*{interest}"
        f"*WO:ICN-{recouped.patient_control_number}*{recoupment}"
    ]
    total = paid.total_charge - interest - recoupment
    path = scenario.remit(
        clp(paid, "1", paid.total_charge),
        total=total,
        trace="EFT-P",
        paid_on=PAID_ON,
        payer=paid.payer.name,
        plb=plb,
    )
    # the recouped claim was paid earlier under that ICN
    scenario.ingest(
        scenario.remit(
            clp(recouped, "1", recouped.total_charge, icn=f"ICN-{recouped.patient_control_number}"),
            total=recouped.total_charge,
            trace="EFT-0",
            paid_on=date(2026, 11, 10),
            payer=recouped.payer.name,
        )
    )
    [result] = scenario.ingest(path)
    assert result["counts"]["provider adjustments"] == 2
    assert "unmatched" not in result["counts"]
    report = scenario.report(date(2026, 12, 1))
    assert report["totals"]["provider_adjustments"] == money(interest + recoupment)
    for claim, reason, amount in ((paid, "L6", interest), (recouped, "WO", recoupment)):
        history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
        assert [(p["reason_code"], p["amount"]) for p in history["provider_adjustments"]] == [
            (reason, money(amount))
        ]


def test_unmatched_claim_payment_goes_to_the_exception_queue(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=19)
    scenario.submit([claim], SENT)
    stranger = clp(claim, "1", D("42.00"), number="NOT-OURS-1", charge=D("42.00"))
    path = scenario.remit(
        stranger, total=D("42.00"), trace="EFT-U", paid_on=PAID_ON, payer=claim.payer.name
    )
    [result] = scenario.ingest(path)
    assert result["counts"]["unmatched"] == 1
    items = json.loads(scenario.cli("unmatched", "--json").output)
    assert [(i["item"], i["reference"], i["amount"]) for i in items] == [
        ("claim payment", "NOT-OURS-1", "42.00")
    ]
    assert "segment" in items[0]["location"]
    assert scenario.claims()[claim.patient_control_number]["paid"] == "0.00"
    report = scenario.report(date(2026, 12, 1))
    assert report["unmatched"] == {"items": 1, "amount": "42.00"}


def test_payment_from_another_payer_is_not_posted(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=19)
    scenario.submit([claim], SENT)
    path = scenario.remit(
        clp(claim, "1", claim.total_charge),
        total=claim.total_charge,
        trace="EFT-X",
        paid_on=PAID_ON,
        payer="SOMEONE ELSE ENTIRELY",
    )
    [result] = scenario.ingest(path)
    assert result["counts"]["unmatched"] == 1
    assert scenario.claims()[claim.patient_control_number]["paid"] == "0.00"


def test_duplicate_file_changes_nothing(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=20)
    scenario.submit([claim], SENT)
    path = scenario.remit(
        clp(claim, "1", claim.total_charge),
        total=claim.total_charge,
        trace="EFT-D",
        paid_on=PAID_ON,
        payer=claim.payer.name,
    )
    first, second = scenario.ingest(path, path)
    assert first["outcome"] == "posted"
    assert second["outcome"] == "duplicate"
    assert second["batch_id"] == first["batch_id"]
    assert scenario.claims()[claim.patient_control_number]["paid"] == money(claim.total_charge)
    history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    assert len(history["payments"]) == 1


def test_same_clp_in_two_files_is_posted_once(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=21)
    scenario.submit([claim], SENT)
    lines = clp(claim, "1", claim.total_charge)
    one = scenario.remit(
        lines, total=claim.total_charge, trace="EFT-S", paid_on=PAID_ON, payer=claim.payer.name
    )
    two = scenario.remit(
        lines,
        total=claim.total_charge,
        trace="EFT-S",
        paid_on=PAID_ON,
        payer=claim.payer.name,
        sender="RESENT",
    )
    first, second = scenario.ingest(one, two)
    assert first["counts"]["claim payments posted"] == 1
    assert second["outcome"] == "posted"
    assert second["counts"]["duplicate claim payments"] == 1
    assert "claim payments posted" not in second["counts"]
    assert scenario.claims()[claim.patient_control_number]["paid"] == money(claim.total_charge)


def test_recoupment_naming_the_icn_of_a_reversed_payment_links_to_the_claim(
    scenario: Scenario,
) -> None:
    """A reversal with a correction under a new ICN, and a forwarding balance (PLB FB) naming the
    old ICN: the PLB belongs to the claim, not to the exception queue."""
    [claim] = sample_claims(1, seed=21)
    scenario.submit([claim], SENT)
    charge = claim.total_charge
    first_paid = charge - D("3.00")
    original = clp(claim, "1", first_paid, icn="ICN-OLD", cas=["CO*45*3.00"])
    scenario.ingest(
        scenario.remit(
            original, total=first_paid, trace="EFT-1", paid_on=PAID_ON, payer=claim.payer.name
        )
    )
    corrected = charge - D("50.00")
    reversal = clp(claim, "22", -first_paid, icn="ICN-OLD", cas=["CO*45*-3.00"], charge=-charge)
    correction = clp(claim, "1", corrected, icn="ICN-NEW", cas=["CO*45*50.00"])
    net = corrected - first_paid  # negative: carried forward with a PLB FB
    path = scenario.remit(
        reversal + correction,
        total=D("0.00"),
        trace="EFT-2",
        paid_on=date(2026, 12, 1),
        payer=claim.payer.name,
        plb=[f"PLB*1234567893*20261231*FB:ICN-OLD*{net}"],
    )
    scenario.ingest(path)
    assert json.loads(scenario.cli("unmatched", "--json").output) == []
    history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    assert any(e["kind"] == "provider adjustment" for e in history["events"])
