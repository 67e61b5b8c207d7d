"""Sample X12 files shipped with x12flow (synthetic; no real patient data)."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

NAMES = (
    "interchange-ack.ta1.x12",
    "acknowledgment.999.x12",
    "claim-status.277ca.x12",
    "remittance.835.x12",
)


def sample(name: str) -> Traversable:
    return resources.files(__name__).joinpath(name)
