"""A synthetic 835 of any size, written claim by claim (for memory and speed benchmarks)."""

from __future__ import annotations

from pathlib import Path

HEADER = [
    "ISA*00*          *00*          *ZZ*BENCHPAYER     *ZZ*BENCHCLINIC    *261115*0930*^*00501"
    "*000000901*0*T*:",
    "GS*HP*BENCHPAYER*BENCHCLINIC*20261115*0930*901*X*005010X221A1",
    "ST*835*0001",
    "BPR*I*{total}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20261116",
    "TRN*1*EFT-BENCH*1512345678",
    "N1*PR*BENCH HEALTH PLAN",
    "N3*100 PAYER PLAZA",
    "N4*HARTFORD*CT*06101",
    "PER*BL*PROVIDER SERVICES*TE*8005550100",
    "N1*PE*BENCH CLINIC*XX*1234567893",
    "LX*1",
]
CLAIM = [
    "CLP*B{n:08d}*1*250.00*175.00*40.00*12*ICN{n:010d}*11*1",
    "NM1*QC*1*DOE*PAT****MI*M{n:08d}",
    "DTM*232*20261101",
    "DTM*233*20261101",
    "SVC*HC:99214*150.00*105.00**1",
    "DTM*472*20261101",
    "CAS*CO*45*21.00",
    "CAS*PR*2*24.00",
    "REF*6R*L{n:08d}1",
    "AMT*B6*129.00",
    "SVC*HC:97110:GP*100.00*70.00**1",
    "DTM*472*20261101",
    "CAS*CO*45*14.00",
    "CAS*PR*2*16.00",
    "REF*6R*L{n:08d}2",
    "AMT*B6*86.00",
]


def write_835(path: Path, target_bytes: int) -> int:
    """Write an 835 of about ``target_bytes``; return the number of claims."""
    claim_bytes = sum(len(s) + 2 for s in CLAIM)
    claims = max(1, target_bytes // claim_bytes)
    total = f"{claims * 175}.00"
    path.parent.mkdir(parents=True, exist_ok=True)
    segments = 0
    with path.open("w", encoding="ascii") as out:
        for line in HEADER:
            out.write(line.format(total=total) + "~\n")
        segments = len(HEADER) - 2
        block = "~\n".join(CLAIM) + "~\n"
        for n in range(claims):
            out.write(block.format(n=n))
        segments += claims * len(CLAIM)
        out.write(f"SE*{segments + 1}*0001~\nGE*1*901~\nIEA*1*000000901~\n")
    return claims
