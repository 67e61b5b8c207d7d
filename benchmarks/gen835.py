"""Write a synthetic, balanced 835 (005010X221A1) of a requested size, claim by claim.

Run: ``python -m benchmarks.gen835 SIZE_MB [PATH]`` (default path under benchmarks/data/, which
git ignores). The file mixes what real remittances carry: several LX groups, paid, partially
paid (CO + PR), denied, reversal + correction pairs, claim- and line-level CAS, REF*6R, AMT*B6,
LQ remarks, and PLB interest and recoupment. Every claim, line and the payment balance, so
reading it must produce no findings. Names and ids are invented.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CLAIMS_PER_LX = 500
ISA = (
    "ISA*00*          *00*          *ZZ*GENPAYER       *ZZ*GENCLINIC      *261201*0800*^*"
    "00501*000000777*0*T*:"
)


def _line(n: int, k: int, charge: int, co: int, pr: int, code: str) -> list[str]:
    """A 2110 loop: SVC02 - (CO + PR) = SVC03."""
    paid = charge - co - pr
    seg = [f"SVC*HC:{code}:25*{charge}.00*{paid}.00**1", "DTM*472*20261102"]
    cas = f"CAS*CO*45*{co}.00" + (f"**2*{pr}.00" if pr else "")
    seg += [cas, f"REF*6R*L{n:07d}{k}", f"AMT*B6*{charge - co}.00"]
    if pr:
        seg.append("LQ*HE*N130")
    return seg


def _claim(
    n: int, status: str, lines: list[tuple[int, int, int, str]], sign: int = 1
) -> tuple[list[str], Decimal]:
    """A 2100 loop built from its lines; ``sign`` -1 makes a reversal (every amount negated)."""
    charge = sum(c for c, _, _, _ in lines) * sign
    paid = sum(c - co - pr for c, co, pr, _ in lines) * sign
    resp = sum(pr for _, _, pr, _ in lines) * sign
    segs = [
        f"CLP*PCN{n:07d}*{status}*{charge}.00*{paid}.00*{resp if sign > 0 else 0}.00*12*"
        f"ICN{n:09d}*11*1",
        f"NM1*QC*1*DOE*JANE****MI*MEM{n:07d}",
        "NM1*82*1*SMITH*JOHN****XX*1234567893",
        "DTM*232*20261102",
        "DTM*233*20261102",
    ]
    for k, (c, co, pr, code) in enumerate(lines, 1):
        segs += _line(n, k, c * sign, co * sign, pr * sign, code)
    return segs, Decimal(paid)


def _denied(n: int) -> tuple[list[str], Decimal]:
    """A denial with claim-level CAS only: CLP03 - CAS = CLP04 = 0."""
    return (
        [
            f"CLP*PCN{n:07d}*4*180.00*0.00**12*ICN{n:09d}*11*1",
            "CAS*CO*29*180.00",
            f"NM1*QC*1*ROE*RICHARD****MI*MEM{n:07d}",
            "DTM*232*20261103",
        ],
        Decimal(0),
    )


def claims(count: int) -> Iterator[tuple[list[str], Decimal]]:
    """``count`` claims in a repeating mix of ten."""
    for n in range(count):
        kind = n % 10
        if kind == 3:
            yield _denied(n)
        elif kind == 6:  # reversal of an earlier payment, then its correction
            yield _claim(n, "22", [(120, 20, 10, "99213")], sign=-1)
        elif kind == 7:
            yield _claim(n - 1, "1", [(120, 25, 10, "99213")])
        elif kind % 2:
            yield _claim(
                n, "1", [(150, 45, 0, "99214"), (100, 30, 20, "97110"), (80, 10, 0, "97140")]
            )
        else:
            yield _claim(n, "2", [(200, 60, 40, "99204")])


def write_835(path: Path, target_bytes: int) -> tuple[int, int]:
    """Write about ``target_bytes``; return (claims, segments)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = path.with_name(path.name + ".body")
    total, count, segments, size = Decimal(0), 0, 0, 0
    with body.open("w", encoding="ascii") as out:
        for segs, paid in claims(10**9):
            if count % CLAIMS_PER_LX == 0:
                segs = [f"LX*{count // CLAIMS_PER_LX + 1}", *segs]
            text = "~\n".join(segs) + "~\n"
            out.write(text)
            size += len(text)
            total += paid
            count += 1
            segments += len(segs)
            if size >= target_bytes:
                break
    plb = ["PLB*1234567893*20261231*L6*-12.50*WO:ICN000000001*40.00"]
    payment = total + Decimal("12.50") - Decimal("40.00")
    head = [
        ISA,
        "GS*HP*GENPAYER*GENCLINIC*20261201*0800*777*X*005010X221A1",
        "ST*835*0001",
        f"BPR*I*{payment}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*"
        "98765*20261202",
        "TRN*1*EFT0001*1512345678",
        "DTM*405*20261201",
        "N1*PR*GENERATED HEALTH PLAN*XV*GENPLAN01",
        "N3*1 PAYER WAY",
        "N4*HARTFORD*CT*06101",
        "PER*BL*EDI DESK*TE*8005550100",
        "N1*PE*GENERATED CLINIC*XX*1234567893",
    ]
    st_count = len(head) - 2 + segments + len(plb) + 1
    with path.open("w", encoding="ascii") as out:
        out.write("~\n".join(head) + "~\n")
        with body.open(encoding="ascii") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        out.write("~\n".join([*plb, f"SE*{st_count}*0001", "GE*1*777", "IEA*1*000000777"]))
        out.write("~\n")
    body.unlink()
    return count, st_count + 4


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else DATA / f"gen-{megabytes:g}mb.835"
    claim_count, segments = write_835(path, int(megabytes * 1_000_000))
    print(
        f"{path}: {path.stat().st_size / 1e6:.1f} MB, {claim_count:,} claims, {segments:,} segments"
    )


if __name__ == "__main__":
    main()
