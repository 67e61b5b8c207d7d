"""Readable lines for a 999/997: what was accepted or rejected, and why (rejected sets first)."""

from __future__ import annotations

from collections.abc import Iterator

from parsers.ack999.models import (
    CodeMeaning,
    ElementError,
    FunctionalGroupResponse,
    SegmentError,
    SetResponse,
)


def _words(code: str | None, meaning: str | None) -> str:
    if not code:
        return "(no code)"
    return f"{code} {meaning}" if meaning else code


def _codes(items: list[CodeMeaning]) -> str:
    return "; ".join(_words(c.code, c.meaning) for c in items)


def _count(value: int | None) -> str:
    return "?" if value is None else str(value)


def summarize(group: FunctionalGroupResponse, kind: str) -> Iterator[str]:
    what = f" ({group.functional_id_meaning})" if group.functional_id_meaning else ""
    version = f", version {group.version}" if group.version else ""
    yield (
        f"    {kind} for group {group.functional_id} {group.group_control_number}{what}{version}"
    )
    yield (
        f"    group: {_words(group.group_status, group.group_status_meaning)} — "
        f"{_count(group.sets_included)} included, {_count(group.sets_received)} received, "
        f"{_count(group.sets_accepted)} accepted"
    )
    if group.group_errors:
        yield f"    group errors: {_codes(group.group_errors)}"
    for response in group.set_responses:
        if not response.accepted:
            yield from _rejected(response)
    for response in group.set_responses:
        if response.accepted:
            yield from _accepted(response)


def _set_name(response: SetResponse) -> str:
    return f"set {response.set_id} {response.set_control_number}"


def _rejected(response: SetResponse) -> Iterator[str]:
    why = f" — {_codes(response.set_errors)}" if response.set_errors else ""
    yield (
        f"    REJECTED {_set_name(response)}: "
        f"{_words(response.status, response.status_meaning)}{why}"
    )
    for error in response.errors:
        yield from _segment(error)


def _accepted(response: SetResponse) -> Iterator[str]:
    note = " with errors noted" if response.status == "E" else ""
    yield f"    accepted {_set_name(response)}{note}"
    for error in response.errors:
        yield from _segment(error)


def _segment(error: SegmentError) -> Iterator[str]:
    where = f" at position {error.position}" if error.position is not None else ""
    loop = f" in loop {error.loop}" if error.loop else ""
    claim = f" (claim {error.patient_control_number})" if error.patient_control_number else ""
    yield (
        f"      segment {error.segment_id}{where}{loop}{claim}: {_words(error.code, error.meaning)}"
    )
    for element in error.element_errors:
        yield f"        {_element(error.segment_id, element)}"


def _element(segment_id: str, error: ElementError) -> str:
    name = f"{segment_id}{error.position:02d}" if error.position is not None else segment_id
    if error.component:
        name += f"-{error.component}"
    ref = f" (element {error.reference_number})" if error.reference_number else ""
    bad = f", value {error.bad_value!r}" if error.bad_value else ""
    return f"{name}{ref}: {_words(error.code, error.meaning)}{bad}"
