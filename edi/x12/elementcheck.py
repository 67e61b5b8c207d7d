"""The one element checker: a segment's values against its definition in the guide (999 IK4).

Every reader (835, 999, 997, TA1, 277CA, 277, 837P, 837I) applies it to each segment at the
loop the grammar placed it in, with the shipped guide data of its kind
(:func:`edi.x12.elementdefs.guide_elements`). Each problem is an IK403 finding located at the
element (and component, and repetition), with the 999 code:

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
12   too many repetitions
13   too many components
I10  implementation "not used" data element present
I12  implementation pattern match failure
==== ===============================================

Messages name the element by its reference (``BPR16``, ``SVC01-01``), say what was expected and
describe what was found. Values are quoted only for code elements (ID), never for names,
numbers or dates, which may be a patient's. Numbers, amounts, dates and times are judged by
:mod:`edi.x12.values` (ASCII digits, X12's R and N forms, real calendar dates); a monetary
amount must also be one the ledger can hold (IK403 5 beyond it, see :mod:`edi.x12.values`).

It is cheap per segment: the plan of each (loop, segment) is built once when the guide data is
read, a code or plain text element within its lengths is passed with two tests, and a segment
without problems allocates nothing but the empty result.
"""

from __future__ import annotations

import re
from collections.abc import Container

from edi.x12 import quoting, values
from edi.x12.elementdefs import (
    AMOUNT,
    CODES,
    COMPOSITE,
    DATE,
    DECIMAL,
    MONEY_LENGTH,
    PATTERN,
    TEXT,
    TIME,
    WHOLE,
    ElementDef,
    GuideElements,
    Plan,
    SegmentDef,
    Step,
    SyntaxRule,
    ValueRule,
    value_at,
)
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

Problem = tuple[str, int, int | None, str]
"""(IK403 code, element position, component position or None, message)."""

Located = tuple[str, int, int | None, int | None, str]
"""(IK403 code, element position, component or None, repetition or None, message)."""

_MONEY_LENGTH = MONEY_LENGTH

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""Characters no X12 element may hold (the basic and extended character sets are printable)."""

_NPI_PREFIX = "80840"
"""The card issuer prefix the NPI's Luhn check digit is computed with (ISO 7812)."""


def check_segment(seg: Segment, guide: GuideElements) -> list[Problem]:
    """The problems of ``seg`` at the loop the grammar placed it in (none for an unknown place)."""
    return [
        (code, element, comp, message) for code, element, comp, _, message in problems(seg, guide)
    ]


def problems(seg: Segment, guide: GuideElements, displaced: Container[int] = ()) -> list[Located]:
    """:func:`check_segment` with the repetition each problem is in. A segment recovery moved
    (its ordinal in ``displaced``: the parser reported it out of place) that matches no variant
    of the loop it was put in is not judged by that loop: the structural finding at it is the
    one problem, and a qualifier foreign to the loop is its consequence."""
    elements = seg.elements
    places = guide.lookup.get(seg.loop)
    place = places.get(elements[0]) if places is not None else None
    if place is None:
        return []
    delimiters = seg.delimiters
    component = delimiters.component
    repetition = delimiters.repetition or ""
    found = place.single
    if found is None:
        position = place.position
        found = place.table.get(elements[position] if position < len(elements) else "")
        if found is None:
            found = _variant(place.variants, elements, component, repetition)
            if found is None:
                if seg.ordinal in displaced:
                    return []
                return [_no_variant(place.variants, elements, component)]
    plan = found.plan
    if plan is not None and _clean(elements, plan, found, component, repetition):
        return []
    out: list[Located] = []
    _check(seg, found, out)
    return out


def _no_variant(variants: tuple[SegmentDef, ...], elements: list[str], component: str) -> Located:
    """One IK403 7 at the qualifier of a segment that matches none of its place's variants (a
    CTX of another loop, a DTP with another qualifier): its other elements are not judged, as
    no definition of them applies."""
    position, sub, _ = variants[0].key or (1, 0, frozenset())
    codes = sorted({c for v in variants if v.key for c in v.key[2]})
    value = value_at(elements, position, sub, component)
    where = f"{elements[0]}{position:02d}" + (f"-{sub:02d}" if sub else "")
    shown = quoting.code_for(value, codes)
    listed = ", ".join(codes)
    message = f"{where} {shown} is not one of the codes this segment takes here ({listed})"
    return ("7", position, sub or None, None, message)


