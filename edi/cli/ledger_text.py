"""Readable text for ``x12flow claim``: one claim's history (amounts as ``1,234.50``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.ledger.queries import ClaimHistory
from edi.model.money import display


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "hour") else str(value)


def history_lines(history: ClaimHistory) -> Iterator[str]:
    s = history.summary
    yield f"claim {s.patient_control_number}: {s.status}"
    yield (
        f"  payer {s.payer or '?'} ({s.payer_id or '?'})  payer claim number "
        f"{s.payer_claim_control_number or '-'}  first submitted {_when(s.submitted_at)}"
    )
    yield (
        f"  charge {display(s.charge)}  paid {display(s.paid)}  adjusted {display(s.adjusted)}  "
        f"patient {display(s.patient_responsibility)}  balance {display(s.balance)}"
    )
    yield "submissions"
    for sub in history.submissions:
        yield (
            f"  #{sub['sequence']} {_when(sub['submitted_at'])} {sub['file']} ISA13 "
            f"{sub['interchange_control_number']} ST02 {sub['set_control_number']} charge "
            f"{display(sub['charge'])}: {sub['outcome']}"
        )
    for ack in history.acknowledgments:
        verdict = {True: "accepted", False: "rejected", None: "noted"}[ack["accepted"]]
        yield (
            f"  {ack['kind']} {ack['level']} {ack['reference'] or ''} {ack['status'] or ''}: "
            f"{verdict}" + (f" — {ack['detail']}" if ack["detail"] else "")
        )
    yield from _money_lines(history)
    yield "events"
    for e in history.events:
        change = (
            f"{e['from_status']} → {e['to_status']}" if e["from_status"] else f"→ {e['to_status']}"
        )
        yield f"  {_when(e['at'])} {e['kind']}: {change} [{e['location']}]"
        if e["detail"]:
            yield f"      {e['detail']}"


def _money_lines(history: ClaimHistory) -> Iterator[str]:
    """Payments, adjustments with reason descriptions, remarks and provider adjustments."""
    yield "payments"
    for p in history.payments:
        reversed_note = f" (reversed by #{p['reversed_by']})" if p["reversed_by"] else ""
        yield (
            f"  #{p['id']} {p['payment_date']} trace {p['trace_number']} CLP02 "
            f"{p['status_code']} {p['kind']}: charge {display(p['charge'])} paid "
            f"{display(p['paid'])} patient {display(p['patient_responsibility'])}{reversed_note}"
        )
    yield "adjustments"
    for a in history.adjustments:
        line = f" line {a['line_number']}" if a["line_number"] else " claim"
        reason = f" — {a['reason']}" if a["reason"] else ""
        yield (
            f"  payment #{a['claim_payment_id']}{line}: {a['group_code']}-"
            f"{a['reason_code']} {display(a['amount'])} ({a['group'] or '?'}){reason}"
        )
    for r in history.remarks:
        text = f" — {r['description']}" if r["description"] else ""
        yield f"  remark on payment #{r['claim_payment_id']}: {r['code']}{text}"
    for pa in history.provider_adjustments:
        yield (
            f"  provider adjustment PLB {pa['reason_code']} ({pa['reason'] or '?'}) "
            f"{display(pa['amount'])} reference {pa['reference']}"
        )
