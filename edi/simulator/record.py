"""The decision record: every decision the simulator took, written as JSON beside its files.

Per claim: where it came from (file, GS06, ST02), the TA1 on its interchange (when one was
sent), the 999 verdict on its set, the 277CA
verdict, and each 835 payment (file, ST02, CLP02, amounts, CAS, RARCs); ``paid`` is the net of
its 835 payments. Per file: kind, ISA13, the inputs it answers. Per 835 transaction set: payer,
payee, BPR02 and the PLB adjustments. Money is written as strings; no names or member IDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from edi.model.remittance.claims import ClaimPayment
from edi.model.remittance.header import Party, ProviderAdjustment
from generators.replies import RemittanceAdvice, all_adjustments, claim_paid, patient_share


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


def remittance_json(file: str, control: str, advice: RemittanceAdvice) -> dict[str, Any]:
    payment, balance, payee = advice.head.payment, advice.end.balance, advice.head.payee
    return {
        "file": file,
        "set": control,
        "payer_id": _payer_id(advice.head.payer),
        "payee_npi": payee.id or "" if payee is not None else "",
        "trace_number": payment.trace_number or "",
        "payment_date": payment.date.isoformat() if payment.date is not None else None,
        "claims": len(advice.claims),
        "claims_paid": str(balance.total_paid),
        "provider_adjustments": [_plb_json(p) for p in advice.end.provider_adjustments],
        "payment": str(payment.amount),
    }


@dataclass(slots=True)
class DecisionRecord:
    seed: int
    rules: dict[str, Any]
    files: list[FileRecord] = field(default_factory=list)
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    remittances: list[dict[str, Any]] = field(default_factory=list)

    def outcomes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for claim in self.claims.values():
            counts[claim.outcome] = counts.get(claim.outcome, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "rules": self.rules,
            "outcomes": self.outcomes(),
            "files": [f.to_json() for f in self.files],
            "claims": [c.to_json() for c in self.claims.values()],
            "remittances": self.remittances,
        }
