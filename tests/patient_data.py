"""Broken X12 files that carry a made-up patient's name, member ID, birth date and address.

Every message x12flow prints about these files (findings, log lines, error files) must leave that
data out. The files are small and kept in ``tests/data/patient_data/`` (one per kind of damage);
:func:`bad_files` makes them and ``python -m tests.patient_data`` writes them again. Two more,
too large to keep, are made on demand by :func:`large_files`. :func:`leaks` names the pieces of
patient data a text gives away.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from edi.model.claim import Claim
from tests.conftest import PROFESSIONAL_HEADER as HEADER
from tests.conftest import interchange, isa, transaction_set

FOLDER = Path(__file__).resolve().parent / "data" / "patient_data"

LAST_NAME = "ZZQUINTANILLA"
FIRST_NAME = "XIOMARA"
MEMBER_ID = "MBR98765432X"
BIRTH_DATE = "19610423"
STREET = "742 EVERGREEN TERRACE"
CITY = "SHELBYVILLEZ"
BIRTH = date(1961, 4, 23)
HOME = {"line1": STREET, "city": CITY}

SECRETS = (
    "QUINTANILLA",
    FIRST_NAME,
    "98765432",
    BIRTH_DATE,
    "1961-04-23",
    "EVERGREEN",
    CITY,
)
"""What no message may hold: each piece of the patient's data, and its recognisable parts."""


def leaks(text: str) -> list[str]:
    """The pieces of patient data ``text`` gives away (case-insensitive)."""
    upper = text.upper()
    return [secret for secret in SECRETS if secret in upper]


# -- an 837P around the patient ----------------------------------------------------------------
SUBSCRIBER = [
    "HL*2*1*22*0",
    "SBR*P*18*******CI",
    f"NM1*IL*1*{LAST_NAME}*{FIRST_NAME}****MI*{MEMBER_ID}",
    f"N3*{STREET}",
    f"N4*{CITY}*IL*627040001",
    f"DMG*D8*{BIRTH_DATE}*F",
    "NM1*PR*2*PAYER*****PI*P1",
]
CLAIM = [
    "CLM*PCN1001*150***11:B:1*Y*A*Y*Y",
    "HI*ABK:R05",
    "LX*1",
    "SV1*HC:99213*150*UN*1***1",
    "DTP*472*D8*20260101",
]


def professional(body: list[str], element: str = "*") -> str:
    """An 837P interchange around ``body`` (the segments between ST and SE)."""
    return interchange(
        transaction_set("837", "0001", body, "005010X222A1"),
        functional_id="HC",
        version="005010X222A1",
        element=element,
    )


def _swap(lines: list[str], old: str, new: str | list[str]) -> list[str]:
    at = lines.index(old)
    return [*lines[:at], *([new] if isinstance(new, str) else new), *lines[at + 1 :]]


def _subscriber(**changes: str | list[str]) -> list[str]:
    """SUBSCRIBER with segments replaced, keyed by segment ID (``NM1`` is the NM1*IL)."""
    lines = list(SUBSCRIBER)
    for seg_id, new in changes.items():
        old = next(line for line in lines if line.startswith(seg_id + "*"))
        lines = _swap(lines, old, new)
    return lines


def not_x12() -> str:
    """Plain text that starts with the patient's name."""
    return f"{LAST_NAME}, {FIRST_NAME}\nmember {MEMBER_ID}, born {BIRTH_DATE}\n{STREET}, {CITY}\n"


def body_separator() -> str:
    """The ISA declares ``*``; the patient's segments are written with ``|``."""
    piped = [line.replace("*", "|") for line in SUBSCRIBER[2:6]]
    return professional(HEADER + SUBSCRIBER[:2] + piped + SUBSCRIBER[6:] + CLAIM)


