"""The parties of an 837 in the claim input format: submitter, receiver, billing provider,
subscriber, payer, patient, claim providers and other payers (COB)."""

from __future__ import annotations

from edi.x12.grammar import Loop
from edi.x12.segment import Segment
from parsers.claim837.values import (
    Json,
    address,
    amount,
    compact,
    d8,
    dated,
    entity_name,
    npi,
    own,
    reference,
    taxonomy,
    text,
)


def _contacts(per: Segment | None) -> dict[str, str]:
    """PER03/05/07 qualifier -> PER04/06/08 number."""
    if per is None:
        return {}
    return {per[i]: per[i + 1] for i in (3, 5, 7) if per[i] and per[i + 1]}


def submitter(loop: Loop) -> Json:
    """1000A, as the submitter settings of the configuration."""
    nm1 = next(loop.segments())
    per = loop.first("PER")
    contacts = _contacts(per)
    return compact(
        {
            "name": text(nm1[3]),
            "id": text(nm1[9]),
            "contact_name": text(per[2]) if per is not None else None,
            "phone": contacts.get("TE"),
            "email": contacts.get("EM"),
        }
    )


def receiver(loop: Loop) -> Json:
    nm1 = next(loop.segments())
    return compact({"name": text(nm1[3]), "id": text(nm1[9])})


def billing_provider(level: Loop) -> Json:
    """2000A PRV and 2010AA."""
    name = own(level, "2010AA")
    if name is None:
        return {}
    nm1 = name.first("NM1_85")
    tax = name.first("REF_EI") or name.first("REF_SY")
    per = name.first("PER")
    data = entity_name(nm1) if nm1 is not None else {}
    data.update(
        compact(
            {
                "npi": npi(nm1) if nm1 is not None else None,
                "tax_id": text(tax[2]) if tax is not None else None,
                "tax_id_qualifier": tax[1] if tax is not None else None,
                "taxonomy": taxonomy(level),
                "address": address(name),
                "contact_name": text(per[2]) if per is not None else None,
                "phone": _contacts(per).get("TE"),
            }
        )
    )
    return data


def pay_to_address(level: Loop) -> Json | None:
    loop = own(level, "2010AB")
    return address(loop) if loop is not None else None


def subscriber(level: Loop) -> Json:
    """2000B SBR and 2010BA."""
    sbr = level.first("SBR")
    name, nm1 = _name_loop(level, "2010BA", "NM1_IL")
    data = _person(nm1)
    member_id = text(nm1[9]) if nm1 is not None else None
    data.update(compact({"member_id": member_id, **_demographics(name)}))
    if sbr is not None:
        data.update(
            compact(
                {
                    "payer_responsibility": text(sbr[1]),
                    "group_number": text(sbr[3]),
                    "group_name": text(sbr[4]),
                    "insurance_type": text(sbr[5]),
                    "claim_filing_indicator": text(sbr[9]),
                }
            )
        )
    return data


def _name_loop(level: Loop, loop: str, token: str) -> tuple[Loop | None, Segment | None]:
    """A subscriber's or patient's name loop and its NM1."""
    name = own(level, loop)
    return name, name.first(token) if name is not None else None


def _demographics(name: Loop | None) -> Json:
    """Birth date and sex (DMG) and address (N3/N4) of a subscriber or patient name loop."""
    dmg = name.first("DMG") if name is not None else None
    return {
        "birth_date": d8(dmg[2]) if dmg is not None else None,
        "sex": text(dmg[3]) if dmg is not None else None,
        "address": address(name) if name is not None else None,
    }


def _person(nm1: Segment | None) -> Json:
    """A person's name (the models of subscribers and patients have no organisation name)."""
    if nm1 is None:
        return {}
    return compact(
        {
            "last_name": text(nm1[3]),
            "first_name": text(nm1[4]),
            "middle_name": text(nm1[5]),
            "suffix": text(nm1[7]),
        }
    )


