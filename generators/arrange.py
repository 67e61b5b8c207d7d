"""Order claims so that the writer can share hierarchy levels.

Claims of one billing provider (and pay-to address) come together, in order of first
appearance; inside them, claims of one subscriber, payer and patient come together. The order
is otherwise kept, so the same input always gives the same file.
"""

from __future__ import annotations

from collections.abc import Sequence

from edi.model.claim import Claim


def _key(*parts: object) -> str:
    return "|".join("-" if part is None else repr(part) for part in parts)


def arrange(claims: Sequence[Claim]) -> list[Claim]:
    providers: dict[str, dict[str, list[Claim]]] = {}
    for claim in claims:
        provider = _key(claim.billing_provider, claim.pay_to_address)
        subscriber = _key(claim.subscriber, claim.payer, claim.patient)
        providers.setdefault(provider, {}).setdefault(subscriber, []).append(claim)
    return [
        claim
        for subscribers in providers.values()
        for group in subscribers.values()
        for claim in group
    ]
