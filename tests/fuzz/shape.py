"""An X12 file as the fuzzer sees it: delimiters and a list of raw segments, bytes throughout.

The split is forgiving on purpose (broken input must still split somehow): the delimiters come
from the ISA when there is a readable one, else the usual ``*``, ``:``, ``^`` and ``~``.
Rendering a shape that was not changed gives back the original bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

WHITESPACE = b" \t\r\n"
BOM = b"\xef\xbb\xbf"


@dataclass
class Shape:
    element: bytes  # one byte each
    component: bytes
    repetition: bytes
    terminator: bytes
    segments: list[bytes]  # the text between terminators (leading line breaks kept)
    tail: bytes  # whatever follows the last terminator

    @classmethod
    def of(cls, data: bytes) -> Shape:
        element, component, repetition, terminator = delimiters(data)
        pieces = data.split(terminator)
        return cls(element, component, repetition, terminator, pieces[:-1], pieces[-1])

    def render(self) -> bytes:
        return self.terminator.join([*self.segments, self.tail])

    def segment_id(self, index: int) -> bytes:
        segment = self.segments[index].strip(WHITESPACE)
        if segment.startswith(BOM):
            segment = segment[len(BOM) :].lstrip(WHITESPACE)
        return segment.split(self.element, 1)[0]

    def elements(self, index: int) -> list[bytes]:
        return self.segments[index].split(self.element)

    def set_elements(self, index: int, elements: list[bytes]) -> None:
        self.segments[index] = self.element.join(elements)

    def find(self, segment_id: bytes) -> list[int]:
        return [i for i in range(len(self.segments)) if self.segment_id(i) == segment_id]

    def copy(self) -> Shape:
        return Shape(
            self.element,
            self.component,
            self.repetition,
            self.terminator,
            list(self.segments),
            self.tail,
        )


def delimiters(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """(element, component, repetition, terminator), from the ISA when it can be read."""
    body = data.lstrip(BOM + WHITESPACE)
    if body.startswith(BOM):
        body = body[len(BOM) :].lstrip(WHITESPACE)
    if body.startswith(b"ISA") and len(body) > 4:
        element = body[3:4]
        seps = [i for i, b in enumerate(body[:200]) if b == body[3]]
        if len(seps) >= 16 and seps[15] + 2 < len(body):
            component = body[seps[15] + 1 : seps[15] + 2]
            terminator = body[seps[15] + 2 : seps[15] + 3]
            if terminator == b"\r":
                terminator = b"\n"
            repetition = body[seps[10] + 1 : seps[11]]
            if len(repetition) != 1:
                repetition = b"^"
            return element, component, repetition, terminator
    terminator = b"~" if b"~" in data or b"\n" not in data else b"\n"
    return b"*", b":", b"^", terminator