def person_elements() -> str:
    """NM1, N3, N4 and DMG with values in the wrong elements and too long."""
    body = _subscriber(
        NM1=f"NM1*IL*{LAST_NAME}*1*{FIRST_NAME}***{MEMBER_ID}*MI",
        N3=f"N3*{STREET} {STREET} {STREET} {STREET}",
        N4=f"N4*IL*{CITY}*627040001",
        DMG=f"DMG*{BIRTH_DATE}*F*D8",
    )
    return professional(HEADER + body + CLAIM)


def birth_dates() -> str:
    """DMG birth dates that are not dates: a letter after, a digit short, a dash inside."""
    body = _subscriber(
        DMG=[f"DMG*D8*{BIRTH_DATE}X*F", f"DMG*D8*{BIRTH_DATE[:-1]}*F", "DMG*D8*1961-04-23*F"]
    )
    return professional(HEADER + body + CLAIM)


def long_member_id() -> str:
    """A member ID (NM109) far longer than the 80 characters the element takes."""
    body = _subscriber(NM1=f"NM1*IL*1*{LAST_NAME}*{FIRST_NAME}****MI*{MEMBER_ID * 8}")
    return professional(HEADER + body + CLAIM)


def truncated() -> str:
    """The file ends in the middle of the patient's name."""
    whole = professional(HEADER + SUBSCRIBER + CLAIM)
    return whole[: whole.index(FIRST_NAME) + 3]


def after_iea() -> str:
    """The patient's segments again, after the interchange trailer."""
    tail = "~\n".join(SUBSCRIBER[2:6]) + "~\n"
    return professional(HEADER + SUBSCRIBER + CLAIM) + tail


def malformed_subscriber() -> str:
    """A subscriber level without SBR, an NM1 whose qualifier is the name, a segment whose ID is
    the name, and the member ID where the HL level code belongs."""
    body = [
        "HL*2*1*22*0",
        f"NM1*{LAST_NAME}*1*{FIRST_NAME}****MI*{MEMBER_ID}",
        f"{LAST_NAME}*{MEMBER_ID}*{BIRTH_DATE}",
        f"HL*3*2*{MEMBER_ID}*0",
        f"DMG*D8*{BIRTH_DATE}*F",
        f"N3*{STREET}",
    ]
    return professional(HEADER + body + CLAIM)


def bare_set() -> str:
    """A transaction set with no envelope, its patient segments broken."""
    body = HEADER + _subscriber(DMG=f"DMG*{BIRTH_DATE}", N4=f"N4*{CITY}*{CITY}*{CITY}") + CLAIM
    return "~\n".join(transaction_set("837", "0001", body, "005010X222A1")) + "~\n"


def remittance() -> str:
    """An 835 whose patient (NM1*QC), amounts and dates are broken."""
    body = [
        "BPR*I*150.00*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*987654321*20261203",
        "TRN*1*EFT1*1512345678",
        "N1*PR*PAYER*XV*P1",
        "N1*PE*CLINIC*XX*1234567893",
        "LX*1",
        f"CLP*PCN1001*1*{LAST_NAME}*150.00**12*ICN1*11*1",
        f"NM1*QC*1*{LAST_NAME}*{FIRST_NAME}****MI*{MEMBER_ID}",
        f"NM1|IL|1|{LAST_NAME}|{FIRST_NAME}||||MI|{MEMBER_ID}",
        f"DTM*050*{BIRTH_DATE}X",
        f"SVC*HC:99213*150.00*{MEMBER_ID}**1",
        f"DTM*472*{BIRTH_DATE}7",
    ]
    return interchange(transaction_set("835", "0001", body))


