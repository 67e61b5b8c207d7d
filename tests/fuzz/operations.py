"""The mutations: segment, element, envelope and delimiter changes on a :class:`Shape`, and
byte-level ones on the rendered bytes. Each draws from the ``random.Random`` it is given.

A shape mutation may take material from other seeds through a :class:`Donor` (the mutator).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol

from tests.fuzz.seeds import Seed
from tests.fuzz.shape import BOM, Shape
from tests.fuzz.values import (
    BIG_REPEAT_COUNTS,
    CORE_HOSTILE,
    DELIMITER_CHOICES,
    HOSTILE,
    REPEAT_COUNTS,
    REPEATED,
    SPECIAL_BYTES,
    TRANSACTIONS,
)


class Donor(Protocol):
    def pick(self, rng: random.Random) -> Seed: ...

    def shape(self, seed: Seed) -> Shape: ...


Op = Callable[[random.Random, Shape, Donor], None]


def repair_counts(shape: Shape) -> None:
    """Make SE01/SE02, GE01/GE02 and IEA01/IEA02 agree with what the mutant now holds."""
    st_at: int | None = None
    numbers = {b"ISA": b"", b"GS": b"", b"ST": b""}  # control numbers of the open headers
    sets = groups = 0
    for i in range(len(shape.segments)):
        segment_id = shape.segment_id(i)
        elements = shape.elements(i)
        if segment_id in HEADER_CONTROL:
            at = HEADER_CONTROL[segment_id]
            numbers[segment_id] = elements[at].strip() if len(elements) > at else b""
        if segment_id == b"ISA":
            groups = 0
        elif segment_id == b"GS":
            groups, sets = groups + 1, 0
        elif segment_id == b"ST":
            st_at, sets = i, sets + 1
        elif segment_id == b"SE" and st_at is not None:
            _trailer(shape, i, elements, i - st_at + 1, numbers[b"ST"])
            st_at = None
        elif segment_id == b"GE":
            _trailer(shape, i, elements, sets, numbers[b"GS"])
        elif segment_id == b"IEA":
            _trailer(shape, i, elements, groups, numbers[b"ISA"])


HEADER_CONTROL = {b"ISA": 13, b"GS": 6, b"ST": 2}


def _trailer(shape: Shape, i: int, elements: list[bytes], count: int, number: bytes) -> None:
    elements[1:3] = [str(count).encode(), number]
    shape.set_elements(i, elements)


# -- segment and element mutations -------------------------------------------------------


def _index(rng: random.Random, shape: Shape) -> int | None:
    return rng.randrange(len(shape.segments)) if shape.segments else None


def delete_segments(rng: random.Random, shape: Shape, _: Donor) -> None:
    i = _index(rng, shape)
    if i is not None:
        del shape.segments[i : i + rng.choice((1, 1, 1, 2, 5, 20))]


def duplicate_segment(rng: random.Random, shape: Shape, _: Donor) -> None:
    i = _index(rng, shape)
    if i is not None:
        shape.segments[i:i] = [shape.segments[i]] * rng.choice((1, 1, 2, 3))


def swap_segments(rng: random.Random, shape: Shape, _: Donor) -> None:
    i, j = _index(rng, shape), _index(rng, shape)
    if i is not None and j is not None:
        shape.segments[i], shape.segments[j] = shape.segments[j], shape.segments[i]


def move_segment(rng: random.Random, shape: Shape, _: Donor) -> None:
    i, j = _index(rng, shape), _index(rng, shape)
    if i is not None and j is not None:
        shape.segments.insert(j, shape.segments.pop(i))


def repeat_segment(rng: random.Random, shape: Shape, _: Donor) -> None:
    """Many copies of one segment: an existing one, or a numbered template like HL*n*1*22*0."""
    count = rng.choice(BIG_REPEAT_COUNTS if rng.random() < 0.05 else REPEAT_COUNTS)
    at = _index(rng, shape) or 0
    if shape.segments and rng.random() < 0.4:
        copies = [shape.segments[at]] * count
    else:
        template = rng.choice(REPEATED).replace(b"*", shape.element)
        copies = [template.replace(b"{n}", str(n + 1).encode()) for n in range(count)]
    shape.segments[at:at] = copies


def _element_slot(rng: random.Random, shape: Shape) -> tuple[int, list[bytes], int] | None:
    i = _index(rng, shape)
    if i is None:
        return None
    elements = shape.elements(i)
    return i, elements, rng.randrange(1, len(elements) + 1) if len(elements) > 1 else 1


def hostile_element(rng: random.Random, shape: Shape, _: Donor) -> None:
    slot = _element_slot(rng, shape)
    if slot is None:
        return
    i, elements, e = slot
    roll = rng.random()
    if roll < 0.08:
        value = b"A" * rng.choice((1000, 20_000, 200_000))
    elif roll < 0.16:
        value = rng.choice(HOSTILE) + shape.component + rng.choice(HOSTILE)
    else:
        value = rng.choice(HOSTILE)
    if e < len(elements) and shape.component in elements[e] and rng.random() < 0.5:
        components = elements[e].split(shape.component)
        components[rng.randrange(len(components))] = value
        value = shape.component.join(components)
    elements[e:] = [value, *elements[e + 1 :]]
    shape.set_elements(i, elements)


def hostile_elements(rng: random.Random, shape: Shape, _: Donor) -> None:
    """Many elements at once, each given one of the values that break conversions."""
    for _count in range(rng.choice((2, 5, 10, 30))):
        slot = _element_slot(rng, shape)
        if slot is None:
            return
        i, elements, e = slot
        if e < len(elements) and shape.segment_id(i) != b"ISA":
            components = elements[e].split(shape.component)
            components[rng.randrange(len(components))] = rng.choice(CORE_HOSTILE)
            elements[e] = shape.component.join(components)
            shape.set_elements(i, elements)


def borrow_element(rng: random.Random, shape: Shape, mutator: Donor) -> None:
    """An element taken from the same segment ID in another seed."""
    slot = _element_slot(rng, shape)
    if slot is None:
        return
    i, elements, e = slot
    other = mutator.shape(mutator.pick(rng))
    donors = other.find(shape.segment_id(i))
    if donors:
        theirs = other.elements(rng.choice(donors))
        if e < len(theirs):
            elements[e:] = [theirs[e], *elements[e + 1 :]]
            shape.set_elements(i, elements)


def resize_elements(rng: random.Random, shape: Shape, _: Donor) -> None:
    slot = _element_slot(rng, shape)
    if slot is None:
        return
    i, elements, e = slot
    if rng.random() < 0.5:
        del elements[max(e, 1) :]
    else:
        elements.extend([rng.choice((b"", b"1", b"X"))] * rng.choice((1, 2, 30)))
    shape.set_elements(i, elements)


def retype(rng: random.Random, shape: Shape, _: Donor) -> None:
    """ST01/ST03 and GS01/GS08 of another transaction, so its reader reads this body."""
    set_id, implementation, functional = rng.choice(TRANSACTIONS)
    for i in shape.find(b"ST"):
        elements = shape.elements(i)
        elements[1:2] = [set_id]
        if len(elements) > 3:
            elements[3] = implementation
        shape.set_elements(i, elements)
    for i in shape.find(b"GS"):
        elements = shape.elements(i)
        if len(elements) > 8:
            elements[1], elements[8] = functional, implementation
            shape.set_elements(i, elements)


def splice(rng: random.Random, shape: Shape, mutator: Donor) -> None:
    """The head of this file and the tail of another."""
    other = mutator.shape(mutator.pick(rng))
    cut = rng.randrange(len(shape.segments) + 1)
    theirs = rng.randrange(len(other.segments) + 1)
    shape.segments[cut:] = other.segments[theirs:]


def foreign_segment(rng: random.Random, shape: Shape, mutator: Donor) -> None:
    other = mutator.shape(mutator.pick(rng))
    if other.segments:
        at = rng.randrange(len(shape.segments) + 1)
        start = rng.randrange(len(other.segments))
        shape.segments[at:at] = other.segments[start : start + rng.choice((1, 1, 3, 10))]


def body_delimiter(rng: random.Random, shape: Shape, _: Donor) -> None:
    """One delimiter inside a segment becomes another (or a stray one appears)."""
    i = _index(rng, shape)
    if i is None:
        return
    delimiters = (shape.element, shape.component, shape.repetition, shape.terminator)
    segment = shape.segments[i]
    new = rng.choice(delimiters + DELIMITER_CHOICES[:6])
    hits = [p for p, b in enumerate(segment) if bytes([b]) in delimiters]
    if hits and rng.random() < 0.7:
        p = rng.choice(hits)
        shape.segments[i] = segment[:p] + new + segment[p + 1 :]
    else:
        p = rng.randrange(len(segment) + 1)
        shape.segments[i] = segment[:p] + new + segment[p:]


def isa_delimiter(rng: random.Random, shape: Shape, _: Donor) -> None:
    """Change one delimiter the ISA declares (element, repetition, component or terminator)."""
    isas = shape.find(b"ISA")
    if not isas:
        return
    i = rng.choice(isas)
    segment = shape.segments[i]
    start = segment.find(b"ISA")
    seps = [p for p in range(start + 3, len(segment)) if segment[p : p + 1] == shape.element]
    choices = [start + 3]
    if len(seps) >= 12:
        choices.append(seps[10] + 1)
    if len(seps) >= 16:
        choices.append(seps[15] + 1)
    p = rng.choice(choices)
    new = rng.choice(DELIMITER_CHOICES)
    if p < len(segment):
        shape.segments[i] = segment[:p] + new + segment[p + 1 :]
    if rng.random() < 0.3:
        shape.terminator = rng.choice(DELIMITER_CHOICES)  # the whole file follows


def redelimit(rng: random.Random, shape: Shape, _: Donor) -> None:
    """Every element (or component, or terminator) delimiter of the file becomes another."""
    which = rng.choice(("element", "component", "terminator"))
    new = rng.choice(DELIMITER_CHOICES)
    old = getattr(shape, which)
    if which == "terminator":
        shape.terminator = new
        return
    shape.segments = [s.replace(old, new) for s in shape.segments]
    setattr(shape, which, new)


def line_endings(rng: random.Random, shape: Shape, _: Donor) -> None:
    """CRLF, indentation, blank lines or a BOM, as editors and other systems write them."""
    roll = rng.random()
    if roll < 0.4:
        shape.segments = [b"\r\n" + s.lstrip(b"\r\n") for s in shape.segments]
    elif roll < 0.6:
        shape.segments = [b"\n    " + s.lstrip(b"\r\n ") for s in shape.segments]
    elif roll < 0.8 and shape.segments:
        shape.segments[0] = BOM + shape.segments[0]
    else:
        shape.tail += rng.choice((b"\n\n\n", b"\x00", b"\x1a", b"   ", b"\r\n\r\n"))


SHAPE_OPS: tuple[tuple[str, Op], ...] = (
    ("delete_segments", delete_segments),
    ("duplicate_segment", duplicate_segment),
    ("swap_segments", swap_segments),
    ("move_segment", move_segment),
    ("repeat_segment", repeat_segment),
    ("hostile_element", hostile_element),
    ("hostile_element", hostile_element),
    ("hostile_elements", hostile_elements),
    ("hostile_elements", hostile_elements),
    ("hostile_elements", hostile_elements),
    ("borrow_element", borrow_element),
    ("resize_elements", resize_elements),
    ("retype", retype),
    ("splice", splice),
    ("foreign_segment", foreign_segment),
    ("body_delimiter", body_delimiter),
    ("isa_delimiter", isa_delimiter),
    ("redelimit", redelimit),
    ("line_endings", line_endings),
)

# -- byte mutations ----------------------------------------------------------------------


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    buffer = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 8))):
        buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    p = rng.randrange(len(data) + 1)
    if rng.random() < 0.7:
        new = rng.choice(SPECIAL_BYTES)
    else:
        new = bytes(rng.randrange(256) for _ in range(rng.choice((1, 4, 16))))
    return data[:p] + new + data[p:]


def delete_range(rng: random.Random, data: bytes) -> bytes:
    p = rng.randrange(len(data) + 1)
    return data[:p] + data[p + rng.choice((1, 2, 10, 100)) :]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    p = rng.randrange(len(data) + 1)
    return data[:p] + data[p : p + rng.choice((5, 50, 500))] + data[p:]


BYTE_OPS: tuple[tuple[str, Callable[[random.Random, bytes], bytes]], ...] = (
    ("truncate", truncate),
    ("truncate", truncate),
    ("flip_bits", flip_bits),
    ("insert_bytes", insert_bytes),
    ("insert_bytes", insert_bytes),
    ("delete_range", delete_range),
    ("duplicate_range", duplicate_range),
)
