"""The generate, sample and schema commands end to end (click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from generators.validation import validate_x12
from tests.generators.conftest import segments
from tests.generators.factories import institutional, professional


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_sample_500_piped_into_generate_validates_clean(
    runner: CliRunner, cli: click.Group, kind: str
) -> None:
    sample = runner.invoke(cli, ["sample", kind, "--count", "500", "--seed", "11"])
    assert sample.exit_code == 0
    result = runner.invoke(cli, ["generate", kind, "-", "--out", "out"], input=sample.stdout)
    assert result.exit_code == 0, result.output
    assert "checked 500 claims: 500 clean, 0 refused" in result.stdout
    (written,) = Path("out").iterdir()
    assert written.name == f"{kind.upper()}-000000001.x12"
    assert validate_x12(written) == []
    text = written.read_text()
    assert sum(1 for s in segments(text) if s.startswith("CLM*")) == 500
    assert "*22*1" in text and "*23*0" in text  # dependants under a 2000C
    assert "\nSBR*P*" in text and "\nSBR*S*" in text  # secondary claims with COB
    from edi.cli import main

    parsed = runner.invoke(main, ["parse", str(written)])
    assert parsed.exit_code == 0, parsed.output[-500:]
    document = json.loads(parsed.stdout)
    (interchange,) = document["interchanges"]
    sets = [ts for group in interchange["groups"] for ts in group["transaction_sets"]]
    assert sum(len(ts["claims"]) for ts in sets) == 500  # x12flow parse reads them back
    assert all(ts["findings"] == [] for ts in sets)


def test_files_get_new_control_numbers_on_every_run(runner: CliRunner, cli: click.Group) -> None:
    for run in range(3):  # a new claim each time: an original is sent once
        Path("c.json").write_text(json.dumps(professional(f"PCN{run}")))
        assert runner.invoke(cli, ["generate", "837p", "c.json", "--out", "out"]).exit_code == 0
    names = sorted(p.name for p in Path("out").iterdir())
    assert names == ["837P-000000001.x12", "837P-000000002.x12", "837P-000000003.x12"]
    third = segments(Path("out/837P-000000003.x12").read_text())
    assert third[1].split("*")[6] == "3"  # GS06
    assert third[2] == "ST*837*0003*005010X222A1"
    assert third[-1] == "IEA*1*000000003"


def test_dry_run_checks_without_writing(runner: CliRunner, cli: click.Group) -> None:
    Path("c.json").write_text(json.dumps([professional("A"), professional("B")]))
    result = runner.invoke(cli, ["generate", "837p", "c.json", "--out", "out", "--dry-run"])
    assert result.exit_code == 0
    assert "checked 2 claims: 2 clean" in result.stdout and "dry run" in result.stdout
    assert not Path("out").exists()


def test_yaml_and_several_inputs(runner: CliRunner, cli: click.Group) -> None:
    Path("a.yaml").write_text(yaml.safe_dump([institutional("Y1"), institutional("Y2")]))
    Path("b.jsonl").write_text(json.dumps(institutional("J1")) + "\n")
    result = runner.invoke(cli, ["generate", "837i", "a.yaml", "b.jsonl", "--out", "out"])
    assert result.exit_code == 0, result.output
    (written,) = Path("out").iterdir()
    text = written.read_text()
    assert all(f"CLM*{pcn}*" in text for pcn in ("Y1", "Y2", "J1"))
    assert validate_x12(written) == []


def test_configuration_sets_ids_usage_and_delimiters(
    runner: CliRunner, cli: click.Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("site.toml").write_text(
        '[interchange]\nsender_id = "ACME01"\nreceiver_id = "PAYERCO"\nusage_indicator = "P"\n'
        '[delimiters]\nelement = "|"\ncomponent = ">"\nsegment = "~"\nrepetition = "!"\n'
        '[output]\ndirectory = "ready"\n'
    )
    monkeypatch.setenv("X12FLOW_CONFIG", "site.toml")
    Path("c.json").write_text(json.dumps(professional()))
    result = runner.invoke(cli, ["generate", "837p", "c.json"])
    assert result.exit_code == 0, result.output
    (written,) = Path("ready").iterdir()
    text = written.read_text()
    assert text.startswith("ISA|00|")
    isa = text.split("~")[0].split("|")
    assert (isa[6].strip(), isa[8].strip(), isa[11], isa[15], isa[16]) == (
        "ACME01",
        "PAYERCO",
        "!",
        "P",
        ">",
    )
    assert "SV1|HC>99213|150" in text
    assert validate_x12(written) == []


def test_configuration_names_the_parties_of_the_837(
    runner: CliRunner, cli: click.Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("site.toml").write_text(
        '[interchange]\nsender_qualifier = "30"\nsender_id = "123456789"\n'
        'receiver_qualifier = "01"\nreceiver_id = "PAYERCO"\nacknowledgment_requested = true\n'
        '[submitter]\nname = "ACME BILLING"\nid = "ACME01"\ncontact_name = "JO DESK"\n'
        'phone = "6145550199"\nemail = "EDI@ACME.EXAMPLE"\n'
        '[receiver]\nname = "PAYER CO"\nid = "PAYERCO"\n'
        "[delimiters]\nline_break = false\n"
    )
    monkeypatch.setenv("X12FLOW_CONFIG", "site.toml")
    Path("c.json").write_text(json.dumps(professional()))
    result = runner.invoke(cli, ["generate", "837p", "c.json", "--out", "out"])
    assert result.exit_code == 0, result.output
    (written,) = Path("out").iterdir()
    text = written.read_text()
    assert "\n" not in text
    found = segments(text)
    isa = found[0].split("*")
    assert (isa[5], isa[6].strip(), isa[7], isa[8].strip(), isa[14]) == (
        "30",
        "123456789",
        "01",
        "PAYERCO",
        "1",
    )
    assert found[1].split("*")[2:4] == ["123456789", "PAYERCO"]  # GS02, GS03
    assert "NM1*41*2*ACME BILLING*****46*ACME01" in found
    assert "PER*IC*JO DESK*TE*6145550199*EM*EDI@ACME.EXAMPLE" in found
    assert "NM1*40*2*PAYER CO*****46*PAYERCO" in found
    assert validate_x12(written) == []


def test_bad_configuration_exits_2(
    runner: CliRunner, cli: click.Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("x12flow.toml").write_text("[interchange]\nusage_indicator = 'X'\n")
    Path("c.json").write_text(json.dumps(professional()))
    result = runner.invoke(cli, ["generate", "837p", "c.json"])
    assert result.exit_code == 2
    assert "x12flow.toml: interchange.usage_indicator" in result.stderr


def test_empty_input_and_missing_file_exit_2(runner: CliRunner, cli: click.Group) -> None:
    assert runner.invoke(cli, ["generate", "837p", "-"], input="").exit_code == 2
    missing = runner.invoke(cli, ["generate", "837p", "nope.json"])
    assert missing.exit_code == 2 and "nope.json: no such file" in missing.stderr


def test_sample_is_deterministic_for_a_seed(runner: CliRunner, cli: click.Group) -> None:
    first = runner.invoke(cli, ["sample", "837i", "--count", "20", "--seed", "5"]).stdout
    again = runner.invoke(cli, ["sample", "837i", "--count", "20", "--seed", "5"]).stdout
    other = runner.invoke(cli, ["sample", "837i", "--count", "20", "--seed", "6"]).stdout
    assert first == again != other
    assert len(first.splitlines()) == 20


@pytest.mark.parametrize("kind", ["837p", "837i"])
def test_schema_names_x12_elements(runner: CliRunner, cli: click.Group, kind: str) -> None:
    result = runner.invoke(cli, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    properties = schema["properties"]
    assert "CLM01" in properties["patient_control_number"]["description"]
    assert properties["total_charge"]["type"] == "string"
    assert all("description" in spec for spec in properties.values())
    for definition in schema["$defs"].values():
        for name, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{definition['title']}.{name} has no description"
