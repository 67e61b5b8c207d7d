"""Element checks: a segment's values against its definition in the guide (999 IK4).

Each problem is an IK403 finding located at the element (and component), with the 999 code:

==== ===============================================
1    required data element missing
2    conditional required data element missing
3    too many data elements
4    data element too short
5    data element too long
6    invalid character in data element
7    invalid code value
8    invalid date
9    invalid time
10   exclusion condition violated
13   too many components
I10  implementation "not used" data element present
I12  implementation pattern match failure
==== ===============================================

Values are quoted only for code elements (ID), never for names, numbers or dates, which may be
a patient's. Numbers, amounts, dates and times are judged by :mod:`edi.x12.values` (ASCII digits,
X12's R and N forms, real calendar dates); a monetary amount must also be one the ledger can
hold (IK403 5 beyond it, see :mod:`edi.x12.values`).
"""

from __future__ import annotations

from edi.x12 import quoting, values
from edi.x12.elementdefs import ElementDef, GuideElements, SegmentDef, SyntaxRule, value_at
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

Problem = tuple[str, int, int | None, str]
"""(IK403 code, element position, component position or None, message)."""

_MONEY_LENGTH = values.MAX_DIGITS
"""The maximum length of data element 782 (monetary amount, R 1/18), the only R element that
long: an R element of this length is an amount."""


def check_segment(seg: Segment, guide: GuideElements) -> list[Problem]:
    """The problems of ``seg`` at the loop the grammar placed it in (none for an unknown place)."""
    variants = guide.variants(seg.loop, seg.elements[0])
    if not variants:
        return []
    component = seg.delimiters.component
    found = _variant(variants, seg.elements, component)
    if found is None:
        position, sub, _ = variants[0].key or (1, 0, frozenset())
        codes = ", ".join(sorted({c for v in variants if v.key for c in v.key[2]}))
        value = value_at(seg.elements, position, sub, component)
        where = f"{seg.elements[0]}{position:02d}" + (f"-{sub:02d}" if sub else "")
        shown = quoting.code_for(value, codes.split(", "))
        message = f"{where} {shown} is not one of the codes this segment takes here ({codes})"
        return [("7", position, sub or None, message)]
    out: list[Problem] = []
    _check(seg.elements, found, component, out)
    return out


def report(seg: Segment, guide: GuideElements, findings: Findings, base: Location) -> None:
    """:func:`check_segment`, each problem an error finding located from ``base``."""
    for code, element, comp, message in check_segment(seg, guide):
        findings.error(
            "IK403",
            code,
            message,
            base.at(seg, element=element, component=comp),
        )


def _variant(variants: tuple[SegmentDef, ...], elements: list[str], comp: str) -> SegmentDef | None:
    for variant in variants:
        if variant.matches(elements, comp):
            return variant
    return None


def _check(elements: list[str], spec: SegmentDef, component: str, out: list[Problem]) -> None:
    defs = spec.elements
    count = len(defs)
    for position in range(1, len(elements)):
        value = elements[position]
        if position > count:
            if value:
                out.append(
                    ("3", position, None, f"{spec.id} has more data elements than the guide's")
                )
                return
            continue
        element = defs[position - 1]
        if element is None:
            if value:
                out.append(
                    ("3", position, None, f"{spec.id}{position:02d} is not an element of {spec.id}")
                )
        elif value:
            if element.usage != "N":  # the quick ways out for a used element
                codes = element.codes
                if codes is not None and value in codes:
                    continue
                if element.plain and element.min_len <= len(value) <= element.max_len:
                    continue
            _element(element, value, position, component, out)
        elif element.usage == "R":
            _element(element, value, position, component, out)
    for position in range(len(elements), count + 1):  # elements the segment stops short of
        element = defs[position - 1]
        if element is not None and element.usage == "R":
            _element(element, "", position, component, out)
    if spec.id == "DTP":
        _period(elements, out)
    reported = {problem[1] for problem in out}
    for rule in spec.rules:
        _syntax(spec, rule, elements, out, reported)


def _period(elements: list[str], out: list[Problem]) -> None:
    """DTP03 in the format DTP02 names: D8 a date, RD8 two dates joined by a dash, DT a date
    and a time (CCYYMMDDHHMM: IK403 8 for the date, 9 for the time), TM a time (HHMM)."""
    if len(elements) < 4 or not elements[3]:
        return
    form, value = elements[2], elements[3]
    if form == "D8":
        good = values.date8(value) is not None
    elif form == "RD8":
        good = values.date_range(value) is not None
    elif form == "DT":
        good = len(value) == 12 and values.date8(value[:8]) is not None
        if good and values.time(value[8:], 4) is None:
            out.append(("9", 3, None, "DTP03 (Date Time Period) is not a valid DT time (HHMM)"))
            return
    elif form == "TM":
        if values.time(value, 4) is None:
            out.append(("9", 3, None, "DTP03 (Date Time Period) is not a valid time (HHMM)"))
        return
    else:
        return
    if not good:
        out.append(("8", 3, None, f"DTP03 (Date Time Period) is not a valid {form} date"))


