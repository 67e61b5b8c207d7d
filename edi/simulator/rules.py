"""Simulation rules: the mix of outcomes, read from TOML, YAML or JSON, with sensible defaults.

Every table and key is optional; shares are probabilities between 0 and 1::

    [ta1]
    rejected = 0.0                   # share of interchanges rejected at the envelope (TA1 R)
    note_code = "024"                # TA105 of those rejections

    [ack999]
    rejected = 0.05                  # share of transaction sets the 999 rejects (IK5 R)
    accepted_with_errors = 0.05      # share accepted with errors noted (IK5 E)

    [claim_ack]
    rejected = 0.08                  # share of claims the 277CA rejects
    reasons = [{category = "A7", status = "164", entity = "IL"}]

    [remittance]
    paid_in_full = 0.25              # the three shares add up to 1
    partially_paid = 0.55
    denied = 0.20
    reversed_and_corrected = 0.10    # share of paid claims reversed and corrected later
    interest = 0.30                  # share of 835s carrying PLB L6 interest
    allowed = ["0.55", "0.90"]       # allowed amount as a share of the charge (range)
    denials = [{group = "CO", carc = "50", rarc = "N115", weight = 1}]
    line_denied = 0.15               # share of partially paid claims with one line denied
    line_denials = [{group = "CO", carc = "97", rarc = "N20"}]
"""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from edi.x12.errors import ConfigError

