"""Readable lines for a 277: level statuses, then rejected claims first, then the others.

No patient names or member IDs: claims are named by their patient control number (CLM01).
"""

from __future__ import annotations

from collections.abc import Iterator

from edi.model.money import display
from parsers.status277.models import (
    ClaimStatus,
    ClaimStatusReport,
    HierarchyLevel,
    LineStatus,
    Status,
    StatusCode,
)

_ORDER = {"rejected": 0, "accepted": 1}
_PATIENT_LEVELS = frozenset({"PT", "22", "23"})


def summarize(report: ClaimStatusReport, kind: str) -> Iterator[str]:
    counts: dict[str, int] = {}
    for claim in report.claims:
        counts[claim.outcome] = counts.get(claim.outcome, 0) + 1
    tally = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    source = next((lv for lv in report.levels if lv.level_code == "20"), None)
    by = f" from {source.party.name}" if source and source.party and source.party.name else ""
    yield f"    {kind}{by}: {len(report.claims)} claim(s){': ' + tally if tally else ''}"
    for level in report.levels:
        if level.level_code not in _PATIENT_LEVELS and (level.statuses or level.trace):
            yield from _level(level)
    for claim in sorted(report.claims, key=lambda c: _ORDER.get(c.outcome, 2)):
        yield from _claim(claim)


def _level(level: HierarchyLevel) -> Iterator[str]:
    trace = f" (trace {level.trace})" if level.trace else ""
    counts = []
    if level.accepted_count is not None or level.accepted_amount is not None:
        counts.append(
            f"accepted {_n(level.accepted_count)} / {display(level.accepted_amount, '?')}"
        )
    if level.rejected_count is not None or level.rejected_amount is not None:
        counts.append(
            f"rejected {_n(level.rejected_count)} / {display(level.rejected_amount, '?')}"
        )
    tail = f" — {'; '.join(counts)}" if counts else ""
    yield f"    {level.level or level.level_code} HL {level.hl_id}{trace}{tail}"
    for status in level.statuses:
        yield f"      {_status(status)}"


def _claim(claim: ClaimStatus) -> Iterator[str]:
    label = "REJECTED" if claim.outcome == "rejected" else claim.outcome
    details = [f"payer claim {claim.payer_claim_control_number}"]
    details = details if claim.payer_claim_control_number else []
    if claim.total_charge is not None:
        details.append(f"charge {display(claim.total_charge)}")
    if claim.service_date_from is not None:
        until = claim.service_date_to
        span = f" to {until.isoformat()}" if until and until != claim.service_date_from else ""
        details.append(f"service {claim.service_date_from.isoformat()}{span}")
    extra = f" ({', '.join(details)})" if details else ""
    yield f"    {label} claim {claim.patient_control_number}{extra}"
    for status in claim.statuses:
        yield f"      {_status(status)}"
    for line in claim.lines:
        yield from _line(line)


def _line(line: LineStatus) -> Iterator[str]:
    service = line.service
    name = f"{service.qualifier}:{service.code}" if service else "(no procedure)"
    ref = f" line item {line.line_item_control_number}" if line.line_item_control_number else ""
    verdict = "REJECTED" if line.accepted is False else "accepted" if line.accepted else "status"
    yield f"      line {name}{ref}: {verdict}"
    for status in line.statuses:
        yield f"        {_status(status)}"


def _code(code: StatusCode) -> str:
    text = f"{code.category} {code.category_meaning or ''}".rstrip()
    if code.code:
        text += f"; {code.code} {code.code_meaning or ''}".rstrip()
    if code.entity:
        text += f"; entity {code.entity} {code.entity_meaning or ''}".rstrip()
    return text


def _status(status: Status) -> str:
    parts = [_code(status), *(_code(c) for c in status.additional)]
    action = f" [{status.action} {status.action_meaning or ''}]".replace(" ]", "]")
    text = " | ".join(parts) + (action if status.action else "")
    return text + (f" — {status.message}" if status.message else "")


def _n(value: object) -> str:
    return "?" if value is None else str(value)
