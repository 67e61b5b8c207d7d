"""Each claim is sent once, and commands fail loudly in the wrong place (issue 13, items 6, 8).

* ``generate`` and ``submit`` refuse an original claim (frequency_code 1) whose patient control
  number the ledger holds as sent and not rejected, and a number used twice in one batch; each
  refusal names its file and position and the earlier submission, and how to send a
  replacement (7) or a void (8). A claim a 277CA rejected may be sent again.
* The commands that only read the ledger refuse a missing one (exit 2, naming the URL) and
  create nothing; ``init`` creates it.
* An empty or unparsable claim file is unusable input (exit 2); ``submit`` leaves it in place
  and sends the other files.
* ``submit`` checks that it can move the consumed files before it writes anything, and says
  what was done and what was not when a step fails after the commit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from edi.cli import main
from edi.config import Config
from edi.ledger import Ledger
from edi.ledger.outbound import AlreadySent
from edi.outbound.staging import stage_claims_file
from generators.kinds import PROFESSIONAL
from tests.generators.factories import institutional, professional
from tests.ledger.scenario import Scenario
from tests.ledger.x12text import ack_277ca
from tests.sending import send

ADVICE = "replacement (frequency_code 7), to cancel it a void (frequency_code 8)"
NO_LEDGER = "no ledger at {url}; run `x12flow init` or pass --db"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder with no ledger, no configuration and no database in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    yield tmp_path


def cli(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}\n{result.output}")
    return result


def write_claims(path: Path, *claims: dict[str, Any]) -> Path:
    """JSON Lines: claim n is on line n."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return path


def generate(db_url: str, *args: str) -> Result:
    return cli("generate", "837p", *args, "--out", "out", "--db", db_url)


def sent_files() -> list[str]:
    return sorted(p.name for p in Path("out").glob("837*.x12")) if Path("out").is_dir() else []


def refusals(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("refused: ")]


def reject_by_277ca(db_url: str, folder: Path, number: str, charge: str = "150.00") -> None:
    scenario = Scenario(db_url, folder)
    [posted] = scenario.ingest(
        scenario.write("277CA", ack_277ca([(number, "A7:21", None, charge)]))
    )
    assert posted["outcome"] == "posted", posted
    assert scenario.claims()[number]["status"] == "rejected"


# -- generate ---------------------------------------------------------------------------------


def test_generate_refuses_an_original_sent_in_an_earlier_file(work: Path, db_url: str) -> None:
    write_claims(work / "monday.jsonl", professional("A1"), professional("A2"))
    assert generate(db_url, "monday.jsonl").exit_code == 0
    write_claims(work / "tuesday.jsonl", professional("B1"), professional("A2"))
    result = generate(db_url, "tuesday.jsonl")
    assert result.exit_code == 1
    [refused] = refusals(result)
    assert refused.startswith(
        "refused: tuesday.jsonl line 2: claim A2: patient_control_number: already sent in "
        "837P-000000001.x12 (batch 1) on 2026-11-30 (status submitted, not rejected)"
    )
    assert ADVICE in refused and "payer_claim_number" in refused
    for patient_data in ("DOE", "PAT", "W000000001", "1970"):  # subscriber name, id, birth
        assert patient_data not in result.output
    assert "checked 2 claims: 1 clean, 1 refused" in result.stdout
    assert "nothing written" in result.stdout
    assert sent_files() == ["837P-000000001.x12"]


def test_generate_skip_invalid_sends_the_rest(work: Path, db_url: str) -> None:
    write_claims(work / "monday.jsonl", professional("A1"))
    assert generate(db_url, "monday.jsonl").exit_code == 0
    write_claims(work / "tuesday.jsonl", professional("A1"), professional("B1"))
    result = generate(db_url, "tuesday.jsonl", "--skip-invalid")
    assert result.exit_code == 1
    assert len(refusals(result)) == 1 and "claim A1" in refusals(result)[0]
    assert sent_files() == ["837P-000000001.x12", "837P-000000002.x12"]
    text = Path("out/837P-000000002.x12").read_text()
    assert "CLM*B1*" in text and "CLM*A1*" not in text


def test_generate_refuses_a_number_twice_in_one_batch(work: Path, db_url: str) -> None:
    write_claims(work / "a.jsonl", professional("A1"), professional("SAME"))
    write_claims(work / "b.jsonl", professional("SAME", total_charge="150.00"))
    result = generate(db_url, "a.jsonl", "b.jsonl")
    assert result.exit_code == 1
    [refused] = refusals(result)
    assert refused.startswith(
        "refused: b.jsonl line 1: claim SAME: patient_control_number: also in this batch at "
        "a.jsonl line 2"
    )
    assert "replacement (frequency_code 7) or void (frequency_code 8)" in refused
    assert sent_files() == []
    skipped = generate(db_url, "a.jsonl", "b.jsonl", "--skip-invalid")
    assert skipped.exit_code == 1
    text = Path("out/837P-000000001.x12").read_text()
    assert text.count("CLM*SAME*") == 1 and "CLM*A1*" in text


