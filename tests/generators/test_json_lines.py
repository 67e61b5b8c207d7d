"""JSON Lines claims are validated straight from each line's text (issue 16: generate speed).

:func:`generators.checking.validate_json_line` skips decoding a line into Python objects first.
It must find exactly the model the decoded line gives, and refuse (leaving the line to the
decoder and :func:`generators.checking.validate_record`) whatever the two would read apart:
an amount given as a JSON number with a fraction, and any line that is not valid JSON. The
refusals of a run are then the ones reading the decoded lines gives.
"""

from __future__ import annotations

import json
import weakref
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from edi.model.claim import Claim
from edi.outbound import sending
from edi.outbound.sending import Refusal, check_inputs, read_inputs
from generators.checking import validate_json_line, validate_record
from generators.input import JsonLine, Record, UnreadableRecord
from generators.kinds import INSTITUTIONAL, PROFESSIONAL, ClaimKind
from generators.sample.claims import institutional_claims, professional_claims

TODAY = date(2026, 11, 30)
SOURCE = "claims.jsonl"


def line(claim: dict[str, Any], number: int = 1) -> JsonLine:
    return JsonLine(SOURCE, f"line {number}", json.dumps(claim, separators=(",", ":")))


def decoded_model(text: JsonLine, kind: ClaimKind) -> Claim | None:
    record = text.decoded()
    assert isinstance(record, Record)
    return validate_record(record, kind)[0]


@pytest.mark.parametrize(
    ("kind", "claims"),
    [(PROFESSIONAL, professional_claims(200, 41)), (INSTITUTIONAL, institutional_claims(200, 42))],
)
def test_a_line_validated_from_its_text_is_the_model_of_the_decoded_line(
    kind: ClaimKind, claims: Any
) -> None:
    for claim in claims:
        text = line(claim)
        fast = validate_json_line(text, kind)
        assert fast is not None
        assert fast == decoded_model(text, kind)
        assert fast.model_dump_json() == decoded_model(text, kind).model_dump_json()  # type: ignore[union-attr]


def test_amounts_given_as_json_numbers_are_left_to_the_decoder_which_keeps_them_exact() -> None:
    claim = next(professional_claims(1, 43))
    lines = claim["service_lines"]
    lines[0]["charge"] = "34.10"
    claim["total_charge"] = str(sum(Decimal(x["charge"]) for x in lines))
    text = line(claim).text
    as_number = JsonLine(SOURCE, "line 1", text.replace('"charge":"34.10"', '"charge":34.10', 1))
    assert '"charge":34.10' in as_number.text
    assert validate_json_line(as_number, PROFESSIONAL) is None
    model = decoded_model(as_number, PROFESSIONAL)
    assert model is not None
    assert str(model.service_lines[0].charge) == "34.10"  # as written, not 34.1 from a float
    exponent = JsonLine(SOURCE, "line 1", text.replace('"units":"1"', '"units":1.50e0', 1))
    assert '"units":1.50e0' in exponent.text
    assert validate_json_line(exponent, PROFESSIONAL) is None
    model = decoded_model(exponent, PROFESSIONAL)
    assert model is not None and str(model.service_lines[0].units) == "1.50"
    # a whole number is read alike either way: straight from the text
    whole = JsonLine(SOURCE, "line 1", text.replace('"units":"1"', '"units":1', 1))
    assert '"units":1,' in whole.text
    fast = validate_json_line(whole, PROFESSIONAL)
    assert fast is not None and fast == decoded_model(whole, PROFESSIONAL)
    assert str(fast.service_lines[0].units) == "1"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            '\ufeff{"patient_control_number":"A1"}',
            "line 2, column 1",
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
        ),
        ('{"patient_control_number":"A\t1"}', "line 2, column 29", "Invalid control character at"),
        ('{"patient_control_number":"A1"} x', "line 2, column 33", "Extra data"),
        (
            '{"patient_control_number":"A1",}',
            "line 2, column 32",
            "Expecting property name enclosed in double quotes",
        ),
        ('{"total_charge":NaN1}', "line 2, column 20", "Expecting ',' delimiter"),
    ],
)
def test_a_line_that_is_not_json_is_refused_as_the_decoder_words_it(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    good = next(professional_claims(1, 44))
    path = tmp_path / SOURCE
    path.write_text(json.dumps(good) + "\n" + text + "\n", encoding="utf-8")
    assert validate_json_line(JsonLine(str(path), "line 2", text), PROFESSIONAL) is None
    checked = check_inputs(read_inputs([str(path)]), PROFESSIONAL, TODAY)
    assert len(checked.candidates) == 1
    assert checked.refused == [Refusal(str(path), where, f"not valid JSON: {message}")]
    assert isinstance(JsonLine(str(path), "line 2", text).decoded(), UnreadableRecord)


def test_a_claim_the_model_refuses_is_refused_with_the_problems_of_the_decoded_line(
    tmp_path: Path,
) -> None:
    claims = list(professional_claims(3, 45))
    del claims[1]["payer"]
    claims[2]["service_lines"][0]["charge"] = "12.345"
    path = tmp_path / SOURCE
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    checked = check_inputs(read_inputs([str(path)]), PROFESSIONAL, TODAY)
    assert len(checked.candidates) == 1
    assert checked.refused == [
        Refusal(str(path), "line 2", "is required", claims[1]["patient_control_number"], "payer"),
        Refusal(
            str(path),
            "line 3",
            "decimal input should have no more than 2 decimal places",
            claims[2]["patient_control_number"],
            "service_lines[0].charge",
        ),
    ]


def test_a_claim_file_of_another_kind_function_is_decoded_first(tmp_path: Path) -> None:
    """``x12flow submit`` tells each claim's kind from its decoded record: the same claims."""
    claims = list(professional_claims(5, 46))
    path = tmp_path / SOURCE
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    seen: list[object] = []

    def kind_of(record: Record) -> ClaimKind:
        seen.append(record.data["patient_control_number"])
        return PROFESSIONAL

    checked = check_inputs(read_inputs([str(path)]), kind_of, TODAY)
    assert checked.refused == [] and len(checked.candidates) == 5
    assert seen == [c["patient_control_number"] for c in claims]


def test_at_most_one_claim_model_is_alive_while_json_lines_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 300
    path = tmp_path / SOURCE
    with path.open("w", encoding="utf-8") as stream:
        for claim in professional_claims(count, 47):
            stream.write(json.dumps(claim) + "\n")
    alive: list[weakref.ref[Claim]] = []
    most = 0
    real = sending.validate_json_line

    def counting(text: JsonLine, kind: ClaimKind) -> Claim | None:
        nonlocal most
        claim = real(text, kind)
        assert claim is not None
        alive.append(weakref.ref(claim))
        most = max(most, sum(ref() is not None for ref in alive[-50:]))
        return claim

    monkeypatch.setattr(sending, "validate_json_line", counting)
    checked = check_inputs(read_inputs([str(path)]), PROFESSIONAL, TODAY)
    assert checked.refused == [] and len(checked.candidates) == count
    assert len(alive) == count - 1  # the first line is decoded to tell the file is usable
    assert most <= 1
