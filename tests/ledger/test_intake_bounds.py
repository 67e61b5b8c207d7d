"""What a file's walk keeps of its envelope breaks stays bounded however many there are, and the
refusal still counts them all. On SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from edi.inbound.ingest import REJECTED
from edi.ledger import admission
from edi.ledger.intake import FileFindings
from edi.x12.findings import Finding, Severity
from edi.x12.location import Location
from tests.ledger.scenario import Scenario, clp, sample_claims

BREAKS = 10_000


def test_the_breaks_kept_stay_bounded() -> None:
    findings = FileFindings("cut.835")
    source, code = admission.OUTSIDE
    for n in range(BREAKS):
        location = Location(file="cut.835", segment=n + 1)
        findings.add(Finding(Severity.ERROR, source, code, "outside", location))
    assert len(findings.breaks) == 1
    assert findings.break_count == BREAKS
    assert findings.breaks[0].location.segment == 1
    assert len(list(findings)) <= findings.limit + 1  # listed, then the closing count


def test_a_file_with_many_segments_outside_any_set_is_refused_with_their_count(
    scenario: Scenario,
) -> None:
    claims = sample_claims(1, seed=97)
    scenario.submit(claims, datetime(2026, 11, 2, 9, 30))
    lines = [s for c in claims for s in clp(c, "1", c.total_charge)]
    total = sum((c.total_charge for c in claims), Decimal(0))
    path = scenario.remit(
        lines, total=total, trace="EFT-B1", paid_on=date(2026, 11, 20), payer="ACME HEALTH"
    )
    segments = path.read_text(encoding="ascii").split("~\n")[:-1]
    *head, ge, iea = segments
    stray = ["XX*1"] * 500
    path.write_text("~\n".join([*head, *stray, ge, iea]) + "~\n", encoding="ascii")
    [result] = scenario.ingest(path)
    assert result["outcome"] == REJECTED
    first = result["findings"][0]
    assert (first["source"], first["code"]) == ("LEDGER", "NOT-WHOLE")
    assert "stands outside any transaction set" in first["message"]
    assert "(and 499 more envelope problems)" in first["message"]
    assert scenario.claims()[claims[0].patient_control_number]["status"] == "submitted"
