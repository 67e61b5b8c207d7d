"""Crash classes: the exception type and the innermost frame in x12flow's own code.

One class is one bug to route to its owner, whichever input or target found it. Each class
keeps a count, the targets that met it, and its smallest input (preferring inputs made from
synthetic seeds, which may be committed as regression files).
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edi.ledger import LedgerError
from edi.x12.errors import X12FlowError
from tests.fuzz.seeds import ROOT

PROJECT_PACKAGES = ("edi", "parsers", "generators")


def is_defect(exc: BaseException) -> bool:
    """Everything but an X12FlowError; a LedgerError on a fresh local SQLite ledger too."""
    return not isinstance(exc, X12FlowError) or isinstance(exc, LedgerError)


def unwrap(exc: BaseException) -> BaseException:
    """The exception a lark ``VisitError`` wraps, else ``exc``."""
    inner = getattr(exc, "orig_exc", None)
    return inner if isinstance(inner, BaseException) else exc


def project_module(filename: str) -> str | None:
    """``parsers.era835.values`` for a file of x12flow's packages (source or compiled build)."""
    path = Path(filename)
    parts = path.relative_to(ROOT).parts if path.is_relative_to(ROOT) else path.parts
    if "site-packages" in parts or ".venv" in parts:
        return None
    for i, part in enumerate(parts):
        if part in PROJECT_PACKAGES and i + 1 < len(parts):
            tail = [*parts[i:-1], Path(parts[-1]).stem.split(".")[0]]
            return ".".join(p for p in tail if p != "__init__")
    return None


def innermost_frame(exc: BaseException) -> str:
    """``module:function`` of the innermost frame in x12flow, else of the innermost frame.

    A RecursionError stops at whatever depth the limit falls, so its innermost frame varies
    from input to input; it is classed by the x12flow function that recurs most (the first
    to enter the cycle, on a tie) instead."""
    frames = traceback.extract_tb(exc.__traceback__)
    project = [
        f"{module}:{frame.name}"
        for frame in frames
        if (module := project_module(frame.filename)) is not None
    ]
    if isinstance(exc, RecursionError) and project:
        counts = Counter(project)
        return max(project, key=lambda name: (counts[name], -project.index(name)))
    if project:
        return project[-1]
    if frames:
        return f"{Path(frames[-1].filename).stem}:{frames[-1].name}"
    return "?:?"


def class_key(exc: BaseException) -> str:
    exc = unwrap(exc)
    return f"{type(exc).__name__}@{innermost_frame(exc)}"


def slug(key: str) -> str:
    """A folder name for a class key: ``ValueError-parsers.era835.values.amount``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", key.replace("@", "-").replace(":", ".")).strip("_")


def _mentions_root(text: str) -> str:
    return text.replace(str(ROOT) + "/", "")


@dataclass
class Example:
    data: bytes
    target: str
    seed_name: str
    synthetic: bool
    index: int
    message: str
    traceback: str

    @property
    def shown(self) -> str:
        """The message, for logs: withheld when the input came from the shared corpus, whose
        files are treated as if they held patient data (info.json keeps it)."""
        if self.synthetic:
            return self.message
        return f"{self.message.split(':', 1)[0]}: (message withheld: a corpus-derived input)"


@dataclass
class Bucket:
    key: str
    count: int = 0
    targets: Counter[str] = field(default_factory=Counter)
    smallest: Example | None = None  # from any seed
    smallest_synthetic: Example | None = None  # from a generated or sample seed
    minimized: bytes | None = None

    def add(self, example: Example) -> None:
        self.count += 1
        self.targets[example.target] += 1
        if self.smallest is None or len(example.data) < len(self.smallest.data):
            self.smallest = example
        if example.synthetic and (
            self.smallest_synthetic is None or len(example.data) < len(self.smallest_synthetic.data)
        ):
            self.smallest_synthetic = example

    @property
    def reproducer(self) -> Example:
        """The example to minimize: synthetic unless only corpus-derived inputs found it."""
        chosen = self.smallest_synthetic or self.smallest
        assert chosen is not None
        return chosen

    def to_json(self) -> dict[str, Any]:
        example = self.reproducer
        return {
            "class": self.key,
            "folder": slug(self.key),
            "count": self.count,
            "targets": dict(self.targets),
            "reproducer": {
                "target": example.target,
                "index": example.index,
                "seed": example.seed_name,
                "synthetic": example.synthetic,
                "size": len(example.data),
                "minimized_size": len(self.minimized) if self.minimized is not None else None,
            },
            "message": example.message,
        }


def example(
    exc: BaseException, data: bytes, target: str, seed_name: str, synthetic: bool, index: int
) -> Example:
    inner = unwrap(exc)
    text = "".join(traceback.format_exception(inner))
    message = f"{type(inner).__name__}: {inner}"[:500]
    return Example(data, target, seed_name, synthetic, index, message, _mentions_root(text))
