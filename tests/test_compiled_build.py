"""The release build compiles the reading hot path (setup.py HOT_PATH) with mypyc.

``make test`` runs the whole suite twice: on the Python sources, then with the compiled build
first on the path and ``X12FLOW_EXPECT_COMPILED=1``. In that second run this test makes sure
the suite really exercised the extension modules and not the sources beside them.
"""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.build import compiled, describe, is_extension
from edi.cli import main

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
    pure = [name for name in hot_path() if not is_extension(importlib.import_module(name))]
    assert not pure, f"imported from Python sources, not the compiled build: {pure}"


@pytest.mark.skipif(
    os.environ.get("X12FLOW_EXPECT_COMPILED") != "1",
    reason="runs in the compiled pass of `make test` (X12FLOW_EXPECT_COMPILED=1)",
)
def test_child_processes_run_the_compiled_build_too(tmp_path: Path) -> None:
    """The watcher's workers and CLI tests start new interpreters; they must load the same
    build, whatever their working directory."""
    proc = subprocess.run(
        [sys.executable, "-m", "edi", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "compiled reader (mypyc)" in proc.stdout


def test_version_names_the_build() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip().endswith(describe())
    assert describe() == ("compiled reader (mypyc)" if compiled() else "pure Python")
