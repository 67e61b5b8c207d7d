"""The values the mutations draw from: hostile element values, bytes, delimiters, transaction
identities and segments worth repeating."""

from __future__ import annotations

from tests.fuzz.shape import BOM

_TEXT = (
    "²", "①", "1E+999999", "1e-999999", "sNaN", "NaN", "-NaN", "Infinity", "-Infinity", "inf",
    "-0", "-0.00", "+5", "12345678901234567890", "-12345678901234567890",
    "99999999999999999999.99", "0.000000000000000000001", "1.", ".5", "1,000.00", "1_000",
    " 12", "12 ", "0x1F", "99999999", "071214", "00000000", "20261332", "20270229",
    "2026-11-30", "19000101", "99991231", "2460", "9999", "235960", "20261130-20261101",
    "20261130-", "RD8", "D8", "DT", "١٢٣", "１２３", "Ⅻ", "½", "é", "\u200b", "\ufeff", "\x00",
    "\r\n", "", " ", "-", "+", ".", "ISA", "HL", "SE", "00501", "000000000", "0", "-1", "1",
    "2", "22", "23", "X", "Y", "N", "ZZ", "999999999", "1" * 20, "9" * 20 + ".99",
)  # fmt: skip
HOSTILE: tuple[bytes, ...] = (
    *(t.encode() for t in _TEXT),
    b"9" * 5000,
    b"1" + b"0" * 400,
    b"\xff",
    b"\xc3",
    BOM,
    b"\xed\xa0\x80",  # a UTF-16 surrogate, UTF-8 encoded (not valid UTF-8)
    b"\xc0\x80",  # an overlong NUL
)
# the values that most often break number, date and time conversions
CORE_HOSTILE: tuple[bytes, ...] = tuple(
    v.encode()
    for v in (
        "²", "①", "9" * 5000, "1E+999999", "sNaN", "Infinity", "-0", "12345678901234567890",
        "99999999999999999999.99", "99999999", "071214", "١٢٣", "１２", "-1", "0", "",
    )
)  # fmt: skip
SPECIAL_BYTES = (b"\x00", BOM, b"\r\n", b"\r", b"\n", b"\xff", b"\xfe", "²①é".encode(), b"\t")
DELIMITER_CHOICES = (
    b"*", b":", b"^", b"~", b"|", b"!", b">", b"+", b"'", b"\n", b"\r", b"\x1d", b"\x1c",
    b"\x1f", b"\x07", b"A", b"0", b" ", b"\xff", "é".encode()[:1],
)  # fmt: skip
# (ST01, implementation, GS01): retyping a set makes every reader meet every body
TRANSACTIONS = (
    (b"835", b"005010X221A1", b"HP"),
    (b"999", b"005010X231A1", b"FA"),
    (b"997", b"005010X230", b"FA"),
    (b"277", b"005010X214", b"HN"),
    (b"277", b"005010X212", b"HN"),
    (b"837", b"005010X222A1", b"HC"),
    (b"837", b"005010X223A2", b"HC"),
    (b"837", b"005010X224A2", b"HC"),
    (b"270", b"005010X279A1", b"HS"),
    (b"835", b"004010X091A1", b"HP"),
)
REPEATED = (  # templates for long runs of one segment; {n} counts up
    b"HL*{n}*1*22*0", b"HL*{n}**20*1", b"HL*{n}*{n}*23*1", b"LX*{n}", b"CLP*X{n}*1*100*50",
    b"SVC*HC:99213*100*50", b"CAS*CO*45*1", b"AK2*837*{n}", b"IK3*NM1*{n}**8", b"TRN*2*{n}",
    b"STC*A1:20*20261130*WQ*1", b"ST*835*{n}", b"SE*{n}*{n}", b"PLB*1*20261231*L6:X*-{n}",
    b"NM1*QC*1*X", b"REF*6R*{n}", b"DTM*472*20261130", b"AMT*AU*1", b"CLM*X{n}*1***11:B:1",
)  # fmt: skip
REPEAT_COUNTS = (2, 3, 10, 50, 300, 1000)
BIG_REPEAT_COUNTS = (5000, 20_000)  # rarely: to find costs per segment that add up to seconds
