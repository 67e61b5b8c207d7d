"""`make bench`: every benchmark, one after another, printing its figures."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "benchmarks.startup",
    "benchmarks.read_memory",
    "benchmarks.parse_835",
    "benchmarks.instructions_835",
    "benchmarks.generate_837p",
    "benchmarks.simulate_837",
    "benchmarks.validate_vs_pyx12",
    "benchmarks.ingest_835",
)


def main() -> None:
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(f"{name}: not available ({exc})")
            continue
        print(f"== {name}")
        sys.argv = [name]
        module.main()


if __name__ == "__main__":
    main()