def report(
    seg: Segment,
    guide: GuideElements,
    findings: Findings,
    base: Location,
    displaced: Container[int] = (),
) -> None:
    """:func:`problems`, each an error finding located from ``base`` (none for a segment the
    parser assumed: it is missing, and the parser said so). ``displaced``: the ordinals of the
    segments the parser reported out of place (see :func:`problems`)."""
    if not seg.ordinal:
        return
    elements = seg.elements
    if len(elements) > 1 and not elements[-1]:
        trailing(seg, findings, base)
    for code, element, comp, repetition, message in problems(seg, guide, displaced):
        findings.error(
            "IK403",
            code,
            message,
            base.at(seg, element=element, component=comp, repetition=repetition),
        )


def trailing(seg: Segment, findings: Findings, base: Location) -> None:
    """IK304 8 for a segment that ends in element separators: X12 (X12.6, and the TR3s' B.1.1.3.1)
    forbids trailing delimiters, and a receiver may refuse the file for them."""
    elements = seg.elements
    empty = len(elements) - 1
    while empty > 1 and not elements[empty - 1]:
        empty -= 1
    count = len(elements) - empty
    after = f"after {elements[0]}{empty - 1:02d}" if empty > 1 else "and no data"
    findings.error(
        "IK304",
        "8",
        f"{elements[0]} ends with {count} empty element{'s' if count > 1 else ''} "
        f"({after}); X12 forbids trailing element separators: end the segment at its last "
        "element with data",
        base.at(seg, element=empty),
    )


def _variant(
    variants: tuple[SegmentDef, ...], elements: list[str], comp: str, rep: str
) -> SegmentDef | None:
    for variant in variants:
        if variant.matches(elements, comp, rep):
            return variant
    return None


# -- the quick pass: whether a segment is clean, without building a message -------------------

_AMOUNT = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,2})?")
"""Amounts the ledger can hold in their plain form (see :func:`edi.x12.values.money`)."""

