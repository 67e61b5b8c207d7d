"""Invalid input is refused with every problem listed, exit 1 (2 for an unusable file), and no
file written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from tests.generators.factories import CLINIC, SUBSCRIBER, institutional, professional


def _run(
    runner: CliRunner, cli: click.Group, kind: str, claims: list[dict[str, Any]], *args: str
) -> Any:
    Path("claims.json").write_text(json.dumps(claims))
    return runner.invoke(cli, ["generate", kind, "claims.json", "--out", "out", *args])


def _refused(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("refused:")]


def _assert_nothing_written(result: Any, exit_code: int = 1) -> None:
    assert result.exit_code == exit_code, result.output
    assert not Path("out").exists() or not any(Path("out").iterdir())
    assert "Traceback" not in result.output


CASES = [
    (
        "totals that do not add up",
        "837p",
        [professional("BADTOTAL", total_charge="175.00")],
        [
            "claim BADTOTAL: total_charge: total charge 175.00 does not equal the sum of the "
            "lines 150.00"
        ],
    ),
    (
        "bad NPI check digit",
        "837p",
        [professional("BADNPI", billing_provider={**CLINIC, "npi": "1234567890"})],
        ["claim BADNPI: billing_provider.npi: NPI check digit is wrong"],
    ),
    (
        "unknown and non-billable ICD-10-CM codes",
        "837p",
        [professional("BADICD", diagnoses=["ZZZ999", "E11"])],
        [
            "claim BADICD: diagnoses[0]: ZZZ999 is not an ICD-10-CM code",
            "claim BADICD: diagnoses[1]: E11 is an ICD-10-CM category, not a billable code",
        ],
    ),
    (
        "dangling diagnosis pointer",
        "837p",
        [
            professional(
                "BADPTR",
                service_lines=[
                    {**professional()["service_lines"][0], "diagnosis_pointers": [1, 3]}
                ],
            )
        ],
        ["claim BADPTR: service_lines[0].diagnosis_pointers[1]: pointer 3 does not point"],
    ),
    (
        "missing required data",
        "837p",
        [
            {k: v for k, v in professional("MISSING").items() if k != "payer"}
            | {"subscriber": {k: v for k, v in SUBSCRIBER.items() if k != "birth_date"}}
        ],
        ["claim MISSING: payer: is required"],
    ),
    (
        "subscriber demographics missing when the subscriber is the patient",
        "837p",
        [
            professional(
                "NODEMO",
                subscriber={k: v for k, v in SUBSCRIBER.items() if k not in ("birth_date", "sex")},
            )
        ],
        [
            "claim NODEMO: subscriber.birth_date: required when the subscriber is the patient",
            "claim NODEMO: subscriber.sex: required when the subscriber is the patient",
        ],
    ),
    (
        "replacement without the payer claim number",
        "837p",
        [professional("REPL", frequency_code="7")],
        ["claim REPL: payer_claim_number: frequency 7 (replacement/void) needs"],
    ),
    (
        "patient control number longer than 20",
        "837p",
        [professional("X" * 21)],
        [f"claim {'X' * 21}: patient_control_number: string should have at most 20 characters"],
    ),
    (
        "future and reversed dates",
        "837p",
        [
            professional(
                "DATES",
                service_lines=[
                    {
                        **professional()["service_lines"][0],
                        "service_date": "2099-01-01",
                        "service_date_end": "2098-01-01",
                    }
                ],
            )
        ],
        [
            "claim DATES: service_lines[0].service_date: date is in the future",
            "claim DATES: service_lines[0].service_date_end: the service period ends before it "
            "starts",
        ],
    ),
    (
        "bad procedure code and modifier formats",
        "837p",
        [
            professional(
                "FMT",
                service_lines=[
                    {
                        **professional()["service_lines"][0],
                        "procedure_code": "9921",
                        "modifiers": ["2"],
                    }
                ],
            )
        ],
        [
            "claim FMT: service_lines[0].procedure_code: 9921 is not a CPT or HCPCS code",
            "claim FMT: service_lines[0].modifiers[0]: 2 is not a 2-character modifier",
        ],
    ),
    (
        "delimiter character in a name",
        "837p",
        [professional("DELIM", billing_provider={**CLINIC, "organization_name": "A*B CLINIC"})],
        ["claim DELIM: billing_provider.organization_name: has a character an X12 file cannot"],
    ),
    (
        "837I without statement dates and principal diagnosis",
        "837i",
        [
            {
                k: v
                for k, v in institutional("NOSTMT").items()
                if k not in ("statement_from", "principal_diagnosis")
            }
        ],
        [
            "claim NOSTMT: statement_from: is required",
            "claim NOSTMT: principal_diagnosis: is required",
        ],
    ),
    (
        "837I inpatient without admission data and COB out of balance",
        "837i",
        [
            institutional(
                "INPT",
                facility_type="11",
                admission_type=None,
                principal_diagnosis={"code": "J069"},
                subscriber={**SUBSCRIBER, "payer_responsibility": "S"},
            )
        ],
        [
            "claim INPT: admission_date: required on an inpatient claim",
            "claim INPT: admission_type: required on an inpatient claim",
            "claim INPT: principal_diagnosis.present_on_admission: required",
            "claim INPT: other_payers: a secondary or tertiary claim needs the primary payer",
        ],
    ),
]


@pytest.mark.parametrize(
    ("kind", "claims", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_claims_are_refused_with_every_problem(
    runner: CliRunner,
    cli: click.Group,
    kind: str,
    claims: list[dict[str, Any]],
    expected: list[str],
) -> None:
    result = _run(
        runner,
        cli,
        kind,
        [professional("GOOD1") if kind == "837p" else institutional("GOOD1"), *claims],
    )
    _assert_nothing_written(result)
    refused = _refused(result)
    for message in expected:
        assert any(message in line for line in refused), (message, refused)
    assert "nothing written" in result.stdout
    assert "checked 2 claims: 1 clean, 1 refused" in result.stdout


def test_several_problems_of_one_claim_are_all_listed(runner: CliRunner, cli: click.Group) -> None:
    claim = professional(
        "MANY",
        total_charge="1.00",
        billing_provider={**CLINIC, "npi": "1234567890"},
        diagnoses=["ZZZ999"],
        frequency_code="8",
    )
    result = _run(runner, cli, "837p", [claim])
    _assert_nothing_written(result)
    paths = {line.split(": ")[3] for line in _refused(result)}  # refused: file item: claim: path
    assert {
        "total_charge",
        "billing_provider.npi",
        "diagnoses[0]",
        "payer_claim_number",
        "service_lines[0].diagnosis_pointers[1]",
    } <= paths


def test_malformed_json_is_unusable_input_with_file_and_line(
    runner: CliRunner, cli: click.Group
) -> None:
    Path("bad.json").write_text('[\n  {"patient_control_number": "A1",\n  "total_charge": }\n]')
    Path("good.json").write_text(json.dumps(professional("GOOD1")))
    result = runner.invoke(cli, ["generate", "837p", "bad.json", "good.json", "--out", "out"])
    _assert_nothing_written(result, exit_code=2)
    assert "x12flow: bad.json: line 3, column 19: not valid JSON" in result.stderr


def test_malformed_json_line_is_refused(runner: CliRunner, cli: click.Group) -> None:
    good = json.dumps(professional("OK1"))
    Path("claims.jsonl").write_text(good + "\n{not json}\n")
    result = runner.invoke(cli, ["generate", "837p", "claims.jsonl", "--out", "out"])
    _assert_nothing_written(result)  # one bad line: a refused claim, the file is usable
    assert "refused: claims.jsonl line 2, column 2: not valid JSON" in result.stderr


def test_malformed_yaml_is_unusable_input(runner: CliRunner, cli: click.Group) -> None:
    Path("claims.yaml").write_text("patient_control_number: [A1\n")
    result = runner.invoke(cli, ["generate", "837p", "claims.yaml", "--out", "out"])
    _assert_nothing_written(result, exit_code=2)
    assert "x12flow: claims.yaml: line 2, column 1: not valid YAML" in result.stderr


def test_duplicate_patient_control_numbers_are_refused(runner: CliRunner, cli: click.Group) -> None:
    result = _run(runner, cli, "837p", [professional("SAME"), professional("SAME")])
    _assert_nothing_written(result)
    assert any(
        "claims.json item 1: claim SAME: patient_control_number: also in this batch at "
        "claims.json item 0" in line
        for line in _refused(result)
    )


def test_problem_messages_do_not_quote_patient_data(runner: CliRunner, cli: click.Group) -> None:
    subscriber = {**SUBSCRIBER, "birth_date": "2099-01-01", "sex": "X", "member_id": "A*SECRET"}
    result = _run(runner, cli, "837p", [professional("PHI", subscriber=subscriber)])
    _assert_nothing_written(result)
    assert _refused(result)
    for secret in ("SECRET", "2099", "DOE", "PAT"):
        assert secret not in result.stderr.replace("PATIENT", "").replace("PHI", "")


def test_skip_invalid_writes_the_clean_claims(runner: CliRunner, cli: click.Group) -> None:
    claims = [professional("GOOD1"), professional("BAD1", total_charge="9.99")]
    result = _run(runner, cli, "837p", claims, "--skip-invalid")
    assert result.exit_code == 1
    files = list(Path("out").iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "CLM*GOOD1*" in text and "BAD1" not in text
