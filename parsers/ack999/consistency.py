"""Does the AK9 agree with the set responses it sums up? Disagreements are warnings (AK9)."""

from __future__ import annotations

from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment
from parsers.ack999.models import FunctionalGroupResponse

_REJECTED = frozenset({"R", "M", "W", "X"})


def expected_group_status(group: FunctionalGroupResponse) -> set[str]:
    """The AK901 values that fit the set responses: A/E all accepted, P some, R-like none."""
    accepted = sum(1 for s in group.set_responses if s.accepted)
    if accepted == len(group.set_responses):
        return {"A", "E"}
    if accepted == 0:
        return set(_REJECTED)
    return {"P"}


def check_group(
    group: FunctionalGroupResponse, ak9: Segment, findings: Findings, base: Location
) -> None:
    """Warn when AK903/AK904 or AK901 contradict the AK2 loops (only when there are any)."""
    if ak9.ordinal == 0 or not group.set_responses:
        return
    received = len(group.set_responses)
    accepted = sum(1 for s in group.set_responses if s.accepted)
    if group.sets_received is not None and group.sets_received < received:
        findings.warning(
            "AK9",
            "count",
            f"AK903 says {group.sets_received} sets received, the "
            f"acknowledgment answers {received}",
            base.at(ak9, element=3),
        )
    if group.sets_accepted is not None and group.sets_accepted != accepted:
        findings.warning(
            "AK9",
            "count",
            f"AK904 says {group.sets_accepted} sets accepted, {accepted} set responses are A or E",
            base.at(ak9, element=4),
        )
    if group.group_errors or group.sets_received != received:
        return  # group-level errors or unanswered sets explain any status
    allowed = expected_group_status(group)
    if group.group_status in _allowed_codes() and group.group_status not in allowed:
        findings.warning(
            "AK9",
            "status",
            f"AK901 {group.group_status!r} does not fit "
            f"{accepted} of {received} sets accepted "
            f"(expected {'/'.join(sorted(allowed))})",
            base.at(ak9, element=1),
        )


def _allowed_codes() -> frozenset[str]:
    return frozenset({"A", "E", "P", *_REJECTED})
