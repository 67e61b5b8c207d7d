"""edi.config: defaults, file discovery, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from edi.config import Config, database_url, load_config
from edi.x12.errors import ConfigError


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)


def test_defaults_work_without_a_file() -> None:
    config = load_config()
    assert config == Config()
    assert config.interchange.usage_indicator == "T"
    assert config.output.directory == Path("outbox")
    assert config.delimiters.delimiters().element == "*"


def test_local_file_then_env_then_explicit(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("x12flow.toml").write_text('[interchange]\nsender_id = "LOCAL"\n')
    Path("env.toml").write_text('[interchange]\nsender_id = "ENV"\n')
    Path("cli.toml").write_text('[interchange]\nsender_id = "CLI"\n')
    assert load_config().interchange.sender_id == "LOCAL"
    monkeypatch.setenv("X12FLOW_CONFIG", "env.toml")
    assert load_config().interchange.sender_id == "ENV"
    assert load_config("cli.toml").interchange.sender_id == "CLI"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[interchange]\nusage_indicator = 'X'\n", "interchange.usage_indicator"),
        ("[delimiters]\nelement = ':'\n", "the four delimiters must differ"),
        ("[delimiters]\nsegment = 'a'\n", "each delimiter is one of"),
        ("[submiter]\nname = 'x'\n", "submiter"),
        ("[interchange\n", "not valid TOML"),
    ],
)
def test_bad_configuration_names_file_and_problem(text: str, problem: str) -> None:
    Path("bad.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config("bad.toml")
    assert str(caught.value).startswith("bad.toml: ")
    assert problem in str(caught.value)


def test_missing_explicit_file_is_an_error() -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config("nowhere.toml")


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config.model_validate({"database": {"url": "sqlite:///conf.db"}})
    assert database_url(None, config) == "sqlite:///conf.db"
    monkeypatch.setenv("X12FLOW_DATABASE_URL", "sqlite:///env.db")
    assert database_url(None, config) == "sqlite:///env.db"
    assert database_url("sqlite:///cli.db", config) == "sqlite:///cli.db"