_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""Decimal numbers in their plain form; others (``5.``, ``.5``) go to the full check."""

_SEEN_LIMIT = 4096
"""At most this many dates and times are remembered as valid: a file has few distinct ones."""

_DATES: set[str] = set()
_TIMES: set[str] = set()
_NPIS: set[str] = set()


def _clean(
    elements: list[str], plan: Plan, spec: SegmentDef, component: str, repetition: str
) -> bool:
    """Whether the full check would find nothing: each element passes its step's quick test,
    required ones are present, the syntax rules hold on the positions present, and the DTP
    period and overlay rules pass. Any doubt is False, and the full check decides."""
    size = len(elements)
    steps = plan.steps
    count = len(steps)
    if size <= plan.last_required:
        return False
    present = 0
    for position in range(1, size):
        value = elements[position]
        if position > count:
            if value:
                return False
            continue
        step = steps[position - 1]
        if not value:
            if step.required:
                return False
            continue
        present |= 1 << position
        kind = step.kind
        if kind == CODES:
            codes = step.codes
            if codes is not None and value in codes:
                continue
            return False
        if kind == TEXT:
            if step.min_len <= len(value) <= step.max_len and value.isprintable():
                if step.repeats and repetition and repetition in value:
                    return False
                continue
            return False
        if step.repeats and repetition and repetition in value:
            return False
        if kind == COMPOSITE:
            if not _composite(value, step.parts, component):
                return False
        elif not _fits(step, value):
            return False
    for rule, every, first, rest in plan.masks:
        found = present & every
        if rule == "P":
            if found and found != every:
                return False
        elif rule == "R":
            if not found:
                return False
        elif rule == "E":
            if found & (found - 1):
                return False
        elif rule == "C":
            if found & first and found & rest != rest:
                return False
        elif rule == "L" and found & first and not found & rest:
            return False
    if plan.period and not _period_clean(elements):
        return False
    return not spec.values or _values_clean(spec, elements, component)


def _composite(value: str, parts: tuple[Step, ...], component: str) -> bool:
    found = value.split(component) if component in value else [value]
    if len(found) > len(parts):
        return False
    for index, step in enumerate(parts):
        part = found[index] if index < len(found) else ""
        if not part:
            if step.required:
                return False
            continue
        if step.kind == CODES:
            codes = step.codes
            if codes is None or part not in codes:
                return False
        elif step.kind == COMPOSITE or not _fits(step, part):
            return False
    return True


def _fits(step: Step, value: str) -> bool:
    """The quick test of one non-empty simple value by its step (not CODES or COMPOSITE)."""
    kind = step.kind
    size = len(value)
    if kind == CODES:
        return step.codes is not None and value in step.codes
    if kind == TEXT:
        return step.min_len <= size <= step.max_len and value.isprintable()
    if kind == AMOUNT:
        return _AMOUNT.fullmatch(value) is not None
    if kind == DECIMAL:
        return size <= step.max_len and _DECIMAL.fullmatch(value) is not None
    if kind == WHOLE:
        return step.min_len <= size <= step.max_len and value.isascii() and value.isdigit()
    if kind == DATE:
        return step.min_len <= size <= step.max_len and _valid_date(value)
    if kind == TIME:
        return step.min_len <= size <= step.max_len and _valid_time(value)
    if kind == PATTERN:
        pattern = step.pattern
        return (
            step.min_len <= size <= step.max_len
            and value.isprintable()
            and pattern is not None
            and pattern.fullmatch(value) is not None
        )
    return False


def _valid_date(value: str) -> bool:
    return value in _DATES or _remember(value, _DATES, values.date(value) is not None)


def _valid_time(value: str) -> bool:
    return value in _TIMES or _remember(value, _TIMES, values.time(value) is not None)


def _remember(value: str, seen: set[str], valid: bool) -> bool:
    """``valid``, keeping a valid ``value`` in ``seen`` (up to :data:`_SEEN_LIMIT` of them)."""
    if valid and len(seen) < _SEEN_LIMIT:
        seen.add(value)
    return valid


def _period_clean(elements: list[str]) -> bool:
    """DTP03 in the two forms nearly every DTP has (D8, RD8); others go to the full check."""
    if len(elements) < 4 or not elements[3]:
        return True
    form, value = elements[2], elements[3]
    if form == "D8":
        return len(value) == 8 and _valid_date(value)
    if form == "RD8":
        return (
            len(value) == 17
            and value[8] == "-"
            and _valid_date(value[:8])
            and _valid_date(value[9:])
        )
    return False


def _values_clean(spec: SegmentDef, elements: list[str], component: str) -> bool:
    """Whether the overlay's rules (:func:`_values`) pass."""
    for rule, _, value in _applicable(spec, elements, component):
        if rule.kind == "npi":
            if value not in _NPIS:
                if not npi_valid(value):
                    return False
                if len(_NPIS) < _SEEN_LIMIT:
                    _NPIS.add(value)
        elif value and value not in rule.codes:
            return False
    return True


def _check(seg: Segment, spec: SegmentDef, out: list[Located]) -> None:
    elements = seg.elements
    component = seg.delimiters.component
    defs = spec.elements
    count = len(defs)
    for position in range(1, len(elements)):
        value = elements[position]
        if position > count:
            if value:
                out.append(
                    (
                        "3",
                        position,
                        None,
                        None,
                        f"{spec.id} has more data elements than the guide's",
                    )
                )
                return
            continue
        element = defs[position - 1]
        if element is None:
            if value:
                out.append(
                    (
                        "3",
                        position,
                        None,
                        None,
                        f"{spec.id}{position:02d} is not an element of {spec.id}",
                    )
                )
        elif value:
            if element.usage != "N":  # the quick ways out for a used element
                codes = element.codes
                if codes is not None and value in codes:
                    continue
                if element.plain and element.min_len <= len(value) <= element.max_len:
                    continue
            _repeated(element, value, position, seg, out)
        elif element.usage == "R":
            _element(element, value, position, component, None, out)
    for position in range(len(elements), count + 1):  # elements the segment stops short of
        element = defs[position - 1]
        if element is not None and element.usage == "R":
            _element(element, "", position, component, None, out)
    if spec.id == "DTP":
        _period(elements, out)
    if spec.values:
        _values(spec, elements, component, out)
    if _CONTROL.search(seg.delimiters.element.join(elements)) is not None:
        _control(elements, out)
    reported = {problem[1] for problem in out}
    for rule in spec.rules:
        _syntax(spec, rule, elements, out, reported)


