"""Deadlines per payer, the priority formula, and the assessment of a verdict as of a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from edi.model.denials import (
    DEFAULT_WINDOWS,
    Action,
    Assessment,
    Category,
    DeadlineKind,
    DeadlineSettings,
    PayerWindows,
    Verdict,
    assess,
    deadline,
    deadline_kind,
    next_action,
    priority,
)
from edi.x12.errors import ConfigError

JAN1 = dt.date(2026, 1, 1)


def test_default_windows() -> None:
    expected = PayerWindows(
        appeal_days=120, corrected_days=365, filing_days=365, next_payer_days=90
    )
    assert expected == DEFAULT_WINDOWS


@pytest.mark.parametrize(
    ("kind", "service", "expected"),
    [
        (DeadlineKind.APPEAL, None, dt.date(2026, 5, 1)),  # 120 days
        (DeadlineKind.NEXT_PAYER, None, dt.date(2026, 4, 1)),  # 90 days
        (DeadlineKind.CORRECTED_CLAIM, None, dt.date(2027, 1, 1)),  # 365 days
        # The filing limit from the date of service comes first.
        (DeadlineKind.CORRECTED_CLAIM, dt.date(2025, 6, 1), dt.date(2026, 6, 1)),
        # ... unless the corrected-claim window is shorter.
        (DeadlineKind.CORRECTED_CLAIM, dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
    ],
)
def test_deadline_defaults(kind: DeadlineKind, service: dt.date | None, expected: dt.date) -> None:
    assert deadline(kind, JAN1, DEFAULT_WINDOWS, service) == expected


def test_deadline_per_payer_from_a_configuration_table() -> None:
    settings = DeadlineSettings.from_table(
        {"appeal_days": 90, "payers": {"87726": {"appeal_days": 180}, "60054": {}}}
    )
    assert settings.for_payer("87726") == PayerWindows(180, 365, 365, 90)
    assert settings.for_payer("60054") == PayerWindows(90, 365, 365, 90)
    assert settings.for_payer("OTHER") == PayerWindows(90, 365, 365, 90)
    assert settings.for_payer(None) == PayerWindows(90, 365, 365, 90)
    windows = settings.for_payer("87726")
    assert deadline(DeadlineKind.APPEAL, JAN1, windows) == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"appeal": 90}, "x12flow.toml: unknown deadline setting(s): appeal"),
        (
            {"appeal_days": 0},
            "x12flow.toml: deadline window appeal_days must be 1 to 3650 days, not 0",
        ),
        (
            {"filing_days": "365"},
            "x12flow.toml: deadline window filing_days must be a whole number of days",
        ),
        (
            {"payers": {"P1": {"days": 3}}},
            "x12flow.toml: payer P1: unknown deadline setting(s) days",
        ),
        ({"payers": {"P1": 3}}, "x12flow.toml: payer P1: a table of windows"),
        ({"payers": []}, "x12flow.toml: payers is a table of payer ID to windows"),
    ],
)
def test_bad_deadline_settings_are_configuration_errors(
    table: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        DeadlineSettings.from_table(table, "x12flow.toml")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        (Action.APPEAL, DeadlineKind.APPEAL),
        (Action.CORRECT_AND_RESUBMIT, DeadlineKind.CORRECTED_CLAIM),
        (Action.BILL_NEXT_PAYER, DeadlineKind.NEXT_PAYER),
        (Action.REVIEW, DeadlineKind.APPEAL),
        (Action.BILL_PATIENT, None),
        (Action.WRITE_OFF, None),
        (Action.NONE, None),
    ],
)
def test_each_action_runs_against_one_window(action: Action, kind: DeadlineKind | None) -> None:
    assert deadline_kind(action) == kind


@pytest.mark.parametrize(
    ("amount", "days_left", "expected"),
    [
        ("300", 0, "300.00"),  # the last day: full weight
        ("1000", 30, "500.00"),  # 30 days left: half
        ("1000", 90, "250.00"),  # 90 days: a quarter
        ("700", 180, "100.00"),  # 180 days: a seventh
        ("100", None, "7.59"),  # no deadline: as if a year away, 100 × 30 / 395
        ("100", -1, "0.00"),  # the deadline passed
        ("0", 5, "0.00"),
        ("-50", 5, "0.00"),
    ],
)
def test_priority_formula(amount: str, days_left: int | None, expected: str) -> None:
    assert priority(Decimal(amount), days_left) == Decimal(expected)


def test_a_small_claim_due_today_outranks_a_large_one_due_later() -> None:
    assert priority(Decimal("300"), 0) > priority(Decimal("1000"), 90)
    assert priority(Decimal("1000"), 10) > priority(Decimal("300"), 10)


def test_next_action_closes_with_its_window() -> None:
    assert next_action(Action.APPEAL, 0) is Action.APPEAL
    assert next_action(Action.APPEAL, -1) is Action.WRITE_OFF
    assert next_action(Action.BILL_PATIENT, None) is Action.BILL_PATIENT


def verdict(action: Action, amount: str = "400.00") -> Verdict:
    return Verdict(Category.MEDICAL_NECESSITY, action, Decimal(amount), ())


def test_assess_an_appeal_before_and_after_its_deadline() -> None:
    before = assess(verdict(Action.APPEAL), received=JAN1, today=dt.date(2026, 4, 1))
    assert before == Assessment(
        Category.MEDICAL_NECESSITY,
        Action.APPEAL,
        Decimal("400.00"),
        dt.date(2026, 5, 1),
        30,
        Decimal("200.00"),
    )
    after = assess(verdict(Action.APPEAL), received=JAN1, today=dt.date(2026, 5, 2))
    assert (after.action, after.days_left, after.priority) == (
        Action.WRITE_OFF,
        -1,
        Decimal("0.00"),
    )


def test_assess_a_resubmission_against_the_filing_limit_of_a_payer() -> None:
    found = assess(
        verdict(Action.CORRECT_AND_RESUBMIT),
        received=JAN1,
        today=dt.date(2026, 2, 1),
        windows=PayerWindows(filing_days=90),
        service=dt.date(2025, 12, 1),
    )
    assert (found.deadline, found.days_left, found.priority) == (
        dt.date(2026, 3, 1),
        28,
        Decimal("206.90"),  # 400 × 30 / 58
    )


def test_assess_an_action_without_a_deadline() -> None:
    found = assess(verdict(Action.BILL_PATIENT, "79.00"), received=JAN1, today=JAN1)
    assert (found.action, found.deadline, found.days_left, found.priority) == (
        Action.BILL_PATIENT,
        None,
        None,
        Decimal("6.00"),  # 79 × 30 / 395
    )
