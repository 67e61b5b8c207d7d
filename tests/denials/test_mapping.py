"""The mapping file: complete for the closed code lists, checked when read, read once."""

from __future__ import annotations

import pytest

from edi.model.denials import Action, Category, Rule, denial_mapping, load_mapping
from edi.model.denials.mapping import PACKAGED, ClaimEffect
from edi.x12.errors import ConfigError
from parsers.ack999 import codes as ack_codes
from parsers.codes import CLAIM_STATUS
from parsers.status277 import codes as status_codes


def missing(listed: object, mapped: object) -> list[str]:
    return sorted(set(listed) - set(mapped))  # type: ignore[call-overload]


def test_the_mapping_is_read_once() -> None:
    assert denial_mapping() is denial_mapping()


def test_every_clp02_code_of_the_835_guide_is_mapped() -> None:
    assert missing(CLAIM_STATUS, denial_mapping().claim_statuses) == []
    assert denial_mapping().claim_statuses["22"].effect is ClaimEffect.REVERSAL


def test_every_277_category_code_is_mapped() -> None:
    assert missing(status_codes.CATEGORIES, denial_mapping().stc_categories) == []


def test_the_277_rejection_categories_all_have_a_category() -> None:
    table = denial_mapping().stc_categories
    assert sorted(c for c in status_codes.REJECTED_CATEGORIES if table[c].category is None) == []
    assert sorted(c for c in status_codes.ACCEPTED_CATEGORIES if table[c].category) == []


def test_every_999_status_and_error_code_is_mapped() -> None:
    mapping = denial_mapping()
    assert missing(ack_codes.GROUP_STATUS, mapping.ack_statuses) == []
    assert missing(ack_codes.SET_ERRORS, mapping.set_errors) == []
    assert missing(ack_codes.GROUP_ERRORS, mapping.group_errors) == []
    rejected = sorted(c for c, s in mapping.ack_statuses.items() if s.rejected)
    assert rejected == sorted(set(ack_codes.SET_STATUS) - ack_codes.ACCEPTED)


def test_every_category_and_action_has_words() -> None:
    assert {c: c.description for c in Category}[Category.MISSING_INFORMATION] == (
        "missing or invalid information"
    )
    assert all(c.description for c in Category)
    assert all(a.description for a in Action)
    assert [a for a in Action if not a.needs_work] == [Action.NONE]


def test_every_mapped_rule_is_well_formed() -> None:
    mapping = denial_mapping()
    tables = (mapping.carcs, mapping.rarcs, mapping.stc_categories, mapping.stc_statuses)
    for table in (*tables, mapping.set_errors, mapping.group_errors):
        for code, rule in table.items():
            assert rule.mapped, code
            assert rule.category is not None or rule.action is Action.NONE, code
    # Under CO the provider is liable: no CO entry bills the patient.
    assert [
        k
        for k, r in mapping.carcs.items()
        if k.startswith("CO-") and r.action is Action.BILL_PATIENT
    ] == []


def test_group_entries_come_before_the_code() -> None:
    mapping = denial_mapping()
    assert mapping.carc("PR", "96") == mapping.carcs["PR-96"]
    assert mapping.carc("CO", "96") == mapping.carcs["96"]
    assert mapping.carc("CR", "96") == mapping.carcs["96"]  # 4010's CR group: the code decides
    assert mapping.carc("CO", "999") is None


VALID = """
[sources]
clp02 = "s"
carc = "s"
rarc = "s"
stc_category = "s"
stc_status = "s"
ack_status = "s"
set_error = "s"
group_error = "s"
[clp02]
"4" = { effect = "denied", note = "denied" }
[carc]
"50" = { category = "medical_necessity", action = "appeal", note = "necessity" }
[rarc]
"N1" = { note = "appeal rights" }
[stc_category]
"A7" = { category = "missing_information", action = "correct_and_resubmit", note = "invalid" }
[stc_status]
"21" = { category = "missing_information", action = "correct_and_resubmit", note = "missing" }
[ack_status]
"R" = { rejected = true, note = "rejected" }
[set_error]
"5" = { category = "missing_information", action = "correct_and_resubmit", note = "segments" }
[group_error]
"5" = { category = "missing_information", action = "correct_and_resubmit", note = "count" }
"""


def test_a_small_valid_mapping_loads() -> None:
    mapping = load_mapping(VALID, "small.toml")
    assert mapping.carc("CO", "50") == Rule(Category.MEDICAL_NECESSITY, Action.APPEAL, "necessity")
    assert mapping.rarcs["N1"] == Rule(None, Action.NONE, "appeal rights")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"50" = { category = "medical_necessity"',
            '"50" = { category = "necessity"',
            "[carc.50]: unknown category 'necessity'",
        ),
        ('action = "appeal"', 'action = "fight"', "[carc.50]: unknown action 'fight'"),
        (', action = "appeal"', "", "[carc.50]: an entry with a category needs an action"),
        ('note = "necessity"', 'note = ""', "[carc.50]: every entry needs a note in our own words"),
        ('note = "necessity"', 'note = "n", why = "x"', "[carc.50]: unknown key(s) why"),
        (
            '"N1" = { note',
            '"N1" = { action = "appeal", note',
            "[rarc.N1]: an entry without a category has no action to take",
        ),
        (
            '"50" = {',
            '"CO-1" = { category = "patient_responsibility", action = "bill_patient", '
            'note = "x" }\n"50" = {',
            "[carc.CO-1]: under CO the provider is liable: not bill_patient",
        ),
        (
            '"50" = {',
            '"XX-1" = { category = "other", action = "none", note = "x" }\n"50" = {',
            "[carc.XX-1]: a group key is CO-, OA-, PI- or PR- and a code",
        ),
        ('effect = "denied"', 'effect = "lost"', "[clp02.4]: unknown effect 'lost'"),
        ("rejected = true", 'rejected = "yes"', "[ack_status.R]: rejected is true or false"),
        ('group_error = "s"\n', "", "[sources]: one source line for each table"),
        ("[stc_status]", "[stc_statuses]", "[stc_statuses]: unknown table(s)"),
    ],
)
def test_a_wrong_entry_stops_loading_with_its_place(old: str, new: str, message: str) -> None:
    assert old in VALID
    with pytest.raises(ConfigError) as caught:
        load_mapping(VALID.replace(old, new, 1), "small.toml")
    assert str(caught.value) == f"small.toml: denial mapping {message}"


def test_a_missing_table_and_bad_toml() -> None:
    with pytest.raises(ConfigError) as caught:
        load_mapping(VALID.split("[group_error]")[0])
    assert str(caught.value) == f"{PACKAGED}: denial mapping [group_error]: table missing or empty"
    with pytest.raises(ConfigError) as caught:
        load_mapping("[carc", "broken.toml")
    assert str(caught.value).startswith("broken.toml: denial mapping is not valid TOML: ")
