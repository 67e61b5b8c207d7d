"""Categorize what came back: an 835 claim payment, a 277CA status, a 999 rejection.

Each function returns a :class:`Verdict` (our category, the next action, the amount at stake and
every code it looked at) or None when nothing on the claim was rejected, denied or reduced.

How an 835 claim payment is decided (docs/denials.md has the same in prose):

1. CLP02 frames it: a reversal (22) or a predetermination (25) gives None; a denial (4) with
   no adjustment at all goes to review for the whole charge.
2. Every CAS adjustment, claim and line, is looked up by group and CARC (``PR-96`` before
   ``96``); a generic CARC (``refine``) takes the category and action of the first RARC that
   has one: the line's LQ*HE remarks first, then the claim's MOA/MIA remarks. LQ*RX codes are
   NCPDP reject codes, not RARCs, and are not looked at.
3. Liability: under CO the provider is liable, so "bill the patient" becomes "write off"; when
   CLP02 says the claim was forwarded (19, 20, 21, 23) billing the next payer or the patient
   waits for that payer's answer: action none.
4. Adjustments with the same category and action add up. The one that decides is the largest
   amount in the highest tier: provider work (appeal, correct and resubmit, bill the next
   payer, review) before billing the patient, before write-offs and no action; ties go to the
   one met first. The amount at stake is that group's total.

A code the mapping does not know is categorized *other* with action *review* (and listed in
:attr:`Verdict.unmapped`): a biller expects an unknown reason to reach a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from edi.model.denials.mapping import ClaimEffect, DenialMapping, denial_mapping
from edi.model.denials.terms import UNMAPPED, Action, Category, Rule
from edi.model.remittance.claims import Adjustment, ClaimPayment, Remark

ZERO = Decimal(0)


class CodeList(StrEnum):
    """Where a code in a verdict's reasons comes from."""

    CLP02 = "CLP02"
    CARC = "CARC"
    RARC = "RARC"
    STC_CATEGORY = "STC01-1"
    STC_STATUS = "STC01-2"
    SET_STATUS = "IK501"
    SET_ERROR = "IK502"
    GROUP_STATUS = "AK901"
    GROUP_ERROR = "AK905"


@dataclass(frozen=True, slots=True)
class Reason:
    """One code looked at: the mapping's rule and what it came to on this claim.

    ``category`` and ``action`` are the effective ones (after RARC refinement and liability);
    ``group`` and ``amount`` are the CAS group and amount of a CARC.
    """

    code_list: CodeList
    code: str
    rule: Rule
    category: Category | None
    action: Action
    group: str | None = None
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """A claim's category and next action, the money at stake, and the codes behind them."""

    category: Category
    action: Action
    amount_at_stake: Decimal
    reasons: tuple[Reason, ...]

    @property
    def unmapped(self) -> tuple[Reason, ...]:
        """The codes the mapping does not know (to add to ``mapping.toml``)."""
        return tuple(r for r in self.reasons if not r.rule.mapped)


_TIER = {
    Action.APPEAL: 2,
    Action.CORRECT_AND_RESUBMIT: 2,
    Action.BILL_NEXT_PAYER: 2,
    Action.REVIEW: 2,
    Action.BILL_PATIENT: 1,
    Action.WRITE_OFF: 0,
    Action.NONE: 0,
}
_WAITS_WHEN_FORWARDED = frozenset({Action.BILL_NEXT_PAYER, Action.BILL_PATIENT})


def _looked_up(code_list: CodeList, code: str, rule: Rule | None) -> Reason:
    found = rule or UNMAPPED
    return Reason(code_list, code, found, found.category, found.action)


def _liable(group: str, action: Action, forwarded: bool) -> Action:
    if group == "CO" and action is Action.BILL_PATIENT:
        return Action.WRITE_OFF
    if forwarded and action in _WAITS_WHEN_FORWARDED:
        return Action.NONE
    return action


def categorize_adjustment(
    adjustment: Adjustment,
    rarcs: Sequence[str] = (),
    *,
    forwarded: bool = False,
    mapping: DenialMapping | None = None,
) -> Reason:
    """One CAS triplet with the RARCs that explain it, as a reason (steps 2 and 3 above)."""
    table = mapping or denial_mapping()
    rule = table.carc(adjustment.group, adjustment.reason) or UNMAPPED
    category, action = rule.category, rule.action
    if rule.refine:
        for code in rarcs:
            remark = table.rarcs.get(code)
            if remark is not None and remark.category is not None:
                category, action = remark.category, remark.action
                break
    return Reason(
        CodeList.CARC,
        adjustment.reason,
        rule,
        category,
        _liable(adjustment.group, action, forwarded),
        adjustment.group,
        adjustment.amount,
    )


def _rarc_codes(remarks: Iterable[Remark]) -> list[str]:
    """RARCs only: LQ*HE and MIA/MOA remarks (no qualifier); LQ*RX holds NCPDP codes."""
    return [r.code for r in remarks if r.qualifier in (None, "HE")]


def _claim_rarcs(claim: ClaimPayment) -> list[str]:
    remarks: list[Remark] = []
    if claim.inpatient is not None:
        remarks += claim.inpatient.remarks
    if claim.outpatient is not None:
        remarks += claim.outpatient.remarks
    return _rarc_codes(remarks)


def _adjustments(claim: ClaimPayment) -> Iterable[tuple[Adjustment, list[str]]]:
    """Every CAS triplet of the claim with the RARCs that speak for it, claim level first."""
    claim_rarcs = _claim_rarcs(claim)
    for adjustment in claim.adjustments:
        yield adjustment, claim_rarcs
    for line in claim.services:
        line_rarcs = _rarc_codes(line.remarks) + claim_rarcs
        for adjustment in line.adjustments:
            yield adjustment, line_rarcs


