"""The release build compiles the reading hot path (setup.py HOT_PATH) with mypyc.

``make test`` runs the whole suite twice: on the Python sources, then with the compiled build
first on the path and ``X12FLOW_EXPECT_COMPILED=1``. In that second run this test makes sure
the suite really exercised the extension modules and not the sources beside them.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def hot_path() -> list[str]:
    """The module names of setup.py's HOT_PATH, read without running setup.py."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HOT_PATH":
            paths = ast.literal_eval(node.value)
            return [p.removesuffix(".py").replace("/", ".") for p in paths]
    raise AssertionError("setup.py has no HOT_PATH list")


def test_hot_path_names_existing_modules() -> None:
    for name in hot_path():
        assert (ROOT / (name.replace(".", "/") + ".py")).is_file(), name


@pytest.mark.skipif(
    os.environ.get("X12FLOW_EXPECT_COMPILED") != "1",
    reason="runs in the compiled pass of `make test` (X12FLOW_EXPECT_COMPILED=1)",
)
def test_hot_path_is_compiled() -> None:
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    pure = [
        name
        for name in hot_path()
        if not str(importlib.import_module(name).__file__).endswith(suffixes)
    ]
    assert not pure, f"imported from Python sources, not the compiled build: {pure}"
