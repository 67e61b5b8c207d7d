"""835 models: fields trace to X12 elements; fast-built models are complete and validate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import parsers.era835 as era835
from parsers.era835 import read_remittances
from parsers.era835.values import amount, count, date8

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"
MODELS = [
    obj
    for name in era835.__all__
    if isinstance(obj := getattr(era835, name), type) and issubclass(obj, BaseModel)
]
_ELEMENT = re.compile(
    r"\b[A-Z][A-Z0-9]{1,2}(\d{2}|\*[A-Z0-9]+)|\b(loops?|CAS|REF|AMT|QTY|PER|"
    r"DTM|LQ|MIA|MOA|CLP|SVC|PLB|BPR|TRN|N3|N4|RDM|TS3|TS2|LX|CARC|RARC)\b"
)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_names_its_x12_element(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.description and _ELEMENT.search(info.description), f"{model.__name__}.{name}"


def walk(value: Any) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        found = [value]
        for item in value.__dict__.values():
            found += walk(item)
        return found
    if isinstance(value, list):
        return [m for item in value for m in walk(item)]
    return []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.x12")), ids=lambda p: p.stem)
def test_built_models_are_complete_in_field_order_and_valid(path: Path) -> None:
    for item in read_remittances(path):
        for model in walk(item):
            cls = type(model)
            assert list(model.__dict__) == list(cls.model_fields), cls.__name__
            # What was built without validation is exactly what validation would accept (the
            # location is never dumped: it is given back as it was).
            dump = model.model_dump()
            if "location" in cls.model_fields:
                dump["location"] = model.__dict__["location"]
            assert cls.model_validate(dump) == model


def test_models_are_frozen() -> None:
    claim = next(
        item
        for item in read_remittances(DATA / "multiple_lx.x12")
        if isinstance(item, era835.ClaimPayment)
    )
    with pytest.raises(Exception, match="frozen"):
        claim.paid = None  # type: ignore[misc]
    copy = claim.model_copy(update={"patient_control_number": "X"})
    assert copy.patient_control_number == "X" and claim.patient_control_number == "PRO101"


def test_fast_built_models_report_every_field_set_and_copies_leave_others_alone() -> None:
    claims = [
        item
        for item in read_remittances(DATA / "multiple_lx.x12")
        if isinstance(item, era835.ClaimPayment)
    ]
    fields = set(era835.ClaimPayment.model_fields)
    assert len(claims) > 1 and all(c.model_fields_set == fields for c in claims)
    copy = claims[0].model_copy(update={"patient_control_number": "X"})
    copy.model_fields_set.add("something else")
    assert all(c.model_fields_set == fields for c in claims)
    assert claims[1].model_dump(exclude_unset=True).keys() == fields - {"location"}


def test_claims_carry_the_location_of_their_clp_but_do_not_show_it() -> None:
    path = DATA / "multiple_lx.x12"
    segments = path.read_text().replace("\n", "").split("~")
    claims = [c for c in read_remittances(path) if isinstance(c, era835.ClaimPayment)]
    assert len(claims) > 1
    for claim in claims:
        where = claim.location
        assert where is not None and where.file == str(path)
        assert (where.segment_id, where.loop, where.transaction) == ("CLP", "2100", "0005")
        clp = segments[where.segment - 1] if where.segment else ""
        assert clp.split("*")[:2] == ["CLP", claim.patient_control_number]
        assert "location" not in claim.model_dump(mode="json")
    assert len({c.location for c in claims}) == len(claims)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.50", "12.50"),
        ("-86.76", "-86.76"),
        ("0", "0"),
        (".5", "0.5"),
        ("", None),
        ("1E3", None),
        ("NaN", None),
        ("Infinity", None),
        ("12,50", None),
        ("1.2.3", None),
        ("XXX", None),
    ],
)
def test_amount(text: str, expected: str | None) -> None:
    value = amount(text)
    assert (None if value is None else str(value)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20261203", "2026-12-03"),
        ("20240229", "2024-02-29"),
        ("20230229", None),
        ("20002316", None),
        ("261203", None),
        ("", None),
        ("2026120X", None),
    ],
)
def test_date8(text: str, expected: str | None) -> None:
    value = date8(text)
    assert (None if value is None else value.isoformat()) == expected


def test_count() -> None:
    assert (count("000"), count("12"), count(""), count("1.5"), count("-1")) == (
        0,
        12,
        None,
        None,
        None,
    )