def test_a_claim_rejected_by_a_277ca_may_be_sent_again(work: Path, db_url: str) -> None:
    write_claims(work / "claims.jsonl", professional("R1"))
    assert generate(db_url, "claims.jsonl").exit_code == 0
    reject_by_277ca(db_url, work, "R1")
    again = generate(db_url, "claims.jsonl")
    assert again.exit_code == 0, again.output
    assert sent_files() == ["837P-000000001.x12", "837P-000000002.x12"]
    # sent again and not rejected since: a third original is refused, naming the second send
    third = generate(db_url, "claims.jsonl")
    assert third.exit_code == 1
    assert "already sent in 837P-000000002.x12 (batch 3)" in refusals(third)[0]  # 2: the 277CA


def test_a_replacement_of_a_sent_claim_is_accepted(work: Path, db_url: str) -> None:
    write_claims(work / "claims.jsonl", professional("P1"))
    assert generate(db_url, "claims.jsonl").exit_code == 0
    replacement = professional("P1", frequency_code="7", payer_claim_number="ICN123")
    write_claims(work / "fix.jsonl", replacement)
    result = generate(db_url, "fix.jsonl")
    assert result.exit_code == 0, result.output
    assert "CLM*P1*150*" in Path("out/837P-000000002.x12").read_text()
    history = json.loads(cli("claim", "P1", "--json", "--db", db_url).stdout)
    assert [s["frequency_code"] for s in history["submissions"]] == ["1", "7"]


def test_dry_run_reports_claims_sent_before(work: Path, db_url: str) -> None:
    write_claims(work / "claims.jsonl", professional("D1"))
    assert generate(db_url, "claims.jsonl").exit_code == 0
    result = generate(db_url, "claims.jsonl", "--dry-run")
    assert result.exit_code == 1
    assert "already sent in 837P-000000001.x12" in refusals(result)[0]
    assert "dry run: nothing written" in result.stdout
    assert sent_files() == ["837P-000000001.x12"]


def test_dry_run_without_a_ledger_checks_the_input_only_and_creates_nothing(work: Path) -> None:
    write_claims(work / "claims.jsonl", professional("N1"), professional("N1"))
    url = "sqlite:///x12flow.db"
    result = cli("generate", "837p", "claims.jsonl", "--dry-run")
    assert result.exit_code == 1
    assert f"no ledger at {url}: earlier submissions were not checked" in result.stdout
    assert "also in this batch at claims.jsonl line 1" in refusals(result)[0]
    assert not (work / "x12flow.db").exists()


