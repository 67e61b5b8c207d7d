"""Code checks: ICD-10-CM (billable), ICD-10-PCS, CPT/HCPCS, modifiers, NPI, EIN and SSN.

``simple_icd_10_cm`` takes about 1.7 s to import, so it is imported on the first ICD-10-CM
lookup, once, and every answer is cached.
"""

from __future__ import annotations

import gc
import re
import warnings
from functools import cache
from types import ModuleType

from stdnum import luhn
from stdnum.us import ein, ssn

PROCEDURE_CODE = re.compile(r"^(\d{4}[0-9FTMU]|[A-V]\d{4})$")
"""CPT category I (5 digits), II (4 digits + F), III (+ T), PLA (+ U), HCPCS level II (A-V + 4)."""

MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
ICD10PCS = re.compile(r"^[0-9A-HJ-NP-Z]{7}$")
"""ICD-10-PCS: 7 characters, digits and letters except I and O."""

ICD10CM_SHAPE = re.compile(r"^[A-Z]\d[0-9A-Z]{1,5}$")

_icd_module: ModuleType | None = None
_icd_answers: dict[str, str | None] = {}

NOT_ICD10CM = "is not an ICD-10-CM code"
NOT_BILLABLE = "is an ICD-10-CM category, not a billable code (use a more specific code)"


def _icd() -> ModuleType:
    global _icd_module
    if _icd_module is None:
        with warnings.catch_warnings():  # it loads its data with a deprecated importlib call
            warnings.simplefilter("ignore", DeprecationWarning)
            import simple_icd_10_cm
        # Its tables are ~100k long-lived objects; left to the collector they would be
        # traversed on every full collection for the rest of the run. Freeze them.
        gc.freeze()
        _icd_module = simple_icd_10_cm
    return _icd_module


def icd10cm_problem(code: str) -> str | None:
    """None when ``code`` (no dot) is a billable ICD-10-CM code, else what is wrong with it."""
    try:
        return _icd_answers[code]
    except KeyError:
        pass
    answer: str | None = None
    if not ICD10CM_SHAPE.match(code) or not _icd().is_valid_item(code):
        answer = NOT_ICD10CM
    elif not _icd().is_leaf(code):
        answer = NOT_BILLABLE
    _icd_answers[code] = answer
    return answer


def is_billable_icd10cm(code: str) -> bool:
    return icd10cm_problem(code) is None


@cache
def is_valid_npi(npi: str) -> bool:
    """10 digits whose Luhn check over "80840" + NPI passes."""
    return len(npi) == 10 and npi.isdigit() and luhn.is_valid("80840" + npi)


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes ``first_nine`` a valid NPI."""
    return luhn.calc_check_digit("80840" + first_nine)


@cache
def is_valid_ein(number: str) -> bool:
    return bool(ein.is_valid(number))


@cache
def is_valid_ssn(number: str) -> bool:
    return bool(ssn.is_valid(number))