def _repeated(
    element: ElementDef, value: str, position: int, seg: Segment, out: list[Located]
) -> None:
    """A value that may hold repetitions (CTX01, DMG05): each checked on its own, and at most
    the guide's count of them (IK403 12 beyond it)."""
    separator = seg.delimiters.repetition
    component = seg.delimiters.component
    if element.repeat == 1 or not separator or separator not in value:
        _element(element, value, position, component, None, out)
        return
    parts = value.split(separator)
    if element.repeat and len(parts) > element.repeat:
        out.append(
            (
                "12",
                position,
                None,
                element.repeat + 1,
                f"{element.ref} ({element.name}) has {len(parts)} repetitions, "
                f"at most {element.repeat}",
            )
        )
    for number, part in enumerate(parts, 1):
        _element(element, part, position, component, number, out)


def _period(elements: list[str], out: list[Located]) -> None:
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
            found = quoting.describe(value)
            message = f"DTP03 is not a real date and time ({found} found; CCYYMMDDHHMM expected)"
            out.append(("9", 3, None, None, message))
            return
    elif form == "TM":
        if values.time(value, 4) is None:
            out.append(("9", 3, None, None, f"DTP03 {_not_a_time(value, 4)}"))
        return
    else:
        return
    if not good:
        expected = _PERIODS[form]
        found = quoting.describe(value)
        message = f"DTP03 is not a real {expected[0]} ({found} found; {expected[1]} expected)"
        out.append(("8", 3, None, None, message))


_PERIODS = {
    "D8": ("date", "a calendar date, CCYYMMDD"),
    "RD8": ("date range", "two calendar dates, CCYYMMDD-CCYYMMDD"),
    "DT": ("date and time", "a calendar date and time, CCYYMMDDHHMM"),
}
"""What DTP03 must hold for each DTP02 format qualifier with a date: (what, its form)."""


def _not_a_date(value: str, size: int) -> str:
    """Why a DT value is wrong: what was found (never the value: it may be a birth date) and
    what was expected."""
    form = "CCYYMMDD" if size >= 8 else "YYMMDD"
    return f"is not a real date ({quoting.describe(value)} found; a calendar date, {form} expected)"


def _not_a_time(value: str, size: int) -> str:
    """Why a TM value is wrong, as :func:`_not_a_date`."""
    forms = "HHMM" if size < 6 else "HHMM, HHMMSS or HHMMSSD..D"
    return f"is not a real time ({quoting.describe(value)} found; a 24-hour {forms} expected)"


def _values(spec: SegmentDef, elements: list[str], component: str, out: list[Located]) -> None:
    """The overlay's rules over values (an NPI's check digit, a state code), not again for an
    element already reported."""
    for rule, position, value in _applicable(spec, elements, component):
        if any(p[1] == position for p in out):
            continue
        ref = f"{spec.id}{position:02d}" + (f"-{rule.component:02d}" if rule.component else "")
        if rule.kind == "npi":
            if not npi_valid(value):
                out.append(
                    (
                        "I12",
                        position,
                        None,
                        None,
                        f"{ref} ({quoting.describe(value)}) is not {rule.what}",
                    )
                )
        elif value and value not in rule.codes:
            shown = (
                quoting.code_for(value, rule.codes)
                if rule.quote
                else f"({quoting.describe(value)})"
            )
            out.append(
                ("7", position, rule.component or None, None, f"{ref} {shown} is not {rule.what}")
            )


def _applicable(
    spec: SegmentDef, elements: list[str], component: str
) -> list[tuple[ValueRule, int, str]]:
    """The overlay rules of ``spec`` that apply to this segment (their element present, their
    qualifier element one of theirs), each with its element position and value."""
    size = len(elements)
    found = []
    for rule in spec.values:
        position = rule.position
        if position >= size or not elements[position]:
            continue
        if rule.qualifier:
            qualifier = elements[rule.qualifier] if rule.qualifier < size else ""
            if qualifier not in rule.when:
                continue
        found.append((rule, position, value_at(elements, position, rule.component, component)))
    return found


def npi_valid(value: str) -> bool:
    """Whether ``value`` is an NPI: 10 ASCII digits, the last the Luhn check digit of
    ``80840`` followed by the first nine."""
    if len(value) != 10 or not values.is_digits(value):
        return False
    total = 0
    for index, char in enumerate(reversed(_NPI_PREFIX + value[:9])):
        digit = ord(char) - 48
        if index % 2 == 0:  # from the right, every other digit doubled, the rightmost first
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == ord(value[9]) - 48