def payer(level: Loop) -> Json:
    """2010BB."""
    loop = own(level, "2010BB")
    nm1 = loop.first("NM1_PR") if loop is not None else None
    if loop is None or nm1 is None:
        return {}
    return compact({"name": text(nm1[3]), "payer_id": text(nm1[9]), "address": address(loop)})


def payer_qualifier(level: Loop) -> str:
    """2010BB NM108: PI (payer ID) or XV (CMS plan ID); not in the claim input, which assumes PI."""
    loop = own(level, "2010BB")
    nm1 = loop.first("NM1_PR") if loop is not None else None
    return nm1[8] if nm1 is not None else ""


def patient(level: Loop) -> Json:
    """2000C PAT and 2010CA."""
    pat = level.first("PAT")
    name, nm1 = _name_loop(level, "2010CA", "NM1_QC")
    data = _person(nm1)
    relationship = text(pat[1]) if pat is not None else None
    data.update(compact({"relationship": relationship, **_demographics(name)}))
    return data


def provider(loop: Loop | None) -> Json | None:
    """A 2310/2420 provider: name, NPI and PRV taxonomy."""
    if loop is None:
        return None
    nm1 = next(loop.segments())
    data = entity_name(nm1)
    data.update(compact({"npi": npi(nm1), "taxonomy": taxonomy(loop)}))
    return data


def facility(loop: Loop | None) -> Json | None:
    """Service facility location (837P 2310C, 837I 2310E)."""
    if loop is None:
        return None
    nm1 = next(loop.segments())
    return compact({"name": text(nm1[3]), "npi": npi(nm1), "address": address(loop)})


def other_payer(loop: Loop) -> Json:
    """2320 with its 2330A (other subscriber) and 2330B (other payer)."""
    sbr, oi = loop.first("SBR"), loop.first("OI")
    data = compact(
        {
            "payer_responsibility": text(sbr[1]) if sbr else None,
            "relationship": text(sbr[2]) if sbr else None,
            "group_number": text(sbr[3]) if sbr else None,
            "group_name": text(sbr[4]) if sbr else None,
            "claim_filing_indicator": text(sbr[9]) if sbr else None,
            "adjustments": [
                a for cas in loop.segments() if cas.id == "CAS" for a in _adjustments(cas)
            ],
            "paid_amount": _amount(loop, "AMT_D"),
            "non_covered_amount": _amount(loop, "AMT_A8"),
            "remaining_patient_liability": _amount(loop, "AMT_EAF"),
            "benefits_assignment": text(oi[3]) if oi else None,
            "release_of_information": text(oi[6]) if oi else None,
        }
    )
    sub = own(loop, "2330A")
    if sub is not None:
        nm1 = next(sub.segments())
        data["subscriber"] = _person(nm1) | compact({"member_id": text(nm1[9])})
    other = own(loop, "2330B")
    if other is not None:
        data.update(_other_payer_name(other))
    return data


def _other_payer_name(loop: Loop) -> Json:
    nm1 = next(loop.segments())
    when = dated(loop, "573")
    return compact(
        {
            "payer": compact(
                {"name": text(nm1[3]), "payer_id": text(nm1[9]), "address": address(loop)}
            ),
            "adjudication_date": d8(when[3]) if when is not None else None,
            "payer_claim_number": reference(loop, "F8"),
        }
    )


def _adjustments(cas: Segment) -> list[Json]:
    """CAS01 group with up to six (reason, amount, quantity) triples from CAS02."""
    out = []
    for start in range(2, 20, 3):
        if cas[start]:
            out.append(
                compact(
                    {
                        "group_code": cas[1],
                        "reason_code": cas[start],
                        "amount": amount(cas[start + 1]),
                    }
                )
            )
    return out


def _amount(loop: Loop, token: str) -> object:
    seg = loop.first(token)
    return amount(seg[2]) if seg is not None else None
