"""The house plan: the import contracts in pyproject.toml hold, and each of them can fail.

``make lint`` runs ``lint-imports`` on the project. These tests run it too, then prove that every
contract catches what it forbids: the packages are copied into a temporary folder, one module
breaking the contract is added, and ``lint-imports`` must report that contract broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("edi", "parsers", "generators")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# One import per contract that the contract must refuse: (module added, its source).
VIOLATIONS: dict[str, tuple[str, str]] = {
    "layers": ("edi/model/violation.py", "import edi.ledger\n"),
    "core": ("edi/x12/violation.py", "import parsers.era835\n"),
    "parsers": ("parsers/violation.py", "import generators.kinds\n"),
    "generators": ("generators/violation.py", "import parsers.era835\n"),
    "ledger": ("edi/ledger/violation.py", "from edi.watch import worker\n"),
    "click": ("edi/inbound/violation.py", "import click\n"),
    "watchdog": ("edi/ledger/violation.py", "import watchdog.events\n"),
}


def contracts() -> dict[str, str]:
    """Contract id → name, from pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def lint_imports(folder: Path, *contract: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache"]
    for name in contract:
        args += ["--contract", name]
    environment = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        args, cwd=folder, env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_project_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_every_contract_has_a_violation_to_catch() -> None:
    assert set(VIOLATIONS) == set(contracts())


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_a_contract_catches_an_import_it_forbids(contract: str, tmp_path: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=_not_source)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    kept = lint_imports(tmp_path, contract)
    assert kept.returncode == 0, kept.stdout + kept.stderr  # the copy keeps it

    path, source = VIOLATIONS[contract]
    (tmp_path / path).write_text(source, encoding="utf-8")
    broken = lint_imports(tmp_path, contract)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    module = path.removesuffix(".py").replace("/", ".")
    assert f"{contracts()[contract]} BROKEN" in " ".join(broken.stdout.split())
    assert module in broken.stdout


def _not_source(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or n.endswith((".so", ".pyc"))]