def _control(elements: list[str], out: list[Located]) -> None:
    """IK403 6 for each element holding a control character (not again for one reported)."""
    reported = {p[1] for p in out}
    for position in range(1, len(elements)):
        if position not in reported and _CONTROL.search(elements[position]) is not None:
            out.append(
                (
                    "6",
                    position,
                    None,
                    None,
                    f"{elements[0]}{position:02d} holds a control character",
                )
            )


def _element(
    element: ElementDef,
    value: str,
    position: int,
    component: str,
    repetition: int | None,
    out: list[Located],
) -> None:
    if not value:
        if element.usage == "R":
            out.append(
                ("1", position, None, repetition, f"{element.ref} ({element.name}) is required")
            )
        return
    if element.usage == "N":
        out.append(
            ("I10", position, None, repetition, f"{element.ref} ({element.name}) is not used here")
        )
        return
    parts = element.components
    if parts is None:
        problem = _value(element, value)
        if problem is not None:
            out.append((problem[0], position, None, repetition, problem[1]))
        return
    found = value.split(component)
    if len(found) > len(parts):
        out.append(
            (
                "13",
                position,
                None,
                repetition,
                f"{element.ref} has more components than the guide's",
            )
        )
    for sub, spec in enumerate(parts, 1):
        if spec is None:
            continue
        part = found[sub - 1] if sub <= len(found) else ""
        if not part:
            if spec.usage == "R":
                out.append(
                    ("1", position, sub, repetition, f"{spec.ref} ({spec.name}) is required")
                )
        elif spec.usage == "N":
            out.append(
                ("I10", position, sub, repetition, f"{spec.ref} ({spec.name}) is not used here")
            )
        else:
            problem = _value(spec, part)
            if problem is not None:
                out.append((problem[0], position, sub, repetition, problem[1]))


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
        return "8", f"{ref} ({element.name}) {_not_a_date(value, element.max_len)}"
    if kind == "TM" and values.time(value) is None:
        return "9", f"{ref} ({element.name}) {_not_a_time(value, 8)}"
    if codes is not None:
        shown = ", ".join(sorted(codes)[:12])
        more = ", …" if len(codes) > 12 else ""
        found = quoting.code_for(value, codes)
        return "7", f"{ref} {found} is not a code this element takes here ({shown}{more})"
    if element.pattern is not None and not element.pattern.fullmatch(value):
        return "I12", f"{ref} ({element.name}) does not have the form the guide requires"
    return None


def _syntax(
    spec: SegmentDef, rule: SyntaxRule, elements: list[str], out: list[Located], reported: set[int]
) -> None:
    """One syntax rule; not again for an element already reported (a required one missing)."""
    size = len(elements)
    kind = rule.kind
    if kind in ("C", "L"):  # the quick way out: the conditioning element is absent
        first = rule.positions[0]
        if first >= size or not elements[first]:
            return
    if reported and reported.intersection(rule.positions):
        return
    present = [p < size and elements[p] != "" for p in rule.positions]
    if kind == "P" and any(present) and not all(present):
        missing = rule.positions[present.index(False)]
        out.append(
            (
                "2",
                missing,
                None,
                None,
                f"{_names(spec, rule)} go together: all or none ({rule.text})",
            )
        )
    elif kind == "R" and not any(present):
        out.append(
            (
                "2",
                rule.positions[0],
                None,
                None,
                f"at least one of {_names(spec, rule)} is required ({rule.text})",
            )
        )
    elif kind == "E" and sum(present) > 1:
        second = rule.positions[[i for i, p in enumerate(present) if p][1]]
        out.append(
            (
                "10",
                second,
                None,
                None,
                f"only one of {_names(spec, rule)} may be present ({rule.text})",
            )
        )
    elif kind == "C" and present[0] and not all(present[1:]):
        missing = rule.positions[1 + present[1:].index(False)]
        out.append(
            (
                "2",
                missing,
                None,
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
                None,
                f"{_names(spec, rule)}: the first requires one other ({rule.text})",
            )
        )


def _names(spec: SegmentDef, rule: SyntaxRule) -> str:
    return ", ".join(f"{spec.id}{p:02d}" for p in rule.positions)
