"""Benchmark: `x12flow generate 837p` of sample claims, claims per second and peak memory.

The whole command as a library call (:func:`edi.outbound.generate.generate`): a JSON Lines file
of sample claims read, validated, edited, checked against a fresh SQLite ledger, written as one
837 and recorded; and the same with ``--dry-run`` (checked only). The goals (issue 16): at least
5,000 claims/s at 100,000 claims on the release build, peak RSS under 300 MiB, and the peak at
100,000 claims within 1.3 times the peak at 10,000.

Each run is a fresh process, so its peak RSS (resource.getrusage) belongs to it alone. "claims/s"
is per second of CPU time of that process (one core), so other load on the machine does not
skew it; "wall claims/s" is printed beside it. The one-off ICD-10-CM import (~1.7 s, ~180 MiB
of the RSS) happens before the clock starts. The inputs are written once under
benchmarks/data/ (git-ignored).

It measures whichever x12flow is imported (``make bench`` puts the compiled build first). With
``--baseline DIR`` (a source tree of an earlier x12flow, e.g. ``git archive <commit> | tar -x
-C DIR``) the same runs are made on it, side by side, and the ratios are printed.

    python -m benchmarks.generate_837p                       # 10,000 and 100,000 claims
    python -m benchmarks.generate_837p --baseline /tmp/base  # and the ratios to an earlier tree
    python -m benchmarks.generate_837p --claims 20000        # one size
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SIZES = (10_000, 100_000)
MODES = ("write", "dry-run")
TARGET_CLAIMS_PER_SECOND = 5000
TARGET_PEAK_MIB = 300
TARGET_GROWTH = 1.3


def input_claims(claims: int, seed: int) -> Path:
    """A JSON Lines file of ``claims`` sample claims (written once, then reused)."""
    path = DATA / f"generate-837p-{claims}-{seed}.jsonl"
    if path.exists():
        return path
    from generators.sample.claims import professional_claims

    DATA.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    with partial.open("w", encoding="utf-8") as stream:
        for claim in professional_claims(claims, seed):
            stream.write(json.dumps(claim, separators=(",", ":")) + "\n")
    os.replace(partial, path)
    return path


def run(source: Path, dry_run: bool) -> None:
    """One measured run in this process: print its figures as ``name value`` lines."""
    from edi.config import Config
    from edi.outbound.generate import generate
    from generators.edits.codes import is_billable_icd10cm
    from generators.kinds import KINDS

    is_billable_icd10cm("E119")  # the one-off ICD-10-CM import is not the hot path
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        start, cpu_start = time.perf_counter(), time.process_time()
        result = generate(
            [str(source)],
            KINDS["837p"],
            Config(),
            url=f"sqlite:///{folder / 'ledger.db'}",
            directory=folder / "out",
            dry_run=dry_run,
        )
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    checked = result.checked
    if checked.refused_claims or checked.unusable or (result.written is None) != dry_run:
        raise SystemExit(f"unexpected result: exit code {result.exit_code}")
    claims = checked.total
    print(f"claims {claims}")
    print(f"cpu_seconds {cpu:.2f}")
    print(f"wall_seconds {elapsed:.2f}")
    print(f"claims_per_second {claims / cpu:.0f}")
    print(f"wall_claims_per_second {claims / elapsed:.0f}")
    print(f"peak_rss_mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")


def measure(tree: Path, source: Path, dry_run: bool) -> dict[str, float]:
    """The figures of one run in a fresh process importing x12flow from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONSAFEPATH="1")
    command = [sys.executable, str(Path(__file__).resolve()), "--run", str(source)]
    output = subprocess.run(
        command + (["--dry-run"] if dry_run else []),
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return {name: float(value) for name, value in (line.split() for line in output.splitlines())}


def _tree() -> Path:
    """Where the x12flow being measured is imported from (the compiled build, or the sources)."""
    import edi

    return Path(edi.__file__).resolve().parent.parent


def _line(label: str, figures: dict[str, float], base: dict[str, float] | None) -> str:
    text = (
        f"{label:<24} {figures['claims_per_second']:>7.0f} claims/s "
        f"(wall {figures['wall_claims_per_second']:>6.0f})  peak RSS "
        f"{figures['peak_rss_mib']:>6.1f} MiB"
    )
    if base is not None:
        speed = figures["claims_per_second"] / base["claims_per_second"]
        memory = figures["peak_rss_mib"] / base["peak_rss_mib"]
        text += (
            f"   baseline {base['claims_per_second']:>6.0f} claims/s, "
            f"{base['peak_rss_mib']:>6.1f} MiB: speed x{speed:.2f}, memory x{memory:.2f}"
        )
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="a size (default 10k, 100k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="an earlier x12flow source tree")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run(args.run, args.dry_run)
        return 0
    sizes = tuple(args.claims or SIZES)
    tree = _tree()
    print(f"x12flow from {tree}" + (f"; baseline from {args.baseline}" if args.baseline else ""))
    results: dict[tuple[int, str], dict[str, float]] = {}
    for size in sizes:
        source = input_claims(size, args.seed)
        for mode in MODES:
            figures = results[size, mode] = measure(tree, source, mode == "dry-run")
            base = measure(args.baseline, source, mode == "dry-run") if args.baseline else None
            print(_line(f"{size:,} claims, {mode}", figures, base), flush=True)
    ok = True
    for mode in MODES:
        small, large = results[sizes[0], mode], results[sizes[-1], mode]
        growth = large["peak_rss_mib"] / small["peak_rss_mib"]
        flat = growth <= TARGET_GROWTH and large["peak_rss_mib"] < TARGET_PEAK_MIB
        ok = ok and flat
        print(
            f"{mode}: peak RSS {sizes[0]:,} -> {sizes[-1]:,} claims x{growth:.2f} "
            f"(goal <= x{TARGET_GROWTH}, under {TARGET_PEAK_MIB} MiB): "
            + ("met" if flat else "NOT met")
        )
    rate = results[sizes[-1], "write"]["claims_per_second"]
    fast = rate >= TARGET_CLAIMS_PER_SECOND
    print(
        f"write at {sizes[-1]:,} claims: {rate:.0f} claims/s "
        f"(goal >= {TARGET_CLAIMS_PER_SECOND} on the release build): {'met' if fast else 'NOT met'}"
    )
    return 0 if ok and fast else 1


if __name__ == "__main__":
    sys.exit(main())
