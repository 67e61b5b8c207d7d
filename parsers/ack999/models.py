"""Typed models of a 999 implementation acknowledgment (and of a 997 functional acknowledgment).

Field descriptions name the 999 element; the 997 element is the same with AK3/AK4/AK5 in place of
IK3/IK4/IK5.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from edi.x12.location import Location


class CodeMeaning(BaseModel):
    """A syntax error code and its meaning."""

    code: str = Field(description="the error code (IK502-IK506, AK905-AK909)")
    meaning: str | None = Field(None, description="the code in words; absent for unknown codes")


class Context(BaseModel):
    """One CTX segment: the business unit (e.g. CLM01) or the situational trigger of an error."""

    name: str = Field(description="CTX01-1 context name, e.g. CLM01 or SITUATIONAL TRIGGER")
    value: str | None = Field(None, description="CTX01-2 context reference, e.g. the CLM01 value")
    segment_id: str | None = Field(None, description="CTX02 segment ID of the trigger")
    position: int | None = Field(None, description="CTX03 segment position of the trigger")
    loop: str | None = Field(None, description="CTX04 loop ID of the trigger")
    element: int | None = Field(None, description="CTX05-1 element position of the trigger")
    component: int | None = Field(None, description="CTX05-2 component position of the trigger")
    repetition: int | None = Field(None, description="CTX05-3 repetition of the trigger")
    reference_number: str | None = Field(
        None, description="CTX06-1 data element reference number of the trigger"
    )
    component_reference_number: str | None = Field(
        None, description="CTX06-2 data element reference number of the trigger's component"
    )


class ElementError(BaseModel):
    """One IK4 (997: AK4): an element in error inside the segment of its IK3."""

    position: int | None = Field(None, description="IK401-1 element position in the segment")
    component: int | None = Field(None, description="IK401-2 component position")
    repetition: int | None = Field(None, description="IK401-3 repeating element position")
    reference_number: str | None = Field(None, description="IK402 data element reference number")
    code: str = Field(description="IK403 implementation data element syntax error code")
    meaning: str | None = Field(None, description="IK403 in words")
    bad_value: str | None = Field(None, description="IK404 copy of the bad data element")
    contexts: list[Context] = Field(default_factory=list, description="CTX after the IK4")


class SegmentError(BaseModel):
    """One IK3 loop (2100; 997: AK3): a segment in error, its context and element errors."""

    segment_id: str = Field(description="IK301 segment ID code")
    position: int | None = Field(None, description="IK302 segment position in the set (ST = 1)")
    loop: str | None = Field(None, description="IK303 loop identifier code")
    code: str | None = Field(None, description="IK304 implementation segment syntax error code")
    meaning: str | None = Field(None, description="IK304 in words")
    patient_control_number: str | None = Field(
        None, description="CTX01-2 of CTX*CLM01: the claim's CLM01, when the sender names it"
    )
    contexts: list[Context] = Field(default_factory=list, description="CTX segments of the IK3")
    element_errors: list[ElementError] = Field(default_factory=list, description="IK4 loops (2110)")


class SetResponse(BaseModel):
    """One AK2 loop (2000): the response to one transaction set, closed by IK5 (997: AK5)."""

    set_id: str = Field(description="AK201 transaction set identifier code, e.g. 837")
    set_id_meaning: str | None = Field(None, description="AK201 in words")
    set_control_number: str = Field(description="AK202 transaction set control number (ST02)")
    implementation: str | None = Field(
        None, description="AK203 implementation convention reference (ST03)"
    )
    status: str = Field(description="IK501 transaction set acknowledgment code")
    status_meaning: str | None = Field(None, description="IK501 in words")
    accepted: bool = Field(description="IK501 is A or E: the set's claims went on; otherwise none")
    set_errors: list[CodeMeaning] = Field(
        default_factory=list, description="IK502-IK506 syntax error codes"
    )
    errors: list[SegmentError] = Field(default_factory=list, description="IK3 loops (2100)")
    location: Location | None = Field(
        None,
        exclude=True,
        repr=False,
        description="where the AK2 segment stands in the file (none when it is missing), for "
        "the ledger's events and findings; not part of the JSON output",
    )


class FunctionalGroupResponse(BaseModel):
    """A 999 or 997: the acknowledged functional group (AK1), set responses and AK9 result."""

    functional_id: str = Field(description="AK101 functional identifier code (GS01 acked)")
    functional_id_meaning: str | None = Field(None, description="AK101 in words")
    group_control_number: str = Field(description="AK102 group control number (GS06 acked)")
    version: str | None = Field(None, description="AK103 version/release (GS08 acked)")
    group_status: str = Field(description="AK901 functional group acknowledge code")
    group_status_meaning: str | None = Field(None, description="AK901 in words")
    sets_included: int | None = Field(
        None, description="AK902 number of transaction sets included (GE01)"
    )
    sets_received: int | None = Field(None, description="AK903 number of received sets")
    sets_accepted: int | None = Field(None, description="AK904 number of accepted sets")
    group_errors: list[CodeMeaning] = Field(
        default_factory=list, description="AK905-AK909 group syntax error codes"
    )
    set_responses: list[SetResponse] = Field(default_factory=list, description="AK2 loops (2000)")
    location: Location | None = Field(
        None,
        exclude=True,
        repr=False,
        description="where the AK1 segment stands in the file (none when it is missing), for "
        "the ledger's events and findings; not part of the JSON output",
    )
