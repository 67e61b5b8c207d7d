"""A mutation fuzzer for every x12flow reader, for ingest and for the payer simulator.

Seeds are the shared corpus (when it sits at ``../shared/corpus``), the samples shipped in
``edi/samples`` and files x12flow generates itself (``sample`` → ``generate`` → ``simulate``).
Each input is a seed mutated deterministically from ``(seed, index)``: segments deleted,
duplicated, swapped, moved or repeated; elements replaced with hostile values; bytes flipped,
inserted or cut; delimiters changed; two files spliced; envelope counts repaired or not. Every
input runs through validate, parse, ``parse --format text`` and the 835 stream; 1 in 5 also
gets a mutated reply ingested into a fresh SQLite ledger and a mutated 837 simulated.

Anything but an :class:`edi.x12.errors.X12FlowError` escaping a target is a crash (a
:class:`edi.ledger.LedgerError` on a local SQLite ledger is one too), and so is invalid JSON
from ``parse``, and so is an input under 1 MB that takes over 5 s of CPU. Crashes are bucketed
by class (exception type and innermost project frame); each class keeps its smallest
reproducer, minimized. ``--memory`` runs big inputs (up to about 25 MB) through the command
line in child processes and checks their peak RSS against 300 MB.

    python -m tests.fuzz --count 50000 --seed 1        # or: make fuzz
    python -m tests.fuzz --count 0 --memory            # the memory cases only
    python -m tests.fuzz --replay FILE                 # one file, with tracebacks
    python -m tests.fuzz --minimize FILE               # shrink the crash a file shows
"""
