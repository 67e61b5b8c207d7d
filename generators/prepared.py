"""One claim's part of an 837, rendered ahead of the file: what the writer needs of it.

The writer numbers the hierarchy (HL) and the transaction sets as it goes; everything else a
claim contributes is fixed by the claim alone: its billing provider's loops (2000A, 2010AA/AB),
its subscriber's (2000B, 2010BA/BB), its patient's (2000C, 2010CA) and its own (2300 on). A
:class:`PreparedClaim` holds them as X12 text, with keys that tell which claims share the
provider's and the subscriber's levels. So a batch can be checked and rendered claim by claim,
set aside (:meth:`PreparedClaim.to_tuple`), and written in its arranged order later without
its models.

A value that holds one of the delimiters cannot be written (:class:`DelimiterInData`): the
block keeps the reason and the writer raises it when, and only if, it writes that block.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel

from edi.model.claim import Claim
from edi.x12.delimiters import Delimiters
from edi.x12.writer import DelimiterInData, SegmentData, SegmentWriter
from generators.builders.common import billing_provider_body, patient_body, subscriber_body
from generators.kinds import ClaimKind

PROVIDER_CACHE = 64
"""Rendered billing provider loops kept for the next claims (a batch has few providers)."""


class Block(NamedTuple):
    """Segments rendered as X12 text (terminators included), or why they cannot be."""

    text: str
    segments: int  # how many
    problem: str | None = None  # a delimiter in the data: raised when the block is written

    def written(self) -> str:
        if self.problem is not None:
            raise DelimiterInData(self.problem)
        return self.text


class PreparedClaim(NamedTuple):
    """A claim's blocks, and keys equal exactly when the claims' models are equal: the billing
    provider with the pay-to address, and the subscriber with the payer and the patient."""

    provider_key: bytes
    subscriber_key: bytes
    provider: Block  # 2000A after its HL, 2010AA, 2010AB
    subscriber: Block  # 2000B after its HL, 2010BA, 2010BB
    patient: Block | None  # 2000C after its HL, 2010CA: when the patient is not the subscriber
    claim: Block  # 2300 and everything below it

    def to_tuple(self) -> tuple[Any, ...]:
        """Plain values, quick to pickle; :meth:`from_tuple` reads them back."""
        patient = self.patient
        return (
            self.provider_key,
            self.subscriber_key,
            *self.provider,
            *self.subscriber,
            *(patient if patient is not None else (None, 0, None)),
            *self.claim,
        )

    @classmethod
    def from_tuple(cls, values: Sequence[Any]) -> PreparedClaim:
        return cls(
            values[0],
            values[1],
            Block(*values[2:5]),
            Block(*values[5:8]),
            None if values[8] is None else Block(*values[8:11]),
            Block(*values[11:14]),
        )


def model_key(*models: BaseModel | None) -> bytes:
    """A 16-byte digest of the models' values: equal models, equal keys (and only they, short
    of a 128-bit collision). Every field is in the JSON, each in its one type."""
    digest = hashlib.blake2b(digest_size=16)
    for model in models:
        digest.update(b"null" if model is None else model.__pydantic_serializer__.to_json(model))
        digest.update(b"\x1e")
    return digest.digest()


class ClaimPreparer:
    """Renders claims of one kind with the delimiters of the file they will go to."""

    def __init__(self, kind: ClaimKind, delimiters: Delimiters, line_break: bool) -> None:
        self.kind = kind
        self._render = SegmentWriter(io.StringIO(), delimiters, "\n" if line_break else "").render
        self._providers: dict[bytes, Block] = {}

    def block(self, segments: Sequence[SegmentData]) -> Block:
        render = self._render
        try:
            return Block("".join([render(segment) for segment in segments]), len(segments))
        except DelimiterInData as exc:
            return Block("", len(segments), exc.message)

    def prepare(self, claim: Claim) -> PreparedClaim:
        provider_key = model_key(claim.billing_provider, claim.pay_to_address)
        provider = self._providers.get(provider_key)
        if provider is None:
            if len(self._providers) >= PROVIDER_CACHE:
                self._providers.clear()
            provider = self._providers[provider_key] = self.block(
                billing_provider_body(claim.billing_provider, claim.pay_to_address)
            )
        patient = claim.patient
        subscriber = self.block(
            subscriber_body(
                claim.subscriber,
                claim.payer,
                patient is not None,
                self.kind.subscriber_insurance_type,
            )
        )
        return PreparedClaim(
            provider_key,
            model_key(claim.subscriber, claim.payer, patient),
            provider,
            subscriber,
            None if patient is None else self.block(patient_body(patient)),
            self.block(self.kind.segments(claim)),
        )
