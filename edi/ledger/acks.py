"""Posting 999/997 and TA1 acknowledgments against our outbound 837 batches.

AK1 (GS06) finds the batch, AK2 (ST02) the transaction set inside it; every claim whose latest
submission travelled in a rejected set becomes ``rejected`` (fix and resubmit); in an accepted
set it becomes ``accepted``. A TA1 that rejects the interchange rejects every set in it.
Acknowledgments of batches the ledger does not know go to the exception queue.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, insert, select, update

from edi.ledger import schema, states
from edi.ledger.claims_store import by_ids, save_claims
from edi.ledger.posting import WHOLE, Posted, Posting, located
from edi.ledger.submission import normal_control_number
from edi.x12.location import Location
from parsers.ack999 import FunctionalGroupResponse, SetResponse
from parsers.ta1 import InterchangeAcknowledgment

ACCEPTED_GROUP = frozenset({"A", "E", "P"})


def _latest_outbound(column: Any) -> Select[Any]:
    b = schema.batches
    return (
        select(b.c.id)
        .where(b.c.direction == "outbound", column == bindparam("value"))
        .order_by(b.c.id.desc())
        .limit(1)
    )


# Built once: a reply can acknowledge thousands of interchanges or groups, one query each.
_LATEST_OUTBOUND = {
    column.name: _latest_outbound(column)
    for column in (
        schema.batches.c.interchange_control_number,
        schema.batches.c.group_control_number,
    )
}


def _outbound_batch(connection: Connection, column: Any, value: str | None) -> int | None:
    """The latest 837 batch whose ``column`` (ISA13 or GS06) is ``value``."""
    found: int | None = connection.execute(_LATEST_OUTBOUND[column.name], {"value": value}).scalar()
    return found


def _acknowledgment(
    p: Posting,
    kind: str,
    level: str,
    acked: int | None,
    reference: str | None,
    status: str | None,
    accepted: bool | None,
    location: Location,
    detail: str | None = None,
    claim_id: int | None = None,
) -> None:
    p.connection.execute(
        insert(schema.acknowledgments).values(
            batch_id=p.batch_id,
            kind=kind,
            level=level,
            acked_batch_id=acked,
            claim_id=claim_id,
            reference=reference,
            status=status,
            accepted=accepted,
            detail=detail,
            location=str(location),
        )
    )
    p.counts["acknowledgments"] += 1


def post_group_response(
    p: Posting, response: FunctionalGroupResponse | None, kind: str, base: Location
) -> Posted:
    """One 999/997 set (``base``): the group outcome, then each set's. A response whose
    structure could not be read (None) posts nothing."""
    if response is not None:
        _post_group(p, response, kind, base)
    return WHOLE


def _post_group(p: Posting, response: FunctionalGroupResponse, kind: str, base: Location) -> None:
    group = normal_control_number(response.group_control_number)
    location = located(response.location, base, "AK1")
    batch_id = _outbound_batch(p.connection, schema.batches.c.group_control_number, group)
    if batch_id is None:
        p.unmatched(
            f"{kind} group response",
            response.group_control_number,
            f"no 837 batch with GS06 {response.group_control_number}",
            location,
        )
        return
    _acknowledgment(
        p,
        kind,
        "group",
        batch_id,
        group,
        response.group_status,
        response.group_status in ACCEPTED_GROUP,
        location,
    )
    p.connection.execute(
        update(schema.batches)
        .where(schema.batches.c.id == batch_id)
        .values(ack_status=response.group_status)
    )
    if not response.set_responses and response.group_status not in ACCEPTED_GROUP:
        for st02 in _set_numbers(p.connection, batch_id):
            _apply_set(
                p,
                kind,
                batch_id,
                st02,
                False,
                response.group_status,
                f"AK9 {response.group_status}: the whole group was rejected",
                location,
            )
        return
    for set_response in response.set_responses:
        _post_set(p, kind, batch_id, set_response, base)


def _set_numbers(connection: Connection, batch_id: int) -> list[str]:
    s = schema.batch_sets
    query = select(s.c.set_control_number).where(s.c.batch_id == batch_id)
    return [row[0] for row in connection.execute(query)]


def _set_detail(response: SetResponse) -> str:
    parts = [
        f"IK5 {response.status}"
        + (f" {response.status_meaning}" if response.status_meaning else "")
    ]
    parts += [f"set error {e.code}" for e in response.set_errors]
    for error in response.errors:
        claim = f" CLM01 {error.patient_control_number}" if error.patient_control_number else ""
        parts.append(
            f"{error.segment_id} at position {error.position} IK304 {error.code}"
            + claim
            + "".join(f"; element {e.position} IK403 {e.code}" for e in error.element_errors)
        )
    return "; ".join(parts)


def _post_set(p: Posting, kind: str, batch_id: int, response: SetResponse, base: Location) -> None:
    st02 = normal_control_number(response.set_control_number) or ""
    location = located(response.location, base, "AK2")
    s = schema.batch_sets
    known = p.connection.execute(
        select(s.c.id).where(s.c.batch_id == batch_id, s.c.set_control_number == st02)
    ).scalar()
    if known is None:
        p.unmatched(
            f"{kind} set response",
            response.set_control_number,
            f"the acknowledged 837 batch has no transaction set {st02}",
            location,
        )
        return
    p.connection.execute(update(s).where(s.c.id == known).values(ack_status=response.status))
    _apply_set(
        p, kind, batch_id, st02, response.accepted, response.status, _set_detail(response), location
    )


def _apply_set(
    p: Posting,
    kind: str,
    batch_id: int,
    st02: str,
    accepted: bool,
    status: str,
    detail: str,
    location: Location,
) -> None:
    """The set's outcome on each claim whose latest submission it carried."""
    _acknowledgment(p, kind, "set", batch_id, st02, status, accepted, location, detail)
    sub = schema.submissions
    latest = (
        select(sub.c.claim_id, func.max(sub.c.sequence).label("sequence"))
        .group_by(sub.c.claim_id)
        .subquery()
    )
    query = (
        select(sub.c.id, sub.c.claim_id, sub.c.outcome)
        .join(latest, (latest.c.claim_id == sub.c.claim_id) & (latest.c.sequence == sub.c.sequence))
        .where(sub.c.batch_id == batch_id, sub.c.set_control_number == st02)
    )
    rows = list(p.connection.execute(query))
    outcome = "accepted" if accepted else "rejected"
    for row in rows:
        if row.outcome != "rejected":
            p.connection.execute(update(sub).where(sub.c.id == row.id).values(outcome=outcome))
    claims = by_ids(p.connection, [row.claim_id for row in rows])
    for claim in claims.values():
        before = claim.status
        claim.status = states.on_set_acknowledged(before, accepted)
        p.events.add(claim.id, f"{kind} set {outcome}", before, claim.status, str(location), detail)
        p.counts["claims acknowledged"] += 1
    save_claims(p.connection, claims.values(), p.now)
    p.events.flush(p.connection)


def post_interchange_ack(p: Posting, ack: InterchangeAcknowledgment) -> Posted:
    """A TA1: the interchange outcome; a rejected interchange rejects all its sets."""
    location = located(ack.location, Location(file=p.file_name), "TA1")
    batch_id = _outbound_batch(
        p.connection, schema.batches.c.interchange_control_number, ack.control_number
    )
    if batch_id is None:
        p.unmatched(
            "TA1", ack.control_number, f"no 837 batch with ISA13 {ack.control_number}", location
        )
        return WHOLE
    detail = f"TA1 {ack.status} note {ack.note_code}" + (f" {ack.note}" if ack.note else "")
    _acknowledgment(
        p,
        "TA1",
        "interchange",
        batch_id,
        ack.control_number,
        ack.status,
        ack.accepted,
        location,
        detail,
    )
    p.connection.execute(
        update(schema.batches).where(schema.batches.c.id == batch_id).values(ack_status=ack.status)
    )
    if not ack.accepted:
        for st02 in _set_numbers(p.connection, batch_id):
            _apply_set(p, "TA1", batch_id, st02, False, ack.status, detail, location)
    return WHOLE
