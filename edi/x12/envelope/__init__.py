"""Envelope: pair ISA/IEA, GS/GE and ST/SE, check control numbers and counts, and tell each
transaction set's kind. Problems are findings with TA1 (TA105), 999 (AK905, IK502) codes.

:func:`walk` turns a segment stream into a stream of events. A :class:`TransactionSet` event
lends out its own segments (ST through SE) from the shared stream; whatever the consumer does
not read is drained before the walk goes on, so the file is read once, front to back.
"""

from edi.x12.envelope.headers import (
    ENVELOPE_IDS,
    FUNCTIONAL_IDS,
    SUPPORTED_SETS,
    Acknowledgment,
    GroupEnd,
    GroupHeader,
    GroupStart,
    InterchangeEnd,
    InterchangeHeader,
    InterchangeStart,
    transaction_kind,
)
from edi.x12.envelope.transaction import Event, TransactionSet
from edi.x12.envelope.walker import Walker, walk

__all__ = [
    "ENVELOPE_IDS",
    "FUNCTIONAL_IDS",
    "SUPPORTED_SETS",
    "Acknowledgment",
    "Event",
    "GroupEnd",
    "GroupHeader",
    "GroupStart",
    "InterchangeEnd",
    "InterchangeHeader",
    "InterchangeStart",
    "TransactionSet",
    "Walker",
    "transaction_kind",
    "walk",
]
