"""Words next to the codes of a claim's history (``x12flow claim``): ``..._description``.

The code lists are the guides' own (CLP02, CAS01, PLB03-1, IK501/AK901, TA104, STC01-1: in
:mod:`parsers`), which x12flow may print; CARC and RARC texts are X12's and appear only when the
operator loaded them (:mod:`parsers.codes.descriptions`). The denial category and next action
are x12flow's own words (:mod:`edi.model.denials`). A code no list knows gets None: the code is
shown alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from edi.ledger.report_denials import (
    PostedAdjustment,
    PostedPayment,
    PostedRemark,
    claim_payment_model,
)
from edi.model.denials import categorize_claim_payment
from parsers.ack999.codes import GROUP_STATUS, SET_STATUS
from parsers.codes import CLAIM_STATUS, adjustment_group, descriptions, provider_adjustment_reason
from parsers.status277.codes import CATEGORIES
from parsers.ta1.codes import STATUS as TA1_STATUS

_ACK_TABLES = {
    ("TA1", "interchange"): TA1_STATUS,
    ("TA1", "set"): TA1_STATUS,
    ("999", "group"): GROUP_STATUS,
    ("997", "group"): GROUP_STATUS,
    ("999", "set"): SET_STATUS,
    ("997", "set"): SET_STATUS,
}


def acknowledgment_status(kind: str, level: str, status: str | None) -> str | None:
    """TA104, AK901, IK501/AK501 or a 277's STC01-1 category in words."""
    if status is None:
        return None
    if kind in ("277CA", "277"):
        return CATEGORIES.get(status)
    table = _ACK_TABLES.get((kind, level))
    return table.get(status) if table else None


def describe_history(
    payments: list[dict[str, Any]],
    adjustments: list[dict[str, Any]],
    remarks: list[dict[str, Any]],
    acknowledgments: list[dict[str, Any]],
    provider_adjustments: list[dict[str, Any]],
) -> None:
    """Add the ``..._description`` keys to the rows of a claim's history, in place; each
    payment also gets the denial category and next action of what it adjusted or denied."""
    texts = descriptions()
    for row in acknowledgments:
        row["status_description"] = acknowledgment_status(row["kind"], row["level"], row["status"])
    for row in adjustments:
        row["group_code_description"] = adjustment_group(row["group_code"])
        row["reason_code_description"] = texts.carc(row["reason_code"])
    for row in remarks:
        row["code_description"] = texts.rarc(row["code"])
    for row in provider_adjustments:
        row["reason_code_description"] = provider_adjustment_reason(row["reason_code"])
    for row in payments:
        row["status_code_description"] = CLAIM_STATUS.get(row["status_code"])
        _verdict(row, adjustments, remarks)


def _verdict(
    payment: dict[str, Any],
    adjustments: Sequence[dict[str, Any]],
    remarks: Sequence[dict[str, Any]],
) -> None:
    posted = PostedPayment(
        payment["status_code"],
        payment["kind"],
        payment["charge"] or Decimal(0),
        [
            PostedAdjustment(a["line_number"], a["group_code"], a["reason_code"], a["amount"])
            for a in adjustments
            if a["claim_payment_id"] == payment["id"]
        ],
        [
            PostedRemark(r["line_number"], r["qualifier"], r["code"])
            for r in remarks
            if r["claim_payment_id"] == payment["id"]
        ],
    )
    verdict = categorize_claim_payment(claim_payment_model(posted))
    payment["denial_category"] = verdict.category.value if verdict else None
    payment["denial_category_description"] = verdict.category.description if verdict else None
    payment["next_action"] = verdict.action.value if verdict else None
    payment["next_action_description"] = verdict.action.description if verdict else None
