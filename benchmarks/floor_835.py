"""The cheapest 835 claim reader we could write in plain Python: a floor for the typed models.

This is a measuring stick, not a parser. It reads the generated 835 of
:mod:`benchmarks.gen835` the way the ``split`` baseline does (1 MB chunks, ``str.split`` on
``~`` and ``*``) and, in the same single pass, dispatches on the segment ID and builds the same
:class:`~edi.model.remittance.claims.ClaimPayment` models as :func:`parsers.era835.iter_claims`,
with the same constructors (no validation) and the same memoised amounts, dates and shared
procedures and providers. It leaves out everything that makes x12flow a reader and not a
script: no envelope checks, no grammar (it knows only the segments the generator writes, and
fails on any other), no segment positions or byte offsets, no findings, no balancing.

:func:`check` compares its claims with x12flow's, claim by claim, so the two measure the same
output. What it costs against ``split`` is what building the typed models costs in CPython,
before any of the work of reading X12 properly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from edi.model.remittance.claims import ClaimPayment, EntityName, Procedure
from parsers.codes.tables import CLAIM_FILING_INDICATOR, CLAIM_STATUS
from parsers.era835.claims import make_adjustment, make_entity, make_procedure, make_remark
from parsers.era835.loops import claim_kind, make_claim, make_service

CHUNK = 1 << 20
_amounts: dict[str, Decimal] = {}
_dates: dict[str, dt.date] = {}
_procedures: dict[str, Procedure] = {}
_providers: dict[tuple[str, ...], EntityName] = {}


class Unsupported(Exception):
    """A segment the floor reader does not know (it reads the generated file only)."""


def _amount(text: str) -> Decimal | None:
    if not text:
        return None
    value = _amounts.get(text)
    if value is None:
        value = _amounts[text] = Decimal(text)
    return value


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    value = _dates.get(text)
    if value is None:
        value = _dates[text] = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return value


def _procedure(text: str) -> Procedure:
    found = _procedures.get(text)
    if found is None:
        parts = text.split(":")
        found = _procedures[text] = make_procedure(
            {
                "qualifier": parts[0],
                "code": parts[1] or None if len(parts) > 1 else None,
                "modifiers": tuple(m for m in parts[2:6] if m),
                "description": parts[6] or None if len(parts) > 6 else None,
            }
        )
    return found


def _entity(e: list[str]) -> EntityName:
    if len(e) < 10:
        e = e + [""] * (10 - len(e))
    return make_entity(
        {
            "entity": e[1],
            "entity_type": e[2] or None,
            "name": e[3] or None,
            "first_name": e[4] or None,
            "middle_name": e[5] or None,
            "suffix": e[7] or None,
            "id_qualifier": e[8] or None,
            "id": e[9] or None,
        }
    )


def _claim(e: list[str], header_number: int | None, reversed_ids: set[str]) -> dict[str, Any]:
    if len(e) < 15:
        e = e + [""] * (15 - len(e))
    return {
        "patient_control_number": e[1],
        "status_code": e[2],
        "status": CLAIM_STATUS.get(e[2]),
        "kind": claim_kind(e[2], e[1], reversed_ids),
        "charge": _amount(e[3]),
        "paid": _amount(e[4]),
        "patient_responsibility": _amount(e[5]),
        "filing_indicator": e[6] or None,
        "filing_indicator_description": CLAIM_FILING_INDICATOR.get(e[6]),
        "payer_claim_control_number": e[7] or None,
        "facility_type": e[8] or None,
        "frequency": e[9] or None,
        "drg_code": e[11] or None,
        "drg_weight": _amount(e[12]),
        "discharge_fraction": _amount(e[13]),
        "condition_response": e[14] or None,
        "header_number": header_number,
        "adjustments": [],
        "patient": None,
        "insured": None,
        "corrected_patient": None,
        "rendering_provider": None,
        "crossover_carrier": None,
        "corrected_payer": None,
        "other_subscriber": None,
        "inpatient": None,
        "outpatient": None,
        "references": [],
        "statement_from": None,
        "statement_to": None,
        "coverage_expiration": None,
        "received": None,
        "other_dates": [],
        "contacts": [],
        "amounts": [],
        "quantities": [],
        "services": [],
        "location": None,  # no segment positions here: compared without them (see check)
    }


def _service(e: list[str]) -> dict[str, Any]:
    if len(e) < 8:
        e = e + [""] * (8 - len(e))
    return {
        "procedure": _procedure(e[1]),
        "charge": _amount(e[2]),
        "paid": _amount(e[3]),
        "revenue_code": e[4] or None,
        "units": _amount(e[5]),
        "original_procedure": _procedure(e[6]) if e[6] else None,
        "original_units": _amount(e[7]),
        "service_date": None,
        "service_start": None,
        "service_end": None,
        "adjustments": [],
        "line_control_number": None,
        "references": [],
        "allowed": None,
        "amounts": [],
        "quantities": [],
        "remarks": [],
        "other_dates": [],
    }


def _adjustments(e: list[str], out: list[Any]) -> None:
    group, n = e[1], len(e)
    for i in range(2, n, 3):
        quantity = e[i + 2] if i + 2 < n else ""
        out.append(
            make_adjustment(
                {
                    "group": group,
                    "reason": e[i],
                    "amount": _amount(e[i + 1]) if i + 1 < n else None,
                    "quantity": _amount(quantity),
                    "reason_description": None,
                }
            )
        )


def _segments(path: Path) -> Iterator[list[str]]:
    rest = ""
    with path.open(encoding="ascii") as src:
        while chunk := src.read(CHUNK):
            pieces = (rest + chunk).split("~")
            rest = pieces.pop()
            for piece in pieces:
                yield piece.strip().split("*")


_OUTSIDE_CLAIMS = frozenset(
    {
        "ISA",
        "GS",
        "ST",
        "BPR",
        "TRN",
        "DTM",
        "N1",
        "N3",
        "N4",
        "PER",
        "REF",
        "PLB",
        "SE",
        "GE",
        "IEA",
    }
)
_CLAIM_DATES = {"232": "statement_from", "233": "statement_to"}
_NAMES = {"QC": "patient", "82": "rendering_provider"}


def floor_claims(path: Path) -> Iterator[ClaimPayment]:
    """The claims of the generated 835 at ``path``; see the module docstring."""
    claim: dict[str, Any] | None = None
    service: dict[str, Any] | None = None
    header_number: int | None = None
    reversed_ids: set[str] = set()
    for e in _segments(path):
        sid = e[0]
        if claim is None:
            if sid == "CLP":
                claim = _claim(e, header_number, reversed_ids)
            elif sid == "LX":
                header_number = int(e[1])
            elif sid not in _OUTSIDE_CLAIMS:
                raise Unsupported(sid)
        elif sid == "SVC":
            service = _service(e)
            claim["services"].append(service)
        elif sid == "CAS":
            _adjustments(e, (service or claim)["adjustments"])
        elif sid == "DTM":
            if service is not None and e[1] == "472":
                service["service_date"] = _date(e[2])
            elif service is None and e[1] in _CLAIM_DATES:
                claim[_CLAIM_DATES[e[1]]] = _date(e[2])
            else:
                raise Unsupported(f"DTM*{e[1]}")
        elif sid == "REF" and service is not None and e[1] == "6R":
            service["line_control_number"] = e[2]
        elif sid == "AMT" and service is not None and e[1] == "B6":
            service["allowed"] = _amount(e[2])
        elif sid == "LQ" and service is not None:
            service["remarks"].append(
                make_remark({"qualifier": e[1] or None, "code": e[2], "description": None})
            )
        elif sid == "NM1" and service is None and e[1] in _NAMES:
            if e[1] == "QC":
                name = _entity(e)
            else:
                key = tuple(e)
                name = _providers.get(key) or _providers.setdefault(key, _entity(e))
            claim[_NAMES[e[1]]] = name
        elif sid in ("CLP", "LX", "PLB", "SE"):
            claim["services"] = [make_service(s) for s in claim["services"]]
            yield make_claim(claim)
            claim = service = None
            if sid == "CLP":
                claim = _claim(e, header_number, reversed_ids)
            elif sid == "LX":
                header_number = int(e[1])
        else:
            raise Unsupported(sid)


def count(path: Path) -> int:
    """The number of claims, as the benchmark's other readers report it."""
    return sum(1 for _ in floor_claims(path))


def check(path: Path) -> int:
    """Claim by claim, the floor's models equal x12flow's; returns the number compared."""
    from parsers.era835 import iter_claims

    compared = 0
    ours = iter_claims(path)
    for compared, (floor, claim) in enumerate(zip(floor_claims(path), ours, strict=True), 1):
        if floor != claim.model_copy(update={"location": None}):
            raise AssertionError(f"claim {compared} differs: {floor!r} != {claim!r}")
    return compared
