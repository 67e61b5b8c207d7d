"""Mutants: a seed changed by a few X12-aware and byte-level mutations, from one
``random.Random``.

:meth:`Mutator.make` builds input ``index`` of run ``seed`` on its own: the same pair always
gives the same bytes, so any input of a run can be rebuilt without running the ones before it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from tests.fuzz.operations import BYTE_OPS, SHAPE_OPS, repair_counts
from tests.fuzz.seeds import Seed
from tests.fuzz.shape import Shape


@dataclass(frozen=True)
class Mutant:
    data: bytes
    seed: Seed
    ops: tuple[str, ...]


REPLIES = (b"835", b"999", b"997", b"277", b"TA1")  # what ingest posts
CLAIMS = (b"837",)  # what the payer simulator answers


def kind(shape: Shape) -> bytes:
    """ST01 of the first set (TA1 for an interchange acknowledgment), or b""."""
    for i in range(min(len(shape.segments), 400)):
        segment_id = shape.segment_id(i)
        if segment_id == b"TA1":
            return segment_id
        if segment_id == b"ST":
            elements = shape.elements(i)
            return elements[1].strip() if len(elements) > 1 else b""
    return b""


class Mutator:
    def __init__(self, seeds: Sequence[Seed], max_size: int = 999_999) -> None:
        if not seeds:
            raise ValueError("no seeds to mutate")
        self.max_size = max_size
        self._shapes: dict[str, Shape] = {}
        self.synthetic = [s for s in seeds if s.synthetic]
        self.corpus = [s for s in seeds if not s.synthetic]
        kinds = {s.name: kind(self.shape(s)) for s in seeds}
        self.pools = {
            "replies": [s for s in seeds if kinds[s.name] in REPLIES] or list(seeds),
            "claims": [s for s in seeds if kinds[s.name] in CLAIMS] or list(seeds),
        }

    def shape(self, seed: Seed) -> Shape:
        if seed.name not in self._shapes:
            self._shapes[seed.name] = Shape.of(seed.data)
        return self._shapes[seed.name].copy()

    def pick(self, rng: random.Random) -> Seed:
        """Half synthetic seeds, half corpus (when there is one)."""
        pool = self.corpus if self.corpus and rng.random() < 0.5 else self.synthetic
        return rng.choice(pool or self.corpus)

    def make(self, seed: int, index: int, pool: str | None = None) -> Mutant:
        """Input ``index`` of run ``seed``, from any seed; or from the ``replies`` (for ingest)
        or the ``claims`` (for the simulator), with the envelope mostly kept whole (counts
        repaired, fewer byte mutations), since both refuse a broken one before going deeper."""
        rng = random.Random(f"x12flow-fuzz:{seed}:{index}:{pool or ''}")
        base = rng.choice(self.pools[pool]) if pool else self.pick(rng)
        whole = pool is not None
        shape = self.shape(base)
        names: list[str] = []
        for _ in range(1 + min(int(rng.expovariate(0.9)), 5)):
            if rng.random() < 0.75:
                name, op = rng.choice(SHAPE_OPS)
                op(rng, shape, self)
                names.append(name)
        if names and rng.random() < (0.9 if whole else 0.5):
            repair_counts(shape)  # so that the mutant gets past the envelope checks
            names.append("repair_counts")
        data = shape.render()
        if not names or rng.random() < (0.1 if whole else 0.3):
            name, byte_op = rng.choice(BYTE_OPS)
            data = byte_op(rng, data)
            names.append(name)
        return Mutant(data[: self.max_size], base, tuple(names))
