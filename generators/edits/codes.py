"""Code checks: ICD-10-CM (billable), ICD-10-PCS, CPT/HCPCS, modifiers, NPI, EIN and SSN.

``simple_icd_10_cm`` takes about 1.7 s to import, so it is imported on the first ICD-10-CM
lookup, once, and every answer is cached.
"""

from __future__ import annotations

import gc
import re
import warnings
from functools import lru_cache
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
MAX_ANSWERS = 200_000
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
    if len(_icd_answers) >= MAX_ANSWERS:  # the code set is finite, invalid input is not
        _icd_answers.clear()
    _icd_answers[code] = answer
    return answer


def is_billable_icd10cm(code: str) -> bool:
    return icd10cm_problem(code) is None


NPI_PREFIX_SUM = 24
"""The Luhn sum of the prefix "80840" an NPI is checked under: 8 + 0 + 8 + 2 * 4 + 0."""

_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # 2 * d with its digits added, as Luhn does


def is_valid_npi(npi: str) -> bool:
    """10 digits whose Luhn check over "80840" + NPI passes."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    doubled = _DOUBLED
    total = NPI_PREFIX_SUM
    for position, digit in enumerate(npi):
        value = ord(digit) - 48
        total += doubled[value] if position % 2 == 0 else value
    return total % 10 == 0


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes ``first_nine`` a valid NPI."""
    return luhn.calc_check_digit("80840" + first_nine)


@lru_cache(maxsize=1024)  # a batch has few billing providers; bounded for any batch
def is_valid_ein(number: str) -> bool:
    return bool(ein.is_valid(number))


@lru_cache(maxsize=1024)
def is_valid_ssn(number: str) -> bool:
    return bool(ssn.is_valid(number))
