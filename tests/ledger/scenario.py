"""Scenario helper: claims from the project's generator, replies written by hand, and the
real CLI (click's CliRunner) for everything the ledger does."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from edi.cli import main
from edi.config import Config
from edi.ledger import Ledger, OutboundBatch, allocate_control_numbers, record_submission
from edi.model.claim import Claim
from edi.outbound.staging import claim_file_settings
from edi.x12.control_numbers import GS06, ISA13, ST02
from generators.arrange import arrange
from generators.checking import check_records
from generators.claim_file import ClaimFileWriter, FileSummary
from generators.input import Record
from generators.kinds import PROFESSIONAL
from generators.sample.claims import professional_claims
from tests.ledger.x12text import envelope, remittance

PAYER = {"name": "ACME HEALTH", "payer_id": "ACME1"}


def sample_claims(
    count: int,
    seed: int,
    *,
    payer: dict[str, str] | None = None,
    checked_on: date = date(2026, 11, 30),
) -> list[Claim]:
    """``count`` clean 837P claims from the project's synthetic claim generator, all sent to
    ``payer`` (ACME HEALTH unless told)."""
    records = (
        Record("sample", str(i), {**data, "payer": payer or PAYER})
        for i, data in enumerate(professional_claims(count, seed))
    )
    result = check_records(records, PROFESSIONAL, checked_on)
    assert not result.problems, result.problems
    return arrange(result.claims)


def submit_claims(
    db_url: str, claims: Sequence[Claim], when: datetime, directory: Path, per_set: int = 5000
) -> FileSummary:
    """What ``x12flow generate`` does with a ledger: control numbers, the 837 file and the
    submission record in one ledger transaction."""
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        sets = -(-len(claims) // per_set)
        numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
        path = directory / f"837P-{numbers[ISA13].first:09d}.x12"
        with path.open("w", encoding="ascii") as stream:
            writer = ClaimFileWriter(
                stream,
                PROFESSIONAL,
                claim_file_settings(Config()),
                interchange_number=numbers[ISA13].first,
                group_number=numbers[GS06].first,
                transaction_numbers=iter(numbers[ST02]),
                when=when,
                max_claims_per_transaction=per_set,
            )
            summary = writer.write(claims)
        record_submission(
            connection,
            OutboundBatch(
                path.name, "837P", summary.interchange, summary.group, summary.transactions, when
            ),
            claims,
        )
    return summary


def clp(
    claim: Claim,
    status: str,
    paid: Decimal,
    patient: Decimal = Decimal("0.00"),
    *,
    icn: str | None = None,
    cas: Sequence[str] = (),
    charge: Decimal | None = None,
    number: str | None = None,
) -> list[str]:
    """A CLP for ``claim`` with claim-level CAS segments (``"CO*45*10.00"``)."""
    total = claim.total_charge if charge is None else charge
    pcn = number or claim.patient_control_number
    return [
        f"CLP*{pcn}*{status}*{total}*{paid}*{patient}*12*{icn or 'ICN-' + pcn}*11*1",
        *[f"CAS*{c}" for c in cas],
        "NM1*QC*1*DOE*PAT",
    ]


class Scenario:
    """One ledger (SQLite file or PostgreSQL schema) driven through the CLI."""

    def __init__(self, db_url: str, directory: Path) -> None:
        self.db_url = db_url
        self.directory = directory
        self.runner = CliRunner()
        self.files = 0

    def cli(self, *args: str) -> Result:
        return self.runner.invoke(main, [*args, "--db", self.db_url], catch_exceptions=False)

    def submit(self, claims: Sequence[Claim], when: datetime, per_set: int = 5000) -> FileSummary:
        return submit_claims(self.db_url, claims, when, self.directory, per_set)

    def write(self, kind: str, body: Sequence[str], **envelope_args: Any) -> Path:
        self.files += 1
        path = self.directory / f"reply-{self.files}.{kind.lower()}"
        envelope_args.setdefault("interchange", 100 + self.files)
        envelope_args.setdefault("group", 100 + self.files)
        path.write_text(envelope(kind, body, **envelope_args), encoding="ascii")
        return path

    def ingest(self, *paths: Path) -> list[dict[str, Any]]:
        result = self.cli("ingest", *map(str, paths), "--json")
        results = [json.loads(line) for line in result.output.splitlines() if line.strip()]
        # 2: a file could not be used at all; 1: read, with error findings; 0: clean.
        unusable = any(r["outcome"] in ("rejected", "unreadable") for r in results)
        errors = any(f["severity"] == "error" for r in results for f in r["findings"])
        assert result.exit_code == (2 if unusable else 1 if errors else 0), result.output
        return results

    def remit(
        self,
        claims: Sequence[str],
        *,
        total: Decimal,
        trace: str,
        paid_on: date,
        payer: str,
        plb: Sequence[str] = (),
        **envelope_args: Any,
    ) -> Path:
        body = remittance(
            claims, total=str(total), trace=trace, paid_on=paid_on, payer=payer, plb=plb
        )
        return self.write("835", body, **envelope_args)

    def claims(self, *options: str) -> dict[str, dict[str, Any]]:
        result = self.cli("claims", "--json", *options)
        assert result.exit_code == 0, result.output
        return {c["patient_control_number"]: c for c in json.loads(result.output)}

    def report(self, as_of: date, *options: str) -> dict[str, Any]:
        result = self.cli("report", "--format", "json", "--as-of", as_of.isoformat(), *options)
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.output)
        return data
