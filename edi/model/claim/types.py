"""Value types shared by the claim input models: text, money, codes, the model base class."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

TEXT_PATTERN = r"^[\x20\x22-\x29\x2B-\x39\x3B-\x3D\x3F-\x5B\x5D\x5F-\x7B\x7D]*$"
"""Printable ASCII without ``* : ~ ^ | > ! \\``: the characters a configuration may choose as
delimiters (X12 has no escape), so claim text can never break the file."""


class InputModel(BaseModel):
    """Base of every claim input model: unknown keys are an error, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _text(max_length: int, min_length: int = 1) -> Any:
    return Field(min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN)


Name = Annotated[str, _text(60)]
ShortName = Annotated[str, _text(35)]
Identifier = Annotated[str, _text(50)]
ClaimId = Annotated[str, _text(20)]
"""CLM01: the element allows 38 characters, the TR3 says receivers need keep only 20."""
Street = Annotated[str, _text(55)]
City = Annotated[str, _text(30, 2)]

StateCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
PostalCode = Annotated[
    str,
    BeforeValidator(lambda v: v.replace("-", "") if isinstance(v, str) else v),
    Field(pattern=r"^\d{5}(\d{4})?$", description="5- or 9-digit ZIP code (a dash is dropped)"),
]
Npi = Annotated[str, Field(pattern=r"^\d{10}$", description="10-digit National Provider ID")]
Taxonomy = Annotated[str, Field(pattern=r"^[0-9A-Z]{9}X$", description="10-char taxonomy")]

FROM_JSON_TEXT: Any = {"read": "from JSON text"}
"""The validation context of a claim validated straight from JSON text (``model_validate_json``
with ``context=FROM_JSON_TEXT``, :func:`generators.checking.validate_json_line`)."""


def _exact_amount(value: object, info: ValidationInfo) -> object:
    """Validated from JSON text, a JSON number with a fraction or an exponent comes as a float
    (``406.10`` as 406.1): refuse it there, so that such a claim is validated from the decoded
    line instead, whose numbers are exact ``Decimal`` values. Anything else passes as given."""
    if value.__class__ is float and info.context is FROM_JSON_TEXT:
        raise PydanticCustomError("float_from_json_text", "a JSON number read as a float")
    return value


# The before-validator comes after the constraints: it then wraps the decimal schema, which
# checks them natively (placed before them, it makes pydantic check each in Python, slower).
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    BeforeValidator(_exact_amount),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,10}(\.\d{1,2})?$"}),
]
"""An amount in dollars: a JSON string such as "125.00" (a JSON number is taken exactly too)."""

Quantity = Annotated[
    Decimal,
    Field(gt=0, max_digits=10, decimal_places=3),
    BeforeValidator(_exact_amount),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,7}(\.\d{1,3})?$"}),
]


def _code(value: object) -> object:
    """Codes are compared without dots, spaces and case: "e11.9" -> "E119"."""
    if isinstance(value, str):
        return value.replace(".", "").replace(" ", "").upper()
    return value


Code = Annotated[str, BeforeValidator(_code), Field(min_length=1, max_length=30)]
"""A code (ICD-10-CM, ICD-10-PCS, CPT/HCPCS, modifier...); checked for format by the edits."""

Sex = Literal["F", "M", "U"]
YesNo = Literal["Y", "N"]
PayerResponsibility = Literal["P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H", "U"]
ClaimFilingIndicator = Literal[
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "AM",
    "BL",
    "CH",
    "CI",
    "DS",
    "FI",
    "HM",
    "LM",
    "MA",
    "MB",
    "MC",
    "OF",
    "TV",
    "VA",
    "WC",
    "ZZ",
]
OtherPayerResponsibility = Literal["P", "S", "A", "B", "C", "D", "E", "F", "G", "H"]
PatientRelationship = Literal["01", "19", "20", "21", "39", "40", "53", "G8"]
IndividualRelationship = Literal["01", "18", "19", "20", "21", "39", "40", "53", "G8"]
FrequencyCode = Literal["1", "7", "8"]
AssignmentCode = Literal["A", "B", "C"]
BenefitsAssignment = Literal["Y", "N", "W"]
ReleaseOfInformation = Literal["I", "Y"]
AdjustmentGroup = Literal["CO", "CR", "OA", "PI", "PR"]
DrugUnit = Literal["F2", "GR", "ME", "ML", "UN"]
TaxIdQualifier = Literal["EI", "SY"]

Suffix = Annotated[str, _text(10)]
PayerId = Annotated[str, Field(pattern=r"^[A-Za-z0-9]{2,80}$")]
