"""``python -m tests.fuzz``: run the fuzzer (``make fuzz``), the memory cases, or replay files.

Exit 0 when no crash class was found and every memory case stayed under its limit, 1 otherwise.
"""

from __future__ import annotations

import argparse
import resource
import sys
import traceback
from pathlib import Path

from tests.fuzz.crashes import class_key, is_defect, slug, unwrap
from tests.fuzz.harness import (
    DEFAULT_TARGETS,
    BrokenBuild,
    Options,
    fuzz,
    summary_text,
    write_report,
)
from tests.fuzz.minimize import Minimizer
from tests.fuzz.targets import TARGETS, Context, run


def _targets(text: str) -> tuple[str, ...]:
    names = DEFAULT_TARGETS if text == "all" else tuple(t for t in text.split(",") if t)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)} or all"
        )
    return names


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    p.add_argument("--count", type=int, default=1000, help="mutated inputs (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    p.add_argument(
        "--targets",
        type=_targets,
        default=DEFAULT_TARGETS,
        help=f"comma-separated, from {', '.join(TARGETS)}; or all (the default)",
    )
    p.add_argument(
        "--sampled-every", type=int, default=5, help="ingest and simulate 1 input in N (5)"
    )
    p.add_argument("--out", type=Path, default=Options.out, help="output folder (build/fuzz)")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="CPU seconds before a target run is stopped"
    )
    p.add_argument("--no-corpus", action="store_true", help="leave the shared corpus out")
    p.add_argument("--no-seed-pass", action="store_true", help="skip the unmutated seeds")
    p.add_argument("--no-minimize", action="store_true", help="keep reproducers as found")
    p.add_argument("--memory", action="store_true", help="also run the big-input memory cases")
    p.add_argument(
        "--memory-limit-mb",
        type=int,
        default=3000,
        help="address-space limit of the fuzzing process, so a runaway input cannot take the "
        "machine down (0: none; default 3000)",
    )
    p.add_argument("--replay", nargs="+", type=Path, metavar="FILE", help="run FILEs and stop")
    p.add_argument(
        "--minimize",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="shrink each crash FILEs show, into OUT/minimized/<class>/, and stop",
    )
    return p


def replay(files: list[Path], targets: tuple[str, ...], timeout: float, work: Path) -> int:
    """Run each file through each target; print timings and the traceback of every crash."""
    context = Context(work)
    worst = 0
    for path in files:
        data = path.read_bytes()
        for name in targets:
            result = run(TARGETS[name], data, context, timeout)
            exc, seconds = result.exc, result.seconds
            if exc is not None and is_defect(exc):
                worst = 1
                print(f"{path} {name}: CRASH {class_key(exc)} ({seconds:.3f} s)")
                traceback.print_exception(unwrap(exc))
            else:
                verdict = "read" if result.read else "refused as unreadable"
                print(f"{path} {name}: ok, {verdict} ({seconds:.3f} s)")
    return worst


def minimize(files: list[Path], targets: tuple[str, ...], timeout: float, out: Path) -> int:
    """For each crash a file shows, write the smallest input that still shows it."""
    context = Context(out / "work")
    found = 0
    for path in files:
        data = path.read_bytes()
        for name in targets:
            exc = run(TARGETS[name], data, context, timeout).exc
            if exc is None or not is_defect(exc):
                continue
            key = class_key(exc)

            def same(trial: bytes, name: str = name, key: str = key) -> bool:
                again = run(TARGETS[name], trial, context, timeout).exc
                return again is not None and is_defect(again) and class_key(again) == key

            smaller = Minimizer(same, runs=2000, seconds=300).minimize(data)
            target = out / "minimized" / slug(key) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(smaller)
            print(f"{path} {name}: {key}: {len(data)} → {len(smaller)} bytes, {target}")
            found += 1
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.memory_limit_mb > 0:
        limit = args.memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if args.replay:
        return replay(args.replay, args.targets, args.timeout, args.out / "work")
    if args.minimize:
        return minimize(args.minimize, args.targets, args.timeout, args.out)
    options = Options(
        count=args.count,
        seed=args.seed,
        targets=args.targets,
        sampled_every=max(args.sampled_every, 1),
        out=args.out,
        timeout=args.timeout,
        corpus=not args.no_corpus,
        seed_pass=not args.no_seed_pass and not (args.memory and args.count == 0),
        minimize=not args.no_minimize,
    )
    try:
        report = fuzz(options)
    except BrokenBuild as exc:
        print(f"python -m tests.fuzz: {exc}", file=sys.stderr)
        return 2
    if args.memory:
        from tests.fuzz.memory import run_memory_cases

        report.memory = run_memory_cases(args.out / "memory", options.say)
        write_report(report, args.out)
    sys.stdout.write(summary_text(report))
    print(f"report: {args.out / 'summary.txt'}, reproducers: {args.out / 'crashes'}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
