"""Order claims so that the writer can share hierarchy levels.

Claims of one billing provider (and pay-to address) come together, in order of first
appearance; inside them, claims of one subscriber, payer and patient come together. The order
is otherwise kept, so the same input always gives the same file. :func:`arrange` orders claims
in memory; :class:`Arrangement` orders a batch of any size from two keys a claim.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Sequence

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


class Arrangement:
    """The order :func:`arrange` gives, for a batch that is not held in memory: each claim is
    added with its keys (:class:`generators.prepared.PreparedClaim`), 16 bytes a claim kept,
    and :meth:`order` puts the indices of the claims to write in the file's order."""

    def __init__(self) -> None:
        self._providers = array("q")
        self._groups = array("q")  # the provider and the subscriber, payer and patient

    def add(self, provider_key: bytes, subscriber_key: bytes) -> int:
        """Add the next claim; its index."""
        self._providers.append(_number(provider_key))
        self._groups.append(
            _number(hashlib.blake2b(provider_key + subscriber_key, digest_size=8).digest())
        )
        return len(self._providers) - 1

    def order(self, indices: Iterable[int]) -> array[int]:
        """``indices`` (ascending) as the file carries them: by billing provider, then by
        subscriber, each in order of first appearance, else in input order."""
        size = len(self._providers)
        providers: dict[int, int] = {}
        groups: dict[int, int] = {}
        keys: list[int] = []
        for index in indices:
            provider = providers.setdefault(self._providers[index], index)
            group = groups.setdefault(self._groups[index], index)
            keys.append((provider * size + group) * size + index)
        del providers, groups
        keys.sort()
        return array("q", (key % size for key in keys))


def _number(digest: bytes) -> int:
    """A 64-bit number from a digest: two claims' numbers are equal only when their keys are
    (short of a 64-bit collision, which would only change where a claim is written)."""
    return int.from_bytes(digest[:8], "little", signed=True)
