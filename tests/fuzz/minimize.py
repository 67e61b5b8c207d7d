"""Shrinking a crashing input while it still crashes the same way.

Three passes, each keeping a change only when ``still_fails`` says the input still shows the
same crash class: drop runs of segments (halving the run length down to one segment; with the
envelope counts repaired when the plain cut does not do), then drop or shorten elements, then
drop runs of bytes. A budget of runs and seconds bounds it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.fuzz.operations import repair_counts
from tests.fuzz.shape import Shape


class _Budget:
    def __init__(self, runs: int, seconds: float) -> None:
        self.runs = runs
        self.deadline = time.monotonic() + seconds

    def spent(self) -> bool:
        return self.runs <= 0 or time.monotonic() > self.deadline


class Minimizer:
    def __init__(
        self, still_fails: Callable[[bytes], bool], runs: int = 500, seconds: float = 60.0
    ) -> None:
        self._still_fails = still_fails
        self._budget = _Budget(runs, seconds)

    def check(self, data: bytes) -> bool:
        if self._budget.spent():
            return False
        self._budget.runs -= 1
        return self._still_fails(data)

    def minimize(self, data: bytes) -> bytes:
        data = self._loops(data)
        data = self._segments(data)
        data = self._elements(data)
        return self._bytes(data)

    def _check_whole(self, trial: Shape) -> bool:
        """The trial as it is, else with SE/GE/IEA counts repaired (strict readers, such as
        ingest and the simulator, refuse a file whose counts are off before going further)."""
        if self.check(trial.render()):
            return True
        repaired = trial.copy()
        repair_counts(repaired)
        if repaired.segments == trial.segments or not self.check(repaired.render()):
            return False
        trial.segments = repaired.segments
        return True

    def _loops(self, data: bytes) -> bytes:
        """Drop whole loops: from a loop's first segment (HL, CLM, LX …) to the next one like it
        or the end of its set. Cuts that follow the structure keep strict readers reading."""
        shape = Shape.of(data)
        changed = True
        while changed and not self._budget.spent():
            changed = False
            for start in LOOP_STARTS:
                i = 0
                while i < len(shape.segments) and not self._budget.spent():
                    if shape.segment_id(i) != start:
                        i += 1
                        continue
                    trial = shape.copy()
                    del trial.segments[i : _loop_end(shape, i)]
                    if self._check_whole(trial):
                        shape, changed = trial, True
                    else:
                        i += 1
        return shape.render()

    def _segments(self, data: bytes) -> bytes:
        shape = Shape.of(data)
        run = max(len(shape.segments) // 2, 1)
        while run >= 1 and not self._budget.spent():
            i = 0
            while i < len(shape.segments) and not self._budget.spent():
                trial = shape.copy()
                del trial.segments[i : i + run]
                if self._check_whole(trial):
                    shape = trial
                else:
                    i += run
            run //= 2
        return shape.render()

    def _elements(self, data: bytes) -> bytes:
        shape = Shape.of(data)
        for i in range(len(shape.segments)):
            elements = shape.elements(i)
            for e in range(len(elements) - 1, 0, -1):
                shrinking = True
                while shrinking and e < len(elements):
                    if self._budget.spent():
                        return shape.render()
                    shrinking = False
                    for shorter in _shorter(elements, e):
                        trial = shape.copy()
                        trial.set_elements(i, shorter)
                        if self.check(trial.render()):
                            shape, elements, shrinking = trial, shorter, True
                            break
        return shape.render()

    def _bytes(self, data: bytes) -> bytes:
        run = max(len(data) // 2, 1) if len(data) <= 20_000 else 0
        while run >= 1 and not self._budget.spent():
            i = 0
            while i < len(data) and not self._budget.spent():
                trial = data[:i] + data[i + run :]
                if self.check(trial):
                    data = trial
                else:
                    i += run
            run //= 2
        return data


LOOP_STARTS = (b"ISA", b"GS", b"ST", b"HL", b"CLP", b"CLM", b"LX", b"AK2", b"NM1", b"SVC", b"SV1")
ENVELOPE = frozenset({b"ISA", b"IEA", b"GS", b"GE", b"ST", b"SE"})


def _loop_end(shape: Shape, i: int) -> int:
    start = shape.segment_id(i)
    for j in range(i + 1, len(shape.segments)):
        segment_id = shape.segment_id(j)
        if segment_id == start or (segment_id in ENVELOPE and start not in ENVELOPE):
            return j
    return len(shape.segments)


def _shorter(elements: list[bytes], e: int) -> list[list[bytes]]:
    """Smaller versions of element ``e``: the segment ending before it, it emptied, halved."""
    value = elements[e]
    options = []
    if e == len(elements) - 1:
        options.append(elements[:e])
    if value:
        options.append([*elements[:e], b"", *elements[e + 1 :]])
    if len(value) > 16:
        options.append([*elements[:e], value[: len(value) // 2], *elements[e + 1 :]])
    return options
