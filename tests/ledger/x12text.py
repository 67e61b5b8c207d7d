"""Test helpers: wrap body segments in a valid X12 envelope (ISA/GS/ST … SE/GE/IEA)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# (GS01, ST01, ST03) of each reply the ledger reads.
KINDS = {
    "835": ("HP", "835", "005010X221A1"),
    "999": ("FA", "999", "005010X231A1"),
    "997": ("FA", "997", ""),
    "277CA": ("HN", "277", "005010X214"),
}


def envelope(
    kind: str,
    body: Sequence[str],
    *,
    interchange: int = 1,
    group: int = 1,
    sender: str = "PAYER",
    when: date = date(2026, 11, 15),
) -> str:
    """An interchange of one group holding one transaction set of ``kind`` with ``body``."""
    functional_id, set_id, version = KINDS[kind]
    gs_version = version or "004010"
    isa = (
        "ISA*00*          *00*          *ZZ*"
        + sender.ljust(15)
        + "*ZZ*"
        + "CLINIC".ljust(15)
        + f"*{when:%y%m%d}*0930*^*00501*{interchange:09d}*0*T*:"
    )
    st = f"ST*{set_id}*0001" + (f"*{version}" if version and set_id != "835" else "")
    segments = [
        isa,
        f"GS*{functional_id}*{sender}*CLINIC*{when:%Y%m%d}*0930*{group}*X*{gs_version}",
        st,
        *body,
        f"SE*{len(body) + 2}*0001",
        f"GE*1*{group}",
        f"IEA*1*{interchange:09d}",
    ]
    return "~\n".join(segments) + "~\n"


def remittance(
    claims: Sequence[str],
    *,
    total: str,
    trace: str,
    paid_on: date,
    payer: str = "ACME HEALTH",
    plb: Sequence[str] = (),
) -> list[str]:
    """The body of an 835: BPR/TRN/payer/payee, one LX with ``claims`` segments, PLBs."""
    return [
        f"BPR*I*{total}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA"
        f"*98765*{paid_on:%Y%m%d}",
        f"TRN*1*{trace}*1512345678",
        f"DTM*405*{paid_on:%Y%m%d}",
        f"N1*PR*{payer}",
        "N3*1 PAYER WAY",
        "N4*HARTFORD*CT*06101",
        "PER*BL*EDI*TE*8005550100",
        "N1*PE*TEST CLINIC*XX*1234567893",
        "LX*1",
        *claims,
        *plb,
    ]


def ack_999(group: int, sets: Sequence[tuple[int, bool]]) -> list[str]:
    """The body of a 999 for our group GS06 ``group``: (ST02, accepted) per set."""
    body = [f"AK1*HC*{group}*005010X222A1"]
    for st02, accepted in sets:
        body += [f"AK2*837*{st02:04d}*005010X222A1"]
        if not accepted:
            body += ["IK3*CLM*23*2300*8", "IK4*2*782*7*12A.50"]
        body += ["IK5*A" if accepted else "IK5*R*5"]
    accepted_sets = sum(ok for _st02, ok in sets)
    status = "A" if accepted_sets == len(sets) else "R" if accepted_sets == 0 else "P"
    return [*body, f"AK9*{status}*{len(sets)}*{len(sets)}*{accepted_sets}"]


def ack_277ca(
    claims: Sequence[tuple[str, str, str | None, str]], when: date = date(2026, 11, 3)
) -> list[str]:
    """The body of a 277CA: (CLM01, STC01 composite e.g. ``A2:20``, REF*1K or None, charge)."""
    total = sum((float(c[3]) for c in claims), 0.0)
    body = [
        "BHT*0085*08*BATCH1*" + f"{when:%Y%m%d}" + "*0800*TH",
        "HL*1**20*1",
        "NM1*PR*2*ACME HEALTH*****PI*12345",
        "TRN*1*RCPT1",
        f"DTP*050*D8*{when:%Y%m%d}",
        f"DTP*009*D8*{when:%Y%m%d}",
        "HL*2*1*21*1",
        "NM1*41*2*TEST CLINIC*****46*SUBMIT",
        "TRN*2*BATCH1",
        f"STC*A1:19:PR*{when:%Y%m%d}*WQ*{total:.2f}",
        "HL*3*2*19*1",
        "NM1*85*2*TEST CLINIC*****XX*1234567893",
        "TRN*1*PROV1",
        f"STC*A1:19:PR**WQ*{total:.2f}",
    ]
    for index, (pcn, stc, icn, charge) in enumerate(claims, 4):
        action = "U" if stc.split(":")[0] in ("A3", "A4", "A6", "A7", "A8") else "WQ"
        body += [
            f"HL*{index}*3*PT",
            "NM1*QC*1*DOE*PAT****MI*M1",
            f"TRN*2*{pcn}",
            f"STC*{stc}:PR*{when:%Y%m%d}*{action}*{charge}",
        ]
        if icn:
            body.append(f"REF*1K*{icn}")
        body.append(f"DTP*472*D8*{when:%Y%m%d}")
    return body
