"""One 835 transaction set, posted from the reader's stream, and what it came to.

:func:`post_remittance` posts the set (:class:`~edi.ledger.remit.RemittancePoster`) and returns
its :class:`SetBalance`: BPR02 against sum(CLP04) - sum(PLB amounts). :func:`post_remittance_set`
is the 835's posting for the file walk: it also tells whether the set was read to its end. The
walk posts each set inside a savepoint and holds the set for review instead when it does not
balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from edi.ledger.amounts import UnreadableAmount, provider_amounts
from edi.ledger.money import ZERO, cents
from edi.ledger.posting import Posted, Posting
from edi.ledger.remit import RemittancePoster
from edi.x12.location import Location
from parsers.era835 import ClaimPayment, Remittance, RemittanceEnd

RemittanceItem = Remittance | ClaimPayment | RemittanceEnd


@dataclass(frozen=True, slots=True)
class SetBalance:
    """What one 835 set came to: BPR02 against sum(CLP04) - sum(PLB amounts), and its payer."""

    payer_id: str | None
    payer_name: str | None
    trace: str | None  # TRN02
    amount: Decimal  # BPR02
    expected: Decimal  # sum(CLP04) - sum(PLB amounts)
    claim_count: int

    @property
    def difference(self) -> Decimal:
        """BPR02 - expected."""
        return cents(self.amount) - self.expected

    @property
    def balanced(self) -> bool:
        return self.difference == 0


class _Ended:
    """An 835 set's items, noting whether its end (SE) was reached."""

    def __init__(self, items: Iterable[RemittanceItem]) -> None:
        self.items = items
        self.ended = False

    def __iter__(self) -> Iterator[RemittanceItem]:
        for item in self.items:
            if isinstance(item, RemittanceEnd):
                self.ended = True
            yield item


def post_remittance_set(p: Posting, items: Iterator[RemittanceItem], base: Location) -> Posted:
    """Post one 835 set (``base``) from the reader's items: whole when its end was read, with
    its balance. When a required amount cannot be read (:class:`UnreadableAmount`), the set is
    still read to its end, for its findings, and nothing more is posted."""
    ended = _Ended(items)
    try:
        balance = post_remittance(p, ended, base)
    except UnreadableAmount:
        for _item in items:
            pass
        raise
    return Posted(ended.ended, balance)


def post_remittance(
    p: Posting, items: Iterable[RemittanceItem], base: Location
) -> SetBalance | None:
    """Post one 835 set from its items; None when the set held neither header nor claims."""
    poster: RemittancePoster | None = None
    end: RemittanceEnd | None = None
    for item in items:
        if isinstance(item, Remittance):
            poster = RemittancePoster(p, item, base)
        elif isinstance(item, ClaimPayment):
            if poster is None:  # no payment header (BPR) could be read
                raise UnreadableAmount(
                    f"transaction set {base.transaction} has no readable payment header (BPR)",
                    base.with_(segment_id="BPR"),
                )
            poster.add(item)
        else:
            end = item
    if poster is None:
        return None
    if end is not None:
        provider_amounts(end.provider_adjustments, base)
    poster.finish(end)
    return _balance(poster, end)


def _balance(poster: RemittancePoster, end: RemittanceEnd | None) -> SetBalance:
    plb = end.balance.provider_adjustment_total if end is not None else ZERO
    ids = poster.payer.ids
    return SetBalance(
        min(ids) if ids else None,
        poster.payer_name,
        poster.trace,
        poster.amount,
        cents(poster.total_paid - plb),
        poster.claim_count,
    )
