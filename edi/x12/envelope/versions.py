"""Which versions x12flow reads: the interchange's (ISA12), each group's (GS08) and each
transaction set's implementation guide (ST03), and the functional group (GS01) each set belongs in.

x12flow reads the HIPAA-adopted 5010 technical reports its grammars are built from. A file of
another version is judged once, where the version is first named, so that one wrong version gives
one finding and not one per group or set:

* ISA12 is 00501. An interchange of another version is read only when what it carries reads the
  same in 5010: a TA1, or 4010 997 acknowledgments (their AK segments did not change); that is a
  warning. Otherwise it is an error, and nothing below it is judged again for its version.
* GS08 is a 5010 version (005010…); a 4010 997 group is read with the 5010 rules (a warning).
* ST03 (GS08 when ST03 is absent) is one of the guides in :data:`GUIDES`, and equal to GS08: the
  guides say ST03 "contains the same value as GS08".

The 837I guide is 005010X223A2, the errata HIPAA adopted; its predecessor 005010X223A1 is not read
(pyx12 registers only X223A2 too). The 999 guide is 005010X231A1; the original 005010X231 differs
from it only by errata to code lists, so a 999 of that release is read with the X231A1 rules and a
warning (pyx12 reads both). The 997 has the health care guide 005010X230, and is also sent with
the bare version 005010.
"""

from __future__ import annotations

from typing import Final

INTERCHANGE_VERSION: Final = "00501"

GUIDES: Final[dict[str, tuple[str, ...]]] = {
    "835": ("005010X221A1",),
    "837": ("005010X222A1", "005010X223A2"),
    "999": ("005010X231A1",),
    "997": ("005010", "005010X230"),
    "277": ("005010X214", "005010X212"),
}
"""The implementation guides x12flow reads, by transaction set ID (ST01)."""

EARLIER: Final[dict[str, str]] = {"005010X231": "005010X231A1"}
"""Earlier releases read with the rules of the current guide (with a warning)."""

GUIDE_NAMES: Final[dict[str, str]] = {
    "005010X221A1": "835",
    "005010X222A1": "837P",
    "005010X223A2": "837I",
    "005010X231A1": "999",
    "005010": "997",
    "005010X230": "997",
    "005010X214": "277CA",
    "005010X212": "277",
}

FUNCTIONAL_GROUPS: Final[dict[str, str]] = {
    "835": "HP",
    "837": "HC",
    "999": "FA",
    "997": "FA",
    "277": "HN",
}
"""GS01 of the group each transaction set belongs in (data element 479)."""


def is_5010(version: str) -> bool:
    """Whether a GS08 or ST03 names version 5010 (005010…)."""
    return version.startswith("005010")


def is_4010_acknowledgment(functional_id: str, version: str) -> bool:
    """A 997 group of version 4010: read with the 5010 997 rules."""
    return functional_id == "FA" and version.startswith("00401")


def is_version_number(isa12: str) -> bool:
    """Whether ISA12 has the shape of an interchange control version (I11: 5 digits)."""
    return len(isa12) == 5 and isa12.isascii() and isa12.isdigit()


def reads(set_id: str, implementation: str) -> bool:
    """Whether ``implementation`` is a guide x12flow reads for transaction set ``set_id``."""
    return implementation in GUIDES.get(set_id, ())


def read_as(set_id: str, implementation: str) -> str | None:
    """The current guide an earlier release ``implementation`` of ``set_id`` is read as."""
    current = EARLIER.get(implementation)
    return current if current is not None and reads(set_id, current) else None


def guides_of(set_id: str) -> str:
    """The guides x12flow reads for ``set_id``, for a message: ``005010X222A1 (837P) and …``."""
    named = [f"{guide} ({GUIDE_NAMES[guide]})" for guide in GUIDES.get(set_id, ())]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