Share = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Code = Annotated[str, Field(min_length=1, max_length=5, pattern=r"^[A-Z0-9]+$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ta1Rules(_Section):
    rejected: Share = Field(
        0.0, description="share of interchanges rejected at the envelope (TA104 R, no 999)"
    )
    note_code: str = Field(
        "024", pattern=r"^0(0[1-9]|[1-3][0-9])$", description="TA105 of a rejection"
    )


class Ack999Rules(_Section):
    rejected: Share = Field(0.05, description="share of 837 transaction sets rejected (IK5 R)")
    accepted_with_errors: Share = Field(0.05, description="share accepted with errors (IK5 E)")

    @model_validator(mode="after")
    def _fits(self) -> Ack999Rules:
        if self.rejected + self.accepted_with_errors > 1:
            raise ValueError("rejected + accepted_with_errors is more than 1")
        return self


class RejectReason(_Section):
    """A 277CA rejection: claim STC (and, for ``line = true``, a line STC in 2220D)."""

    category: Literal["A3", "A6", "A7", "A8"] = Field(description="STC01-1 (507)")
    status: Code = Field(description="STC01-2 (508)")
    entity: Code | Literal[""] = Field("", description="STC01-3 (98)")
    line: bool = Field(False, description="the reason points at one service line")
    weight: Annotated[float, Field(gt=0)] = 1.0


DEFAULT_REASONS = (
    RejectReason(category="A7", status="164", entity="IL"),  # member number
    RejectReason(category="A7", status="562", entity="85"),  # billing provider NPI
    RejectReason(category="A7", status="255"),  # diagnosis code
    RejectReason(category="A3", status="116", entity="PR"),  # sent to the wrong payer
    RejectReason(category="A7", status="454", line=True),  # procedure code
)


class ClaimAckRules(_Section):
    rejected: Share = Field(0.08, description="share of claims the 277CA rejects")
    reasons: tuple[RejectReason, ...] = Field(DEFAULT_REASONS, min_length=1)


class Denial(_Section):
    """A denial: CAS group and CARC on every line, RARC in LQ*HE."""

    group: Literal["CO", "OA", "PI", "PR"] = "CO"
    carc: Code
    rarc: Code | Literal[""] = ""
    weight: Annotated[float, Field(gt=0)] = 1.0


DEFAULT_DENIALS = (
    # A spread like the one denial-management surveys report: registration, eligibility and
    # missing information lead, then authorization, coding, medical necessity; duplicates, COB,
    # non-covered services and timely filing trail. Every code is in the denial mapping
    # (edi/model/denials/mapping.toml), so each lands in its category with its next action;
    # each is work for the provider. Duplicates and the earlier payer's share, which need
    # none, come as line denials below.
    Denial(carc="27", rarc="N30", weight=6),  # eligibility: coverage ended
    Denial(carc="31", rarc="N30", weight=5),  # eligibility: not a member of this plan
    Denial(carc="16", rarc="MA130", weight=6),  # missing information: unprocessable claim
    Denial(carc="16", rarc="N290", weight=5),  # missing information: rendering provider id
    Denial(carc="197", rarc="M62", weight=7),  # authorization absent
    Denial(carc="15", rarc="N54", weight=3),  # authorization does not match the service
    Denial(carc="4", rarc="N56", weight=3),  # coding: modifier wrong or missing
    Denial(carc="11", rarc="M76", weight=3),  # coding: diagnosis does not support it
    Denial(carc="97", rarc="M15", weight=3),  # coding: bundled into another service
    Denial(carc="50", rarc="N115", weight=5),  # medical necessity (LCD)
    Denial(carc="22", rarc="MA92", weight=3),  # coordination of benefits: another payer first
    Denial(carc="96", rarc="N130", weight=3),  # non-covered: plan benefit limits
    Denial(carc="204", weight=3),  # non-covered under the current benefit plan
    Denial(carc="29", weight=2),  # timely filing: the limit passed
)

DEFAULT_LINE_DENIALS = (
    # One line of an otherwise paid claim: bundling and coding edits most, then units, missing
    # line information, a line already paid, and the share an earlier payer's adjudication
    # settled.
    Denial(carc="97", rarc="N20", weight=5),  # bundled with another service of the day
    Denial(carc="4", rarc="N56", weight=3),  # modifier wrong or missing
    Denial(carc="151", weight=2),  # more services than the information supports
    Denial(carc="16", rarc="M51", weight=2),  # procedure code missing or invalid
    Denial(carc="18", weight=2),  # the same service already processed
    Denial(group="OA", carc="23", weight=1),  # settled by the earlier payer's adjudication
)


class RemittanceRules(_Section):
    paid_in_full: Share = 0.25
    partially_paid: Share = 0.55
    denied: Share = 0.20
    reversed_and_corrected: Share = Field(0.10, description="share of paid claims")
    interest: Share = Field(0.30, description="share of 835 transaction sets with PLB L6")
    allowed: tuple[Decimal, Decimal] = (Decimal("0.55"), Decimal("0.90"))
    deductible: Share = Field(0.30, description="share of partially paid claims")
    deductible_amount: tuple[Money, Money] = (Decimal("20"), Decimal("150"))
    copay: Share = Field(0.30, description="share of partially paid claims with a copay")
    copay_amount: tuple[Money, Money] = (Decimal("10"), Decimal("40"))
    coinsurance_rate: Decimal = Field(Decimal("0.20"), ge=0, le=1)
    interest_rate: tuple[Decimal, Decimal] = (Decimal("0.002"), Decimal("0.02"))
    denials: tuple[Denial, ...] = Field(DEFAULT_DENIALS, min_length=1)
    line_denied: Share = Field(
        0.15, description="share of partially paid claims of two or more lines with one denied"
    )
    line_denials: tuple[Denial, ...] = Field(DEFAULT_LINE_DENIALS, min_length=1)
    payment_days: int = Field(14, ge=1, le=365, description="837 date to the first 835")
    correction_days: int = Field(30, ge=1, le=365, description="first 835 to the corrections")

    @model_validator(mode="after")
    def _consistent(self) -> RemittanceRules:
        if abs(self.paid_in_full + self.partially_paid + self.denied - 1) > 1e-9:
            raise ValueError("paid_in_full + partially_paid + denied must add up to 1")
        for name in ("allowed", "deductible_amount", "copay_amount", "interest_rate"):
            low, high = getattr(self, name)
            if low > high:
                raise ValueError(f"{name}: the low end is above the high end")
        if not (Decimal(0) < self.allowed[0] and self.allowed[1] <= 1):
            raise ValueError("allowed: shares between 0 (exclusive) and 1")
        return self


class PayerDefaults(_Section):
    """What the 837 does not say about the payer but the 835's 1000A needs."""

    street: str = "100 CLAIMS WAY"
    city: str = "HARTFORD"
    state: str = Field("CT", pattern=r"^[A-Z]{2}$")
    postal_code: str = Field("061010001", pattern=r"^\d{5}(\d{4})?$")
    contact_name: str = "PROVIDER SERVICES"
    phone: str = Field("8005550199", pattern=r"^\d{10}$")


class Rules(_Section):
    ta1: Ta1Rules = Ta1Rules()
    ack999: Ack999Rules = Ack999Rules()
    claim_ack: ClaimAckRules = ClaimAckRules()
    remittance: RemittanceRules = RemittanceRules()
    payer: PayerDefaults = PayerDefaults()


def _parse(path: Path, text: str) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return tomllib.loads(text)
    if suffix in (".yaml", ".yml"):
        return yaml.safe_load(text) or {}
    if suffix == ".json":
        return json.loads(text)
    raise ConfigError("rules file must end in .toml, .yaml, .yml or .json", file=str(path))


def load_rules(path: Path | None) -> Rules:
    """The rules in ``path`` (defaults for whatever it leaves out), or the defaults."""
    if path is None:
        return Rules()
    try:
        raw = _parse(path, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the rules: {exc}", file=str(path)) from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ConfigError(f"not a valid rules file: {exc}", file=str(path)) from None
    try:
        return Rules.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(problems, file=str(path)) from None