def _element(
    element: ElementDef, value: str, position: int, component: str, out: list[Problem]
) -> None:
    if not value:
        if element.usage == "R":
            out.append(("1", position, None, f"{element.ref} ({element.name}) is required"))
        return
    if element.usage == "N":
        out.append(("I10", position, None, f"{element.ref} ({element.name}) is not used here"))
        return
    parts = element.components
    if parts is None:
        problem = _value(element, value)
        if problem is not None:
            out.append((problem[0], position, None, problem[1]))
        return
    values = value.split(component)
    if len(values) > len(parts):
        out.append(("13", position, None, f"{element.ref} has more components than the guide's"))
    for sub, spec in enumerate(parts, 1):
        if spec is None:
            continue
        part = values[sub - 1] if sub <= len(values) else ""
        if not part:
            if spec.usage == "R":
                out.append(("1", position, sub, f"{spec.ref} ({spec.name}) is required"))
        elif spec.usage == "N":
            out.append(("I10", position, sub, f"{spec.ref} ({spec.name}) is not used here"))
        else:
            problem = _value(spec, part)
            if problem is not None:
                out.append((problem[0], position, sub, problem[1]))


def _value(element: ElementDef, value: str) -> tuple[str, str] | None:
    """The first problem of one non-empty simple value, as (code, message)."""
    codes = element.codes
    if codes is not None and value in codes:
        return None
    kind = element.data_type
    ref = element.ref
    if kind == "R":
        if not values.decimal_form(value):
            return "6", f"{ref} ({element.name}) must be a decimal number"
        size = len(value) - value.count(".") - (1 if value.startswith("-") else 0)
    elif kind[0] == "N":
        if not values.whole_form(value):
            return "6", f"{ref} ({element.name}) must be a whole number of implied decimals"
        size = len(value) - (1 if value.startswith("-") else 0)
    else:
        size = len(value)
    if size < element.min_len:
        return "4", f"{ref} ({element.name}) is shorter than {element.min_len} characters"
    if size > element.max_len:
        return "5", f"{ref} ({element.name}) is longer than {element.max_len} characters"
    if kind == "R" and element.max_len == _MONEY_LENGTH:
        problem = values.money_problem(value, element.max_len)
        if problem is not None:
            return problem.code, f"{ref} ({element.name}) {problem.reason}"
    if kind == "DT" and values.date(value) is None:
        return "8", f"{ref} ({element.name}) is not a valid date"
    if kind == "TM" and values.time(value) is None:
        return "9", f"{ref} ({element.name}) is not a valid time"
    if codes is not None:
        shown = ", ".join(sorted(codes)[:12])
        more = ", …" if len(codes) > 12 else ""
        found = quoting.code_for(value, codes)
        return "7", f"{ref} {found} is not a code this element takes here ({shown}{more})"
    if element.pattern is not None and not element.pattern.fullmatch(value):
        return "I12", f"{ref} ({element.name}) does not have the form the guide requires"
    return None


def _syntax(
    spec: SegmentDef, rule: SyntaxRule, elements: list[str], out: list[Problem], reported: set[int]
) -> None:
    """One syntax rule; not again for an element already reported (a required one missing)."""
    if reported.intersection(rule.positions):
        return
    size = len(elements)
    present = [p < size and elements[p] != "" for p in rule.positions]
    kind = rule.kind
    if kind == "P" and any(present) and not all(present):
        missing = rule.positions[present.index(False)]
        out.append(
            ("2", missing, None, f"{_names(spec, rule)} go together: all or none ({rule.text})")
        )
    elif kind == "R" and not any(present):
        out.append(
            (
                "2",
                rule.positions[0],
                None,
                f"at least one of {_names(spec, rule)} is required ({rule.text})",
            )
        )
    elif kind == "E" and sum(present) > 1:
        second = rule.positions[[i for i, p in enumerate(present) if p][1]]
        out.append(
            ("10", second, None, f"only one of {_names(spec, rule)} may be present ({rule.text})")
        )
    elif kind == "C" and present[0] and not all(present[1:]):
        missing = rule.positions[1 + present[1:].index(False)]
        out.append(
            (
                "2",
                missing,
                None,
                f"{_names(spec, rule)}: the first requires the others ({rule.text})",
            )
        )
    elif kind == "L" and present[0] and not any(present[1:]):
        out.append(
            (
                "2",
                rule.positions[1],
                None,
                f"{_names(spec, rule)}: the first requires one other ({rule.text})",
            )
        )


def _names(spec: SegmentDef, rule: SyntaxRule) -> str:
    return ", ".join(f"{spec.id}{p:02d}" for p in rule.positions)
