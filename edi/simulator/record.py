"""The decision record: every decision the simulator took, written as JSON beside its files.

Per claim: where it came from (file, GS06, ST02), the TA1 on its interchange (when one was
sent), the 999 verdict on its set, the 277CA
verdict, and each 835 payment (file, ST02, CLP02, amounts, CAS, RARCs); ``paid`` is the net of
its 835 payments. Per file: kind, ISA13, the inputs it answers. Per 835 transaction set: payer,
payee, BPR02 and the PLB adjustments. Money is written as strings; no names or member IDs.

The claims are not held: :func:`write_record` writes them as they come, and
:attr:`DecisionRecord.claims` reads them back from the written file when asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from edi.model.remittance.claims import ClaimPayment
from edi.model.remittance.header import Party, ProviderAdjustment, Remittance, RemittanceEnd
from generators.replies import all_adjustments, claim_paid, patient_share


@dataclass(frozen=True, slots=True)
class FileRecord:
    file: str  # name in the output directory
    kind: str  # TA1, 999, 277CA, 835
    interchange: str  # ISA13
    answers: tuple[str, ...]  # input files (999, 277CA) or "" for an 835 cycle

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "interchange": self.interchange,
            "answers": list(self.answers),
        }


def payment_json(file: str, control: str, claim: ClaimPayment) -> dict[str, Any]:
    levels = [("claim", claim.adjustments), *[("line", s.adjustments) for s in claim.services]]
    adjustments = [
        {"level": level, "group": a.group, "reason": a.reason, "amount": str(a.amount)}
        for level, items in levels
        for a in items
    ]
    return {
        "file": file,
        "set": control,
        "status": claim.status_code,
        "charge": str(claim.charge),
        "paid": str(claim_paid(claim)),
        "patient_responsibility": str(patient_share(all_adjustments(claim))),
        "payer_claim_number": claim.payer_claim_control_number or "",
        "adjustments": adjustments,
        "remarks": sorted({r.code for s in claim.services for r in s.remarks}),
    }


@dataclass(slots=True)
class ClaimRecord:
    claim_id: str
    input: str
    group: str  # GS06
    set: str  # ST02
    charge: Decimal
    outcome: str = "pending"
    ta1: dict[str, Any] | None = None
    ack999: dict[str, Any] = field(default_factory=dict)
    claim_ack: dict[str, Any] | None = None
    payments: list[dict[str, Any]] = field(default_factory=list)
    paid: Decimal = Decimal(0)

    def add_payment(self, file: str, control: str, claim: ClaimPayment) -> None:
        self.payments.append(payment_json(file, control, claim))
        self.paid += claim_paid(claim)

    @classmethod
    def from_json(cls, entry: dict[str, Any]) -> ClaimRecord:
        return cls(
            entry["claim_id"],
            entry["input"],
            entry["group"],
            entry["set"],
            Decimal(entry["charge"]),
            entry["outcome"],
            entry["ta1"],
            entry["ack999"],
            entry["claim_ack"],
            entry["payments"],
            Decimal(entry["paid"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "input": self.input,
            "group": self.group,
            "set": self.set,
            "charge": str(self.charge),
            "outcome": self.outcome,
            "ta1": self.ta1,
            "ack999": self.ack999,
            "claim_ack": self.claim_ack,
            "payments": self.payments,
            "paid": str(self.paid),
        }


def _plb_json(item: ProviderAdjustment) -> dict[str, Any]:
    return {
        "provider": item.provider_id or "",
        "reason": item.reason,
        "reference": item.reference or "",
        "amount": str(item.amount),
    }


def _payer_id(payer: Party | None) -> str:
    """REF*2U of loop 1000A."""
    found = payer.references if payer is not None else []
    return next((r.value for r in found if r.qualifier == "2U"), "")


def remittance_json(
    file: str, control: str, head: Remittance, end: RemittanceEnd
) -> dict[str, Any]:
    payment, balance, payee = head.payment, end.balance, head.payee
    return {
        "file": file,
        "set": control,
        "payer_id": _payer_id(head.payer),
        "payee_npi": payee.id or "" if payee is not None else "",
        "trace_number": payment.trace_number or "",
        "payment_date": payment.date.isoformat() if payment.date is not None else None,
        "claims": balance.claim_count,
        "claims_paid": str(balance.total_paid),
        "provider_adjustments": [_plb_json(p) for p in end.provider_adjustments],
        "payment": str(payment.amount),
    }


class ClaimRecords(Mapping[str, ClaimRecord]):
    """The claims of a written decision record by CLM01, read from the file on first use."""

    def __init__(self, path: Path | None, count: int) -> None:
        self.path = path
        self._count = count
        self._claims: dict[str, ClaimRecord] | None = None

    def _read(self) -> dict[str, ClaimRecord]:
        if self._claims is None:
            if self.path is None:
                raise ValueError("the decision record is not written yet")
            with open(self.path, encoding="utf-8") as stream:
                entries = json.load(stream)["claims"]
            self._claims = {e["claim_id"]: ClaimRecord.from_json(e) for e in entries}
        return self._claims

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, claim_id: str) -> ClaimRecord:
        return self._read()[claim_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())


@dataclass(slots=True)
class DecisionRecord:
    """What the record says besides the claims: the run, outcome counts, files, 835 sets."""

    seed: int
    rules: dict[str, Any]
    files: list[FileRecord] = field(default_factory=list)
    remittances: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # outcome -> claims
    path: Path | None = None  # where it was written
    _claims: ClaimRecords | None = field(default=None, init=False, repr=False, compare=False)

    def count(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def outcomes(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))

    @property
    def claims(self) -> ClaimRecords:
        """Every claim's record by CLM01 (read from the written file when first asked for)."""
        if self._claims is None or self._claims.path != self.path:
            self._claims = ClaimRecords(self.path, sum(self.counts.values()))
        return self._claims


def _member(key: str, value: Any) -> str:
    """One member of the record's top object, as ``json.dumps(..., indent=1)`` writes it."""
    return json.dumps({key: value}, indent=1)[2:-2]


def write_record(stream: TextIO, record: DecisionRecord, claims: Iterable[ClaimRecord]) -> None:
    """The record as JSON (indented by one), the claims written as they come."""
    stream.write("{\n")
    for key, value in (
        ("seed", record.seed),
        ("rules", record.rules),
        ("outcomes", record.outcomes()),
        ("files", [f.to_json() for f in record.files]),
    ):
        stream.write(_member(key, value) + ",\n")
    stream.write(' "claims": [')
    separator = "\n  "
    for claim in claims:
        stream.write(separator + json.dumps(claim.to_json(), indent=1).replace("\n", "\n  "))
        separator = ",\n  "
    stream.write("]" if separator == "\n  " else "\n ]")
    stream.write(",\n" + _member("remittances", record.remittances) + "\n}\n")
