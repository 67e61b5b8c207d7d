"""835 reading counted in machine instructions: typed models vs a plain str.split.

Seconds on a shared machine move from run to run; instruction counts do not. This runs
:func:`benchmarks.parse_835.checked_models` (every element checked, as `validate` reads),
:func:`benchmarks.parse_835.plain_split` and the
floor reader (:mod:`benchmarks.floor_835`) on a generated 835 under
``valgrind --tool=callgrind`` and reports the instructions each executes, and their ratios.
Each count is a child process that imports everything and reads the file once with each
reader to warm the caches, then does the measured work, minus the same child without the
measured work. Skipped when valgrind is not installed.

Run: ``python -m benchmarks.instructions_835 [SIZE_MB]`` (default 1 MB: callgrind is ~50×
slower than native).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

from benchmarks.parse_835 import generated

_CHILD = """
import sys
from pathlib import Path
from benchmarks.parse_835 import checked_models, floor_models, plain_split
path = Path(sys.argv[1])
checked_models(path)
floor_models(path)
if sys.argv[2] == "split":
    plain_split(path)
elif sys.argv[2] == "floor":
    floor_models(path)
elif sys.argv[2] == "typed":
    checked_models(path)
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(path: str, work: str) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _CHILD,
            path,
            work,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    found = _COLLECTED.search(proc.stderr)
    if proc.returncode or not found:
        raise SystemExit(f"callgrind run failed ({work}): {proc.stderr[-400:]}")
    return int(found.group(1))


def main() -> None:
    from edi.build import describe

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size_mb", nargs="?", type=float, default=1.0)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed; skipped")
        return
    path = str(generated(args.size_mb))
    base = instructions(path, "none")
    split = instructions(path, "split") - base
    floor = instructions(path, "floor") - base
    typed = instructions(path, "typed") - base
    print(f"instructions: {path.rsplit('/', 1)[-1]}; x12flow build: {describe()}")
    print(f"  split    {split / 1e6:10,.0f} M instructions")
    print(f"  floor    {floor / 1e6:10,.0f} M instructions")
    print(f"  x12flow  {typed / 1e6:10,.0f} M instructions")
    print(f"  x12flow / split = {typed / split:.1f}x the instructions")
    print(f"  floor / split = {floor / split:.1f}x the instructions (models alone)")
    print(f"  x12flow / floor = {typed / floor:.1f}x the instructions (reading X12 properly)")


if __name__ == "__main__":
    main()
