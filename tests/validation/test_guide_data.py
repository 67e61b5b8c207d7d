"""The shipped guide data: what the generator makes from the installed pyx12 (drift), read
without pyx12 at run time, and the overlay's entries each cite the guide."""

from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

from edi.x12.guides import build

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_files_equal_what_the_generator_makes_from_pyx12() -> None:
    data = resources.files("edi.x12.guides").joinpath("data")
    made = build.files()
    shipped = {p.name for p in data.iterdir() if p.name.endswith(".json")}
    assert shipped == set(made)
    for name, text in made.items():
        assert data.joinpath(name).read_text("utf-8") == text, (
            f"{name} differs from pyx12's maps: run python -m edi.x12.guides.build"
        )


def test_only_the_generator_imports_pyx12() -> None:
    importers = []
    for package in ("edi", "parsers", "generators"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n == "pyx12" or n.startswith("pyx12.") for n in names):
                    importers.append(path.relative_to(ROOT).as_posix())
            if '"pyx12"' in path.read_text("utf-8"):
                importers.append(path.relative_to(ROOT).as_posix())
    # generators/validation.py is the tests' independent pyx12 check of written files: only
    # the test suite imports it (no product module does, see the next assertion)
    assert sorted(set(importers)) == ["edi/x12/guides/build.py", "generators/validation.py"]
    for package in ("edi", "parsers", "generators"):
        for path in (ROOT / package).rglob("*.py"):
            assert "generators.validation" not in path.read_text("utf-8"), path
    builders = []
    for package in ("edi", "parsers", "generators"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom) and (
                    node.module == "edi.x12.guides.build"
                    or (
                        node.module == "edi.x12.guides"
                        and any(a.name == "build" for a in node.names)
                    )
                ):
                    builders.append(path)
    assert builders == []  # the generator is run by hand, never imported


def test_every_overlay_entry_cites_the_guide() -> None:
    overlay = json.loads(resources.files("edi.x12.guides").joinpath("overlay.json").read_text())
    entries = overlay["elements"] + overlay["rules"]
    assert entries and all(len(e["cite"]) > 20 for e in entries)
