"""Configuration: ``x12flow.toml`` read into pydantic models, with defaults that work as they are.

Where the file comes from, first match wins: an explicit path (``--config``), the environment
variable ``X12FLOW_CONFIG``, ``./x12flow.toml``. With none of them the defaults apply. Every
table and key is optional::

    [interchange]
    sender_qualifier = "ZZ"
    sender_id = "X12FLOW"
    receiver_qualifier = "ZZ"
    receiver_id = "CLEARINGHOUSE"
    usage_indicator = "T"            # T test, P production (ISA15)
    acknowledgment_requested = false # ISA14

    [submitter]                      # 837 loop 1000A
    name = "X12FLOW BILLING"
    id = "X12FLOW"
    contact_name = "EDI DESK"
    phone = "8005550100"

    [receiver]                       # 837 loop 1000B
    name = "CLEARINGHOUSE"
    id = "CLEARINGHOUSE"

    [delimiters]
    element = "*"
    component = ":"
    repetition = "^"
    segment = "~"
    line_break = true                # a newline after each segment terminator

    [output]
    directory = "outbox"

    [database]
    url = "sqlite:///x12flow.db"

    [codes]
    descriptions = "carc-rarc.csv"   # CARC/RARC texts you hold a licence for (optional)

    [deadlines]                      # worklist deadlines in days (docs/denials.md)
    appeal_days = 120
    corrected_days = 365
    filing_days = 365
    next_payer_days = 90
    [deadlines.payers.87726]         # a payer whose windows differ, by payer ID
    appeal_days = 180
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from edi.x12.delimiters import Delimiters
from edi.x12.errors import ConfigError

if TYPE_CHECKING:  # the denial library loads only for the commands that use it
    from edi.model.denials import DeadlineSettings

CONFIG_ENV = "X12FLOW_CONFIG"
CONFIG_FILE = "x12flow.toml"
DATABASE_ENV = "X12FLOW_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///x12flow.db"

DELIMITER_CHOICES = "*:~^|>!\\"
"""Characters a delimiter may be; claim text may contain none of them."""

IdCode = Annotated[str, Field(min_length=2, max_length=15, pattern=r"^[A-Za-z0-9 .\-]+$")]
Qualifier = Literal["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]
Text = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[^*:~^|>!\\\r\n]+$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InterchangeSettings(_Section):
    sender_qualifier: Qualifier = Field("ZZ", description="ISA05")
    sender_id: IdCode = Field("X12FLOW", description="ISA06 and GS02")
    receiver_qualifier: Qualifier = Field("ZZ", description="ISA07")
    receiver_id: IdCode = Field("CLEARINGHOUSE", description="ISA08 and GS03")
    usage_indicator: Literal["T", "P"] = Field("T", description="ISA15: T test, P production")
    acknowledgment_requested: bool = Field(False, description="ISA14: ask for a TA1")


class SubmitterSettings(_Section):
    name: Text = Field("X12FLOW BILLING", description="1000A NM103")
    id: IdCode = Field("X12FLOW", description="1000A NM109")
    contact_name: Text = Field("EDI DESK", description="1000A PER02")
    phone: Annotated[str, Field(pattern=r"^\d{10,20}$")] | None = Field(
        "8005550100", description="1000A PER04 with PER03 TE"
    )
    email: Text | None = Field(None, description="1000A PER with qualifier EM")

    @model_validator(mode="after")
    def _one_contact(self) -> SubmitterSettings:
        if not self.phone and not self.email:
            raise ValueError("the submitter needs a phone or an email (1000A PER)")
        return self


class ReceiverSettings(_Section):
    name: Text = Field("CLEARINGHOUSE", description="1000B NM103")
    id: IdCode = Field("CLEARINGHOUSE", description="1000B NM109")


class DelimiterSettings(_Section):
    element: str = Field("*", description="ISA element separator")
    component: str = Field(":", description="ISA16 component separator")
    repetition: str = Field("^", description="ISA11 repetition separator")
    segment: str = Field("~", description="segment terminator")
    line_break: bool = Field(True, description="write a newline after each terminator")

    @model_validator(mode="after")
    def _usable(self) -> DelimiterSettings:
        chars = [self.element, self.component, self.repetition, self.segment]
        for ch in chars:
            if len(ch) != 1 or ch not in DELIMITER_CHOICES:
                raise ValueError(f"each delimiter is one of {DELIMITER_CHOICES!r}, not {ch!r}")
        if len(set(chars)) != 4:
            raise ValueError("the four delimiters must differ")
        return self

    def delimiters(self) -> Delimiters:
        return Delimiters(self.element, self.component, self.repetition, self.segment)


class OutputSettings(_Section):
    directory: Path = Field(Path("outbox"), description="where generated files go")


class DatabaseSettings(_Section):
    url: str = Field(DEFAULT_DATABASE_URL, description="SQLAlchemy URL of the x12flow database")


class CodesSettings(_Section):
    descriptions: Path | None = Field(
        None, description="CSV/TSV file of CARC/RARC code descriptions (relative to this file)"
    )


class Config(_Section):
    interchange: InterchangeSettings = InterchangeSettings()
    submitter: SubmitterSettings = SubmitterSettings()
    receiver: ReceiverSettings = ReceiverSettings()
    delimiters: DelimiterSettings = DelimiterSettings()
    output: OutputSettings = OutputSettings()
    database: DatabaseSettings = DatabaseSettings()
    codes: CodesSettings = CodesSettings()
    deadlines: dict[str, Any] = Field(
        default_factory=dict,
        description="worklist deadline windows: DeadlineSettings.from_table reads the table",
    )
    source: str | None = Field(None, exclude=True, description="the file the values came from")

    @field_validator("deadlines")
    @classmethod
    def _windows(cls, table: dict[str, Any]) -> dict[str, Any]:
        from edi.model.denials import DeadlineSettings

        try:
            DeadlineSettings.from_table(table)
        except ConfigError as exc:
            raise ValueError(exc.message) from None
        return table

    def deadline_settings(self) -> DeadlineSettings:
        """The ``[deadlines]`` windows: the defaults and the payers whose windows differ."""
        from edi.model.denials import DeadlineSettings

        return DeadlineSettings.from_table(self.deadlines, self.source)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file to read, or None when there is none."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    local = Path(CONFIG_FILE)
    return local if local.is_file() else None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Read the configuration; raise :class:`ConfigError` with the file and the problem."""
    path = config_path(explicit)
    if path is None:
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("configuration file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the configuration: {exc}", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", file=str(path)) from None
    try:
        return Config.model_validate({**raw, "source": str(path)})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(problems, file=str(path)) from None


def database_url(explicit: str | None, config: Config) -> str:
    """The database URL: ``--db``, then ``X12FLOW_DATABASE_URL``, then the configuration."""
    return explicit or os.environ.get(DATABASE_ENV) or config.database.url


def code_descriptions_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The CARC/RARC descriptions file the configuration names (``[codes] descriptions``,
    relative to the configuration file), or None."""
    if config_path(explicit) is None:
        return None
    config = load_config(explicit)
    configured = config.codes.descriptions
    if configured is None:
        return None
    if not configured.is_absolute() and config.source:
        configured = Path(config.source).parent / configured
    return configured