def _decide(adjusted: Sequence[Reason]) -> tuple[Category, Action, Decimal]:
    totals: dict[tuple[Category, Action], Decimal] = {}
    for reason in adjusted:
        key = (reason.category or Category.OTHER, reason.action)
        totals[key] = totals.get(key, ZERO) + max(reason.amount or ZERO, ZERO)
    order = list(totals)
    best = max(order, key=lambda k: (_TIER[k[1]], totals[k], -order.index(k)))
    return best[0], best[1], totals[best]


def categorize_claim_payment(
    claim: ClaimPayment, mapping: DenialMapping | None = None
) -> Verdict | None:
    """The verdict on one 835 claim payment (loop 2100), or None when nothing was adjusted
    (or the claim payment is a reversal or a predetermination)."""
    table = mapping or denial_mapping()
    status = table.claim_statuses.get(claim.status_code)
    effect = status.effect if status is not None else ClaimEffect.PROCESSED
    if effect in (ClaimEffect.REVERSAL, ClaimEffect.PREDETERMINATION):
        return None
    status_reason = Reason(
        CodeList.CLP02,
        claim.status_code,
        Rule(None, Action.NONE, status.note) if status is not None else UNMAPPED,
        None,
        Action.NONE,
    )
    forwarded = effect is ClaimEffect.FORWARDED
    adjusted: list[Reason] = []
    remarks: dict[str, Reason] = {}
    for adjustment, rarcs in _adjustments(claim):
        adjusted.append(
            categorize_adjustment(adjustment, rarcs, forwarded=forwarded, mapping=table)
        )
        for code in rarcs:
            remarks.setdefault(code, _looked_up(CodeList.RARC, code, table.rarcs.get(code)))
    reasons = (status_reason, *adjusted, *remarks.values())
    if not adjusted:
        if effect is ClaimEffect.DENIED:
            return Verdict(Category.OTHER, Action.REVIEW, claim.charge or ZERO, reasons)
        return None
    category, action, amount = _decide(adjusted)
    return Verdict(category, action, amount, reasons)


def categorize_claim_status(
    statuses: Iterable[tuple[str, str | None]],
    *,
    charge: Decimal,
    mapping: DenialMapping | None = None,
) -> Verdict | None:
    """The verdict on a 277CA claim or line status: its STC composites as (category, status
    code) pairs, STC01 first. The first category that has a category of ours decides (a
    status code the mapping knows refines it); None when every category is an acceptance,
    a pending or a finalized payment. The amount at stake is ``charge`` (STC04 or CLM02)."""
    table = mapping or denial_mapping()
    reasons: list[Reason] = []
    decided: tuple[Category, Action] | None = None
    for category_code, status_code in statuses:
        category = _looked_up(
            CodeList.STC_CATEGORY, category_code, table.stc_categories.get(category_code)
        )
        reasons.append(category)
        status = None
        if status_code:
            status = _looked_up(
                CodeList.STC_STATUS, status_code, table.stc_statuses.get(status_code)
            )
            reasons.append(status)
        if decided is None and category.category is not None:
            refines = status is not None and status.rule.mapped and category.rule.mapped
            refined = status if refines and status is not None else category
            decided = (refined.category or Category.OTHER, refined.action)
    if decided is None:
        return None
    return Verdict(decided[0], decided[1], charge, tuple(reasons))


def _rejection(
    status_list: CodeList,
    error_list: CodeList,
    errors_table: Mapping[str, Rule],
    status: str,
    errors: Sequence[str],
    charge: Decimal,
    table: DenialMapping,
) -> Verdict | None:
    found = table.ack_statuses.get(status)
    if found is not None and not found.rejected:
        return None
    status_rule = (
        Rule(Category.MISSING_INFORMATION, Action.CORRECT_AND_RESUBMIT, found.note)
        if found is not None
        else UNMAPPED
    )
    reasons = [Reason(status_list, status, status_rule, status_rule.category, status_rule.action)]
    reasons += [_looked_up(error_list, code, errors_table.get(code)) for code in errors]
    decider = next((r for r in reasons[1:] if r.rule.mapped), reasons[0])
    return Verdict(decider.category or Category.OTHER, decider.action, charge, tuple(reasons))


def categorize_rejected_set(
    status: str,
    errors: Sequence[str] = (),
    *,
    charge: Decimal,
    mapping: DenialMapping | None = None,
) -> Verdict | None:
    """The verdict on one claim of a transaction set a 999/997 answered with IK501/AK501
    ``status`` and IK502-IK506 ``errors``: None when the set was accepted (A, E); else
    missing or invalid information, correct and resubmit, unless the first error the mapping
    knows says otherwise (a security or setup error goes to review). ``charge``: the
    claim's CLM02."""
    table = mapping or denial_mapping()
    return _rejection(
        CodeList.SET_STATUS,
        CodeList.SET_ERROR,
        table.set_errors,
        status,
        errors,
        charge,
        table,
    )


def categorize_rejected_group(
    status: str,
    errors: Sequence[str] = (),
    *,
    charge: Decimal,
    mapping: DenialMapping | None = None,
) -> Verdict | None:
    """As :func:`categorize_rejected_set` for a functional group's AK901 ``status`` and
    AK905-AK909 ``errors`` (P, partly accepted, gives None: each set's IK5 decides)."""
    table = mapping or denial_mapping()
    return _rejection(
        CodeList.GROUP_STATUS,
        CodeList.GROUP_ERROR,
        table.group_errors,
        status,
        errors,
        charge,
        table,
    )
