"""Which build of x12flow is running: the Python sources, or the compiled release build.

Release wheels compile the reading hot path with mypyc (see setup.py); a source install runs
the same code as plain Python, more slowly. ``x12flow --version`` says which one is installed.
"""

from __future__ import annotations

import importlib.machinery
from types import ModuleType

import edi.x12.reader


def is_extension(module: ModuleType) -> bool:
    """True when ``module`` was loaded from a compiled extension, not from Python source."""
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def compiled() -> bool:
    """True when the segment reader (and so the hot path) is a compiled extension module."""
    return is_extension(edi.x12.reader)


def describe() -> str:
    return "compiled reader (mypyc)" if compiled() else "pure Python"
