"""``x12flow find`` finds a claim by each key, on SQLite and PostgreSQL; the patient's data it
shows stays on its own screen: no other command's output and no log line carries it."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from decimal import Decimal

import pytest

from edi.model.claim import Claim
from tests.ledger.scenario import Scenario, clp, sample_claims

SENT = datetime(2026, 11, 2, 9, 30)


def _found(scenario: Scenario, *keys: str) -> list[str]:
    result = scenario.cli("find", "--format", "json", *keys)
    assert result.exit_code in (0, 1), result.output
    return [f["patient_control_number"] for f in json.loads(result.output)]


def _person(claim: Claim) -> tuple[str, str | None, str, date | None]:
    person = claim.patient or claim.subscriber
    return person.last_name, person.first_name, claim.subscriber.member_id, person.birth_date


def test_find_by_each_key(scenario: Scenario, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    claims = sample_claims(4, seed=191)
    scenario.submit(claims, SENT)
    paid = claims[0]
    lines = clp(paid, "1", paid.total_charge, icn="PAYERICN-77")
    scenario.ingest(
        scenario.remit(
            lines,
            total=paid.total_charge,
            trace="EFT-FIND-1",
            paid_on=date(2026, 11, 20),
            payer="ACME HEALTH",
        )
    )
    target = claims[1]
    last, first, member, born = _person(target)
    mine = target.patient_control_number
    same_last = sorted(c.patient_control_number for c in claims if _person(c)[0] == last)

    assert _found(scenario, "--name", last[:3].lower()) == sorted(
        c.patient_control_number
        for c in claims
        if _person(c)[0].upper().startswith(last[:3].upper())
    )
    assert _found(scenario, "--name", last) == same_last
    assert mine in _found(scenario, "--name", f"{last.lower()},{(first or '')[:2]}")
    assert _found(scenario, "--member-id", member) == [mine]
    assert _found(scenario, "--member-id", member[:-1]) == []  # exact only
    service = min(line.service_date for line in target.service_lines)
    assert mine in _found(scenario, "--date-of-service", service.isoformat())
    assert mine not in _found(scenario, "--date-of-service", "1999-01-01")
    assert _found(scenario, "--payer-claim-number", "PAYERICN-77") == [paid.patient_control_number]
    assert _found(scenario, "--trace", "EFT-FIND-1") == [paid.patient_control_number]
    assert _found(scenario, "--trace", "EFT-FIND-1", "--member-id", member) == []  # both must match

    shown = scenario.cli("find", "--member-id", member)
    assert shown.exit_code == 0
    assert last in shown.output and member in shown.output  # the user's own screen
    detail = json.loads(scenario.cli("find", "--member-id", member, "--format", "json").output)
    assert detail[0]["patient"] == {
        "last_name": last,
        "first_name": first,
        "member_id": member,
        "birth_date": born.isoformat() if born else None,
    }
    nothing = scenario.cli("find", "--member-id", "NO-SUCH-MEMBER")
    assert (nothing.exit_code, nothing.output) == (1, "0 claim(s)\n")
    assert scenario.cli("find").exit_code == 2  # no key at all

    # nowhere else: the claim's history, the listings, the worklist, the logs
    others = [
        scenario.cli("claim", mine, "--json").output,
        scenario.cli("claim", mine).output,
        scenario.cli("claims", "--json").output,
        scenario.cli("worklist", "--format", "json").output,
        caplog.text,
    ]
    secrets = [last.upper(), member.upper()] + ([born.isoformat()] if born else [])
    for text in others:
        assert not [s for s in secrets if s in text.upper()]


def test_denial_work_says_nothing_of_the_patient(
    scenario: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    (claim,) = sample_claims(1, seed=192)
    scenario.submit([claim], SENT)
    lines = clp(claim, "4", Decimal("0.00"), cas=[f"CO*50*{claim.total_charge}"])
    ingested = scenario.ingest(
        scenario.remit(
            lines, total=Decimal(0), trace="EFT-D", paid_on=date(2026, 11, 20), payer="ACME HEALTH"
        )
    )
    outputs = [json.dumps(ingested)]
    outputs.append(scenario.cli("worklist").output)
    outputs.append(scenario.cli("work", "1", "--status", "appealed", "--user", "kim").output)
    outputs.append(scenario.cli("work", "1", "--write-off", "1.00", "--user", "kim").output)
    outputs.append(scenario.cli("work", "99", "--note", "x", "--user", "kim").output)
    outputs.append(scenario.cli("claim", claim.patient_control_number).output)
    outputs.append(caplog.text)
    last, _first, member, born = _person(claim)
    secrets = [last.upper(), member.upper()] + ([born.isoformat()] if born else [])
    for text in outputs:
        assert not [s for s in secrets if s in text.upper()], text