def test_the_write_checks_again_inside_its_transaction(tmp_path: Path) -> None:
    """A run that sent the same claim between another run's check and its write."""
    claim = PROFESSIONAL.model.model_validate(professional("RACE1"))
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        assert send(ledger, [professional("RACE1")], tmp_path).claims == 1
        with (
            pytest.raises(AlreadySent, match=r"claim RACE1 already sent in 837P-000000001\.x12"),
            ledger.atomic() as connection,
        ):
            stage_claims_file(connection, [claim], PROFESSIONAL, Config(), directory=tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.x12")) == ["837P-000000001.x12"]
    assert list(tmp_path.glob(".*")) == []  # nothing staged


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.json", "", "empty.json: is empty"),
        ("empty.jsonl", "", "empty.jsonl: is empty"),
        ("blank.yaml", "\n\n", "blank.yaml: holds no claims"),
        ("null.json", "null", "null.json: holds no claims"),
        ("list.json", "[]", "list.json: holds no claims"),
        ("bad.json", '{"patient_control_number": ', "bad.json: line 1, column 28: not valid JSON"),
        ("bad.yaml", "a: [b\n", "bad.yaml: line 2, column 1: not valid YAML"),
        ("bad.jsonl", "{x\n{y\n", "bad.jsonl: line 1, column 2: not valid JSON"),
    ],
)
def test_generate_of_unusable_input_exits_2(
    work: Path, db_url: str, name: str, text: str, message: str
) -> None:
    (work / name).write_text(text)
    write_claims(work / "good.jsonl", professional("G1"))
    for extra in ((), ("--skip-invalid",), ("--dry-run",)):
        result = generate(db_url, "good.jsonl", name, *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert f"x12flow: {message}" in result.stderr
        assert "checked 1 claims: 1 clean, 0 refused" in result.stdout
    assert sent_files() == []


def test_generate_of_empty_standard_input_exits_2(work: Path) -> None:
    result = cli("generate", "837p", "-", "--out", "out", stdin="")
    assert result.exit_code == 2 and "x12flow: stdin: holds no claims" in result.stderr
    assert not (work / "x12flow.db").exists()  # unusable input: no ledger is opened


# -- submit -----------------------------------------------------------------------------------


DROP = Path("outbox") / "claims"  # submit's default drop folder, as it names its files


@pytest.fixture
def drop(work: Path) -> Path:
    return work / DROP


def submit(db_url: str, *args: str) -> Result:
    return cli("submit", "--db", db_url, *args)


def outbox() -> list[str]:
    return sorted(p.name for p in Path("outbox").glob("837*.x12"))


def refused_report() -> dict[str, Any]:
    [path] = Path("outbox").glob("refused-*.json")
    report: dict[str, Any] = json.loads(path.read_text())
    path.unlink()
    return report


def test_submit_refuses_an_original_sent_the_night_before(drop: Path, db_url: str) -> None:
    write_claims(drop / "monday.jsonl", professional("M1"), institutional("M2"))
    assert submit(db_url).exit_code == 0
    assert outbox() == ["837I-000000001.x12", "837P-000000002.x12"]
    write_claims(drop / "tuesday.jsonl", professional("T1"), institutional("M2"))
    result = submit(db_url)
    assert result.exit_code == 1
    assert "1 claim(s) sent in 1 file(s), 1 refused, 1 input file(s) moved aside" in result.stdout
    [problem] = refused_report()["problems"]
    assert problem["file"] == str(DROP / "tuesday.jsonl")
    assert (problem["where"], problem["claim"]) == ("line 2", "M2")
    assert "already sent in 837I-000000001.x12 (batch 1) on 2026-11-30" in problem["message"]
    assert ADVICE in problem["message"]
    assert outbox() == ["837I-000000001.x12", "837P-000000002.x12", "837P-000000003.x12"]
    assert "CLM*T1*" in Path("outbox/837P-000000003.x12").read_text()


def test_submit_refuses_a_number_twice_in_one_batch_across_claim_types(
    drop: Path, db_url: str
) -> None:
    write_claims(drop / "a.jsonl", professional("X1"), professional("TWICE"))
    write_claims(drop / "b.jsonl", institutional("TWICE"))
    result = submit(db_url)
    assert result.exit_code == 1
    [problem] = refused_report()["problems"]
    assert (problem["file"], problem["where"]) == (str(DROP / "b.jsonl"), "line 1")
    assert problem["message"].startswith(f"also in this batch at {DROP / 'a.jsonl'} line 2")
    assert outbox() == ["837P-000000001.x12"]


def test_submit_sends_again_a_claim_a_277ca_rejected(drop: Path, db_url: str) -> None:
    write_claims(drop / "monday.jsonl", professional("R1"))
    assert submit(db_url).exit_code == 0
    reject_by_277ca(db_url, drop.parent.parent, "R1")
    write_claims(drop / "fixed.jsonl", professional("R1"), professional("R2"))
    result = submit(db_url)
    assert result.exit_code == 0, result.output
    assert outbox() == ["837P-000000001.x12", "837P-000000002.x12"]
    assert "CLM*R1*" in Path("outbox/837P-000000002.x12").read_text()


def test_submit_leaves_an_unusable_file_in_place_and_sends_the_others(
    drop: Path, db_url: str
) -> None:
    write_claims(drop / "good.jsonl", professional("G1"))
    (drop / "empty.json").write_text("")
    (drop / "broken.yaml").write_text("a: [b\n")
    result = submit(db_url)
    assert result.exit_code == 2
    assert "1 claim(s) sent in 1 file(s), 0 refused, 1 input file(s) moved aside" in result.stdout
    assert f"x12flow: {DROP / 'empty.json'}: is empty; left in place" in result.stderr
    assert f"x12flow: {DROP / 'broken.yaml'}: line 2, column 1: not valid YAML" in result.stderr
    assert sorted(p.name for p in drop.iterdir() if p.is_file()) == ["broken.yaml", "empty.json"]
    unusable = refused_report()["unusable_files"]
    assert [u["file"] for u in unusable] == [str(DROP / "broken.yaml"), str(DROP / "empty.json")]
    assert outbox() == ["837P-000000001.x12"]


def test_submit_checks_it_can_move_the_files_before_writing(drop: Path, db_url: str) -> None:
    write_claims(drop / "claims.jsonl", professional("U1"))
    (drop / "submitted").write_text("a file where the folder should be")
    result = submit(db_url)
    assert result.exit_code == 2
    assert re.search(
        r"x12flow: cannot move claims\.jsonl to \S+/submitted/2026-11-30 once it is sent: "
        r".+; nothing was sent",
        result.stderr,
    ), result.stderr
    assert outbox() == []
    assert (drop / "claims.jsonl").is_file()
    assert json.loads(cli("claims", "--json", "--db", db_url).stdout) == []


def test_a_move_that_fails_after_the_commit_says_what_was_done(
    drop: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_claims(drop / "claims.jsonl", *(professional(f"C{n}") for n in range(12)))

    def denied(path: Path, folder: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr("edi.outbound.submit._move", denied)
        result = submit(db_url)
    assert result.exit_code == 2
    assert (
        f"x12flow: wrote {Path('outbox') / '837P-000000001.x12'} and recorded 12 claim(s); "
        f"could not move claims.jsonl to {DROP / 'submitted' / '2026-11-30'}: "
        "Permission denied — move it out of the drop folder by hand (the ledger knows it, so "
        "it will not be sent again)"
    ) in result.stderr
    assert outbox() == ["837P-000000001.x12"]
    assert len(json.loads(cli("claims", "--json", "--db", db_url).stdout)) == 12
    again = submit(db_url)  # the ledger knows the file: it is moved, not sent again
    assert again.exit_code == 0 and "claims.jsonl: already submitted earlier" in again.stdout
    assert outbox() == ["837P-000000001.x12"]
    assert not (drop / "claims.jsonl").exists()


# -- reading a ledger that is not there -------------------------------------------------------

READERS = [("claims",), ("claim", "A1"), ("unmatched",), ("report",)]


@pytest.mark.parametrize("command", READERS, ids=[c[0] for c in READERS])
def test_reading_commands_refuse_a_missing_ledger(work: Path, command: tuple[str, ...]) -> None:
    result = cli(*command)
    assert result.exit_code == 2
    assert NO_LEDGER.format(url="sqlite:///x12flow.db") in result.stderr
    assert not (work / "x12flow.db").exists()
    elsewhere = work / "nowhere" / "ledger.db"
    result = cli(*command, "--db", f"sqlite:///{elsewhere}")
    assert result.exit_code == 2 and NO_LEDGER.format(url=f"sqlite:///{elsewhere}") in result.stderr
    assert not elsewhere.parent.exists()


def test_reading_commands_refuse_an_empty_database(work: Path, db_url: str) -> None:
    """An empty SQLite file or an empty PostgreSQL schema holds no ledger tables."""
    if db_url.startswith("sqlite"):
        (work / "ledger.db").write_bytes(b"")
    result = cli("claims", "--db", db_url)
    assert result.exit_code == 2 and "no ledger at " in result.stderr
    assert "run `x12flow init` or pass --db" in result.stderr


def test_init_creates_the_ledger_once(work: Path, db_url: str) -> None:
    created = cli("init", "--db", db_url)
    assert created.exit_code == 0 and created.stdout.startswith("created the ledger at ")
    again = cli("init", "--db", db_url)
    assert again.exit_code == 0 and "is there already; it is up to date" in again.stdout
    listed = cli("claims", "--db", db_url)
    assert listed.exit_code == 0 and "0 claim(s)" in listed.stdout


def test_init_in_the_working_folder(work: Path) -> None:
    assert cli("init").stdout == "created the ledger at sqlite:///x12flow.db\n"
    assert (work / "x12flow.db").is_file()
    assert cli("report").exit_code == 0


def test_a_password_in_the_url_is_never_printed(work: Path) -> None:
    url = "postgresql://clinic:s3cret@127.0.0.1:1/ledger"
    result = cli("claims", "--db", url)
    assert result.exit_code == 2
    assert "s3cret" not in result.output and "clinic:***@127.0.0.1:1/ledger" in result.output


def test_writing_commands_still_create_the_ledger(work: Path) -> None:
    write_claims(work / "claims.jsonl", professional("W1"))
    assert cli("generate", "837p", "claims.jsonl").exit_code == 0
    assert (work / "x12flow.db").is_file()


def test_sources_and_positions_of_json_and_yaml_lists(work: Path, db_url: str) -> None:
    """Positions are ``item n`` (from 0) in a JSON or YAML list."""
    Path("claims.json").write_text(json.dumps([professional("L1"), professional("L1")]))
    result = generate(db_url, "claims.json")
    assert result.exit_code == 1
    assert refusals(result)[0].startswith(
        "refused: claims.json item 1: claim L1: patient_control_number: also in this batch at "
        "claims.json item 0"
    )
