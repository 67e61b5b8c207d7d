"""parsers.codes: guide code meanings, and the operator's CARC/RARC descriptions file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main
from edi.config import code_descriptions_path
from edi.x12.errors import ConfigError
from parsers import codes
from parsers.codes import (
    DESCRIPTIONS_ENV,
    CodeDescriptions,
    descriptions,
    load_descriptions,
    use_lookup,
)
from parsers.era835 import ClaimPayment, read_remittances

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv(DESCRIPTIONS_ENV, raising=False)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./x12flow.toml
    use_lookup(None)
    yield
    use_lookup(None)


def test_claim_status_meanings() -> None:
    assert set(codes.CLAIM_STATUS) == {"1", "2", "3", "4", "19", "20", "21", "22", "23", "25"}
    assert codes.claim_status("4") == "Denied"
    assert codes.claim_status("22") == "Reversal of Previous Payment"
    assert codes.claim_status("99") is None


def test_filing_group_plb_handling_and_method_meanings() -> None:
    assert codes.claim_filing_indicator("MC") == "Medicaid"
    assert codes.claim_filing_indicator("BL") is None  # not in the 835 list
    assert codes.adjustment_group("CO") == "Contractual Obligations"
    assert codes.adjustment_group("PR") == "Patient Responsibility"
    assert codes.adjustment_group("OI") is None
    assert codes.provider_adjustment_reason("WO") == "Overpayment Recovery"
    assert codes.provider_adjustment_reason("L6") == "Interest Owed"
    assert codes.handling("I") == "Remittance Information Only"
    assert codes.payment_method("CHK") == "Check"


def test_every_plb_reason_of_the_835_map_has_a_meaning() -> None:
    listed = [
        "50",
        "51",
        "72",
        "90",
        "AH",
        "AM",
        "AP",
        "B2",
        "B3",
        "BD",
        "BN",
        "C5",
        "CR",
        "CS",
        "CT",
        "CV",
        "CW",
        "DM",
        "E3",
        "FB",
        "FC",
        "GO",
        "HM",
        "IP",
        "IR",
        "IS",
        "J1",
        "L3",
        "L6",
        "LE",
        "LS",
        "OA",
        "OB",
        "PI",
        "PL",
        "RA",
        "RE",
        "SL",
        "TL",
        "WO",
        "WU",
    ]
    assert sorted(codes.PROVIDER_ADJUSTMENT_REASON) == sorted(listed)


def test_no_descriptions_by_default() -> None:
    table = descriptions()
    assert len(table) == 0 and table.carc("45") is None and table.rarc("N130") is None


def test_csv_with_header_quotes_comments_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        'code,description\n# licensed texts\n\n45,"Charge exceeds fee, schedule"\n'
        "RARC,M15,Separately billed services have been bundled\n"
        "CARC,CARC,odd but a code\n"
    )
    table = CodeDescriptions()
    assert table.load(path) == 3
    assert table.carc("45") == "Charge exceeds fee, schedule"
    assert table.rarc("45") == "Charge exceeds fee, schedule"  # two columns serve both lists
    assert table.rarc("M15") == "Separately billed services have been bundled"
    assert table.carc("M15") is None
    assert table.carc("CARC") == "odd but a code"
    assert table.sources == [str(path)]


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text("Code\tDescription\n2\tCoinsurance Amount\nN115\tDecision based on LCD\n")
    table = CodeDescriptions()
    table.load(path)
    assert table.carc("2") == "Coinsurance Amount"
    assert table.rarc("N115") == "Decision based on LCD"
    assert table.carc("999") is None  # unknown codes are simply undescribed


@pytest.mark.parametrize(
    "content, problem",
    [("45\n", "line 1 has a code but no description"), (b"\xff\xfe45,x\n", "cannot read")],
)
def test_unusable_file_is_a_config_error(
    tmp_path: Path, content: str | bytes, problem: str
) -> None:
    path = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ConfigError, match=problem):
        CodeDescriptions().load(path)
    with pytest.raises(ConfigError, match="cannot read"):
        CodeDescriptions().load(tmp_path / "missing.csv")


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.csv"
    path.write_text("45,From the environment\n")
    monkeypatch.setenv(DESCRIPTIONS_ENV, str(path))
    assert descriptions().carc("45") == "From the environment"


def test_configuration_key_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "carc.csv").write_text("45,From the configuration\n")
    (tmp_path / "conf" / "x12flow.toml").write_text('[codes]\ndescriptions = "carc.csv"\n')
    monkeypatch.setenv("X12FLOW_CONFIG", str(tmp_path / "conf" / "x12flow.toml"))
    assert descriptions().carc("45") is None  # the parsers never read the configuration
    use_lookup(code_descriptions_path)  # the application points them at it
    assert descriptions().carc("45") == "From the configuration"


def test_the_command_line_reads_the_configured_descriptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "carc.csv").write_text("45,From the configuration\n")
    (tmp_path / "x12flow.toml").write_text('[codes]\ndescriptions = "carc.csv"\n')
    monkeypatch.setenv("X12FLOW_CONFIG", str(tmp_path / "x12flow.toml"))
    result = CliRunner().invoke(main, ["parse", str(DATA / "claim_line_cas.x12")])
    assert result.exit_code == 0, result.output
    assert "From the configuration" in result.output


def test_api_call_and_descriptions_in_the_835_models(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("45,Charge exceeds fee schedule\nMA01,Appeal rights\nM15,Bundled\n")
    load_descriptions(path)
    claim = next(
        c for c in read_remittances(DATA / "claim_line_cas.x12") if isinstance(c, ClaimPayment)
    )
    assert claim.services[0].adjustments[0].reason_description == "Charge exceeds fee schedule"
    assert claim.services[1].adjustments[1].reason_description is None  # 253 not loaded
    assert claim.services[1].remarks[0].description == "Bundled"
    assert claim.outpatient is not None
    assert [r.description for r in claim.outpatient.remarks] == ["Appeal rights", None]