def claim_status() -> str:
    """A 277CA whose patient level has a name too long, bad dates and a misplaced member ID."""
    body = [
        "BHT*0085*08*BATCH-77*20261201*0900*TH",
        "HL*1**20*1",
        "NM1*PR*2*PAYER*****PI*12345",
        "TRN*1*RCPT-9001",
        "DTP*050*D8*20261130",
        "DTP*009*D8*20261201",
        "HL*2*1*21*1",
        "NM1*41*2*SUBMITTER*****46*SUB01",
        "TRN*2*BATCH-77",
        "STC*A1:19:PR*20261201*WQ*150",
        "HL*3*2*19*1",
        "NM1*85*2*CLINIC*****XX*1234567893",
        "TRN*1*PROV-1",
        "STC*A1:19:PR**WQ*150",
        "HL*4*3*PT",
        f"NM1*QC*1*{LAST_NAME * 6}*{FIRST_NAME}****{MEMBER_ID}*{MEMBER_ID}",
        "TRN*2*PCN1001",
        f"STC*A2:20:PR*{BIRTH_DATE}X*WQ*{LAST_NAME}",
        f"DTP*472*D8*{BIRTH_DATE}X",
        f"DTP*472*RD8*{BIRTH_DATE}-{BIRTH_DATE}1",
    ]
    return interchange(
        transaction_set("277", "0001", body, "005010X214"),
        functional_id="HN",
        version="005010X214",
    )


def control_numbers() -> str:
    """The patient's data where the group and set control numbers and dates belong."""
    body = transaction_set("837", MEMBER_ID, HEADER + SUBSCRIBER + CLAIM, "005010X222A1")
    return interchange(body, functional_id="HC", version="005010X222A1", group=LAST_NAME).replace(
        "*20261130*1200*", f"*{BIRTH_DATE}X*1200*", 1
    )


def bad_files() -> dict[str, bytes]:
    """Every small bad file, by name."""
    makers = {
        "not_x12.x12": not_x12,
        "body_separator.x12": body_separator,
        "person_elements.x12": person_elements,
        "birth_dates.x12": birth_dates,
        "long_member_id.x12": long_member_id,
        "truncated.x12": truncated,
        "after_iea.x12": after_iea,
        "malformed_subscriber.x12": malformed_subscriber,
        "bare_set.x12": bare_set,
        "remittance.x12": remittance,
        "claim_status.x12": claim_status,
        "control_numbers.x12": control_numbers,
    }
    return {name: make().encode() for name, make in makers.items()}


def large_files() -> dict[str, bytes]:
    """Files with a segment far past the reader's bound: one ends, one never does."""
    person = f"{LAST_NAME}*{FIRST_NAME}*{MEMBER_ID}*{BIRTH_DATE}*{STREET}*"
    long_name = f"NM1*IL*1*{person * 2000}****MI*{MEMBER_ID}"
    ended = professional([*HEADER, *SUBSCRIBER[:2], long_name, *SUBSCRIBER[3:], *CLAIM])
    endless = isa() + "~\n" + f"NM1*IL*1*{person * 40_000}"
    return {"long_segment.x12": ended.encode(), "no_terminator.x12": endless.encode()}


# -- a ledger claim for the patient ------------------------------------------------------------
def patient_claim(claim: Claim) -> Claim:
    """``claim`` for this patient: the subscriber's (and the patient's, when another) name,
    member ID, birth date and address, as the ledger keeps them for ``x12flow find``."""
    person = {"last_name": LAST_NAME, "first_name": FIRST_NAME, "birth_date": BIRTH}
    subscriber = claim.subscriber
    address = subscriber.address.model_copy(update=HOME) if subscriber.address else None
    changes: dict[str, object] = {
        "subscriber": subscriber.model_copy(
            update={**person, "member_id": MEMBER_ID, "address": address}
        )
    }
    if claim.patient is not None:
        changes["patient"] = claim.patient.model_copy(
            update={**person, "address": claim.patient.address.model_copy(update=HOME)}
        )
    return claim.model_copy(update=changes)


def remittance_lines(patient_control_number: str, status: str, paid: str, cas: str) -> list[str]:
    """A CLP for ``patient_control_number`` naming this patient in NM1*QC, with one CAS."""
    return [
        f"CLP*{patient_control_number}*{status}*150.00*{paid}*0*12*ICN-{patient_control_number}*11*1",
        f"CAS*{cas}",
        f"NM1*QC*1*{LAST_NAME}*{FIRST_NAME}****MI*{MEMBER_ID}",
    ]


def write(folder: Path = FOLDER) -> list[Path]:
    """Write :func:`bad_files` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in bad_files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)
