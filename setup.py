"""Build script. Plain ``pip install`` builds the pure-Python package.

With ``X12FLOW_COMPILE=1`` the hot paths (reading: segment reader, envelope walker, grammar
machine, 835 transformer; writing: the X12 writer, clean-claim edits, 837 builders) are compiled
to C extension modules by mypyc, as release wheels are; the Python sources stay the reference
and the fallback. The compiled build needs mypy (which brings mypyc), setuptools and wheel in
the build environment, and a C compiler: ``X12FLOW_COMPILE=1 pip install --no-build-isolation
.``; ``make compiled`` builds it under build/compiled with the development environment's.
"""

from __future__ import annotations

import os

from setuptools import setup

# Modules compiled in the release build: what every segment of an 835 goes through, and what
# every claim of an 837 goes through once it is a model (edits, segment builders, rendering).
HOT_PATH = [
    "edi/x12/segment.py",
    "edi/x12/values.py",
    "edi/x12/reader.py",
    "edi/x12/envelope/transaction.py",
    "edi/x12/envelope/walker.py",
    "edi/x12/grammar/tokens.py",
    "edi/x12/grammar/machine.py",
    "edi/x12/grammar/run.py",
    "edi/x12/elementdefs.py",
    "edi/x12/elementcheck.py",
    "edi/x12/occurs.py",
    "parsers/era835/values.py",
    "parsers/era835/claims.py",
    "parsers/era835/loops.py",
    "parsers/era835/balance.py",
    "parsers/era835/transformer.py",
    "edi/x12/writer.py",
    "generators/edits/problems.py",
    "generators/edits/codes.py",
    "generators/edits/common.py",
    "generators/edits/professional.py",
    "generators/edits/institutional.py",
    "generators/builders/common.py",
    "generators/builders/professional.py",
    "generators/builders/institutional.py",
    "generators/prepared.py",
    "generators/arrange.py",
    "generators/checking.py",
    "generators/claim_file.py",
    "edi/outbound/spool.py",
]


def extensions() -> list[object]:
    if os.environ.get("X12FLOW_COMPILE") != "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        raise SystemExit(
            "X12FLOW_COMPILE=1 needs mypy (which brings mypyc) where the package is built: "
            "pip install mypy setuptools wheel, then pip install --no-build-isolation ."
        ) from None
    return list(mypycify(HOT_PATH, opt_level="3"))


setup(ext_modules=extensions())
