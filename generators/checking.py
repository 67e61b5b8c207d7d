"""From records to clean claims: model validation, then the clean-claim edits.

A claim that fails is *refused*: its problems are collected (claim id, field path, plain
message) and it does not reach the writer. Messages never quote input values that could
identify a patient (names, member ids, birth dates); they name the field instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from edi.model.claim import Claim
from edi.model.claim.types import FROM_JSON_TEXT, TEXT_PATTERN
from generators.edits import Problem, edit_claim
from generators.input import JsonLine, Record, UnreadableRecord
from generators.kinds import ClaimKind

PLAIN_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this claim type (see `x12flow schema`)",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "list_type": "must be a list",
}


@dataclass
class CheckResult:
    """Clean claims in input order, and the problems of the refused ones."""

    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused: int = 0

    @property
    def total(self) -> int:
        return len(self.claims) + self.refused


def field_path(loc: Sequence[int | str]) -> str:
    """``("service_lines", 0, "charge")`` -> ``service_lines[0].charge``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _plain(error: Any) -> str:
    kind = error["type"]
    if kind in PLAIN_MESSAGES:
        return PLAIN_MESSAGES[kind]
    if kind == "string_pattern_mismatch":
        if error.get("ctx", {}).get("pattern") == TEXT_PATTERN:
            return "has a character an X12 file cannot carry (* : ~ ^ | > ! \\ or non-ASCII)"
        return "does not have the expected format (see `x12flow schema`)"
    message: str = error["msg"]
    return message[0].lower() + message[1:] if message else kind


def _claim_id(record: Record) -> str:
    data = record.data
    if isinstance(data, dict):
        number = data.get("patient_control_number")
        if isinstance(number, str) and number.strip():
            return number.strip()
    return f"<{record.source} {record.where}>"


def validate_record(record: Record, kind: ClaimKind) -> tuple[Claim | None, list[Problem]]:
    """The claim model of one record, or the problems that stop it from being one."""
    try:
        return kind.model.model_validate(record.data), []
    except ValidationError as exc:
        claim_id = _claim_id(record)
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            path = field_path(error["loc"])
            problems.append(Problem(claim_id, path, _plain(error)))
        return None, problems


def validate_json_line(line: JsonLine, kind: ClaimKind) -> Claim | None:
    """The claim model of a JSON Lines line validated straight from its text, or None: the
    line is then decoded and its record validated (:func:`validate_record`), which finds the
    same model and gives the problems. A model found here is the one the decoded line gives:
    what the decoder refuses (a byte order mark, a control character in a string, trailing
    data) the text validation refuses too, an amount given as a JSON number with a fraction
    (which would go through a float) is refused here (:data:`FROM_JSON_TEXT`), and the two
    read every other value alike (tests/generators/test_json_lines.py)."""
    try:
        return kind.model.model_validate_json(line.text, context=FROM_JSON_TEXT)
    except ValidationError:
        return None


def check_claim(claim: Claim, today: date) -> list[Problem]:
    return edit_claim(claim, today)


def check_records(
    records: Iterable[Record | UnreadableRecord], kind: ClaimKind, today: date
) -> CheckResult:
    """Validate and edit every record; a patient control number may be used only once."""
    result = CheckResult()
    seen: set[str] = set()
    for record in records:
        if isinstance(record, UnreadableRecord):
            result.problems.append(Problem(f"<{record.source}>", record.where, record.message))
            result.refused += 1
            continue
        claim, problems = validate_record(record, kind)
        if claim is not None:
            problems = check_claim(claim, today)
            if claim.patient_control_number in seen:
                problems.append(
                    Problem(
                        claim.patient_control_number,
                        "patient_control_number",
                        "already used by another claim in this input (CLM01 must be unique)",
                    )
                )
            seen.add(claim.patient_control_number)
        if problems or claim is None:
            result.problems += problems
            result.refused += 1
        else:
            result.claims.append(claim)
    return result
