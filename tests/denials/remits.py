"""One-claim 835s written as X12 and read back with the project's own 835 reader."""

from __future__ import annotations

import io

from edi.x12.findings import Findings
from parsers.era835 import ClaimPayment, iter_claims
from tests.conftest import interchange, transaction_set

HEAD = [
    "BPR*I*0*C*CHK************20261206",
    "TRN*1*CHK1*1512345678",
    "N1*PR*ACME HEALTH PLAN*XV*ACME01",
    "N3*1 MAIN ST",
    "N4*HARTFORD*CT*06101",
    "PER*BL*EDI*TE*8005550100",
    "N1*PE*GOOD DOCTORS*XX*1234567893",
    "LX*1",
]
PATIENT = "NM1*QC*1*SECRETNAME*SECRETFIRST****MI*SECRETMEMBER"


def read_claim(clp: str, *rest: str) -> ClaimPayment:
    """The claim payment of CLP ``clp``, its claim-level CAS (the leading CAS of ``rest``),
    the patient, then the rest (MOA, SVC, line CAS, LQ ...), as the 835 reader gives it."""
    lead = 0
    while lead < len(rest) and rest[lead].startswith("CAS"):
        lead += 1
    body = [*HEAD, clp, *rest[:lead], PATIENT, *rest[lead:]]
    text = interchange(transaction_set("835", "0001", body))
    (claim,) = iter_claims(io.BytesIO(text.encode()), Findings("denials.x12"))
    return claim
