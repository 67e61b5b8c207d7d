"""Readable text for ``x12flow claim``: one claim's history (amounts as ``1,234.50``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.ledger.queries import ClaimHistory
from edi.model.money import display


def _coded(code: str | None, words: str | None) -> str:
    """A code with its words when a list knows it: ``1 (Processed as Primary)``."""
    if not code:
        return ""
    return f"{code} ({words})" if words else code


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
        f"patient {display(s.patient_responsibility)}"
        + (f"  written off {display(s.written_off)}" if s.written_off else "")
        + f"  balance {display(s.balance)}"
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
            f"  {ack['kind']} {ack['level']} {ack['reference'] or ''} "
            f"{_coded(ack['status'], ack.get('status_description'))}: "
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
    yield from _worklist_lines(history)


def _worklist_lines(history: ClaimHistory) -> Iterator[str]:
    """Each change of the claim's worklist items, with who and when."""
    if not history.worklist:
        return
    yield "worklist"
    for w in history.worklist:
        change = f"{w['from_status'] or ''} → {w['to_status']}".strip()
        assignee = (
            f", assignee {w['to_assignee']}" if w["to_assignee"] != w["from_assignee"] else ""
        )
        amount = f", {display(w['amount'])} written off" if w["amount"] is not None else ""
        who = f"item #{w['item_id']} {w['kind']} by {w['by']}"
        yield f"  {_when(w['at'])} {who}: {change}{assignee}{amount}"
        if w["note"]:
            yield f"      {w['note']}"


def _money_lines(history: ClaimHistory) -> Iterator[str]:
    """Payments, adjustments with reason descriptions, remarks and provider adjustments."""
    yield "payments"
    for p in history.payments:
        reversed_note = f" (reversed by #{p['reversed_by']})" if p["reversed_by"] else ""
        yield (
            f"  #{p['id']} {p['payment_date']} trace {p['trace_number']} CLP02 "
            f"{_coded(p['status_code'], p.get('status_code_description'))} {p['kind']}: charge "
            f"{display(p['charge'])} paid {display(p['paid'])} patient "
            f"{display(p['patient_responsibility'])}{reversed_note}"
        )
        if p.get("denial_category"):
            yield (
                f"      denial category {p['denial_category']} "
                f"({p['denial_category_description']}), next action {p['next_action']} "
                f"({p['next_action_description']})"
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
