"""The library surface: ``edi.__all__`` is what a program may rely on, and the README's example
of it runs as written."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import edi
from edi.samples import sample
from generators.sample.claims import professional_claims

ROOT = Path(__file__).resolve().parent.parent


def test_every_public_name_resolves_and_is_documented() -> None:
    assert sorted(edi.__all__) == sorted(edi._HOMES)
    for name in edi.__all__:
        value = getattr(edi, name)
        assert inspect.getdoc(value), f"edi.{name} has no docstring"
        assert name in dir(edi)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'parse_everything'"):
        _ = edi.parse_everything  # type: ignore[attr-defined]


def test_import_edi_loads_nothing_heavy() -> None:
    code = (
        "import sys, edi; "
        "print(sorted(m for m in ('pydantic', 'sqlalchemy', 'lark', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Library use", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None, "the README's Library use section has no Python example"
    return found.group(1)


def test_the_readme_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("remittance.835.x12", "acknowledgment.999.x12", "claim-status.277ca.x12"):
        (tmp_path / name).write_bytes(sample(name).read_bytes())
    claims = [json.dumps(c) for c in professional_claims(3, seed=5)]
    (tmp_path / "claims.jsonl").write_text("\n".join(claims) + "\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    exec(compile(readme_example(), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "posted"  # the 835 reached the ledger
    assert lines[-2].startswith("0 outbox/837P-") and lines[-2].endswith(".x12")
    assert list((tmp_path / "outbox").glob("837P-*.x12"))
    assert any(line.endswith(" claims") for line in lines)
