"""SMART aim checker: each element met, missing or unclear, with the fix in words."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_qi.domain.worksheets.aims import (
    AimParts,
    ElementStatus,
    SmartElement,
    check_aim,
    compose_aim,
)
from lti_qi.domain.worksheets.aims_text import parse_aim_text, parse_quantity

TODAY = date(2026, 6, 1)
S, M, A, R, T = SmartElement
MET, MISSING, UNCLEAR, REFLECT = ElementStatus

GOOD = AimParts("decrease", "untouched lunch trays", "20%", "10%", "2027-03-31", "on Wards 4 and 5")


def statuses(aim):
    feedback = check_aim(aim, today=TODAY)
    return {item.element: item.status for item in feedback.elements}


@pytest.mark.parametrize(
    "aim",
    [
        GOOD,
        "To reduce untouched lunch trays from 20% to 10% by 31 March 2027 on Wards 4 and 5.",
        "Increase hand hygiene compliance from 60% to 95% by June 2027 in the emergency department",
        "To increase patients screened from 1 in 5 to 1 in 2 by 31/12/2026 for adults in clinic",
        "To reduce door-to-needle time from 45 min (estimate) to 30 mins by 2027-03-31 at the ED",
        "To reduce falls from 12 to 6 per month on Ward 7 by end of March 2027",
        {
            "direction": "increase",
            "measure": "discharges before noon",
            "baseline": "15%",
            "target": "40%",
            "target_date": "2026-12-31",
            "population": "Ward 9",
        },
    ],
)
def test_good_aims_meet_every_element_a_machine_can_check(aim):
    feedback = check_aim(aim, today=TODAY)
    assert statuses(aim) == {S: MET, M: MET, A: REFLECT, R: REFLECT, T: MET}, feedback.elements
    assert feedback.is_complete
    assert "achievable and relevant" in feedback.summary


@pytest.mark.parametrize(
    ("parts", "element", "status", "words"),
    [
        (AimParts(), S, MISSING, "Say what you will measure"),
        (AimParts(), M, MISSING, "Add numbers"),
        (AimParts(), T, MISSING, "Add a date: by when do you want to reach your target?"),
        (AimParts(target="15%"), T, MISSING, "Add a date: by when do you want to reach 15%?"),
        (
            GOOD.__class__(**{**GOOD.__dict__, "measure": ""}),
            S,
            UNCLEAR,
            "Say what you will measure",
        ),
        (AimParts(**{**GOOD.__dict__, "population": ""}), S, UNCLEAR, "Add where and for whom"),
        (AimParts(**{**GOOD.__dict__, "direction": ""}), S, UNCLEAR, "increase or decrease"),
        (AimParts(**{**GOOD.__dict__, "baseline": ""}), M, UNCLEAR, "Add your starting point"),
        (AimParts(**{**GOOD.__dict__, "target": ""}), M, UNCLEAR, "Add a target"),
        (AimParts(**{**GOOD.__dict__, "baseline": "high"}), M, UNCLEAR, "needs a number"),
        (AimParts(**{**GOOD.__dict__, "target": "20%"}), M, UNCLEAR, "same as your baseline"),
        (AimParts(**{**GOOD.__dict__, "target": "110%"}), M, UNCLEAR, "more than 100%"),
        (AimParts(**{**GOOD.__dict__, "target": "10 minutes"}), M, UNCLEAR, "different units"),
        (
            AimParts(**{**GOOD.__dict__, "target": "30%"}),
            M,
            UNCLEAR,
            "is higher than your baseline",
        ),
        (
            AimParts("increase", "screening", "40%", "20%", "2027-01-31", "on Ward 7"),
            M,
            UNCLEAR,
            "increase screening, but your target (20%) is lower than your baseline (40%)",
        ),
        (
            AimParts(**{**GOOD.__dict__, "by_date": "2026-05-31"}),
            T,
            UNCLEAR,
            "31 May 2026 is not in the future",
        ),
        (AimParts(**{**GOOD.__dict__, "by_date": "2026-06-01"}), T, UNCLEAR, "not in the future"),
        (
            AimParts(**{**GOOD.__dict__, "by_date": "the summer"}),
            T,
            UNCLEAR,
            "“the summer” is not a calendar date",
        ),
    ],
)
def test_each_gap_is_named_with_how_to_fix_it(parts, element, status, words):
    finding = check_aim(parts, today=TODAY).element(element)
    assert finding.status is status
    assert words in finding.message


@pytest.mark.parametrize(
    ("text", "element", "words"),
    [
        (
            "To improve discharge times on Ward 7 from 20% to 50% by May 2027",
            S,
            "“Improve” does not say",
        ),
        (
            "To reduce delays by introducing a checklist",
            S,
            "“by introducing a checklist” describes a change",
        ),
        (
            "To reduce waiting time from 4 hours to 2 hours within six months in ED",
            T,
            "not a calendar date",
        ),
        (
            "To increase screening from 40% to 20% by March 2027 on Ward 7",
            M,
            "lower than your baseline",
        ),
        (
            "To reduce falls from 10 to 5 by March 2025 on Ward 7",
            T,
            "31 March 2025 is not in the future",
        ),
    ],
)
def test_free_text_aims_get_the_same_checks(text, element, words):
    finding = check_aim(text, today=TODAY).element(element)
    assert finding.status in (MISSING, UNCLEAR)
    assert words in finding.message


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        (AimParts(**{**GOOD.__dict__, "target": "0%"}), "rarely reached"),
        (AimParts(**{**GOOD.__dict__, "by_date": "2026-06-20"}), "less than four weeks"),
        (AimParts(**{**GOOD.__dict__, "by_date": "2028-01-31"}), "more than a year away"),
    ],
)
def test_achievable_is_never_a_verdict_but_notices_what_is_worth_discussing(parts, words):
    finding = check_aim(parts, today=TODAY).element(A)
    assert finding.status is REFLECT
    assert "mentor" in finding.message
    assert words in finding.message


def test_relevant_reflects_the_chosen_quality_dimensions():
    parts = AimParts(**{**GOOD.__dict__, "quality_dimensions": ("safe", "patient_centred")})
    finding = check_aim(parts, today=TODAY).element(R)
    assert finding.status is REFLECT
    assert "safe and patient-centred" in finding.message


def test_summary_names_the_elements_that_need_work():
    feedback = check_aim(AimParts(**{**GOOD.__dict__, "by_date": ""}), today=TODAY)
    assert feedback.summary == "Your aim needs more work on: Time-bound."
    assert not feedback.is_complete


@pytest.mark.parametrize(
    ("parts", "sentence"),
    [
        (
            AimParts("decrease", "X", "15%", "5%", "2027-03-31", "on Ward 7"),
            "To reduce X from 15% to 5% by 31 March 2027 on Ward 7",
        ),
        (
            AimParts("increase", "screening", "40%", "80%", "31/12/2026", "Ward 7"),
            "To increase screening from 40% to 80% by 31 December 2026 in Ward 7",
        ),
        (
            AimParts(measure="falls", baseline="12"),
            "To [increase / reduce] falls from 12 to [target] by [date] [for whom or where]",
        ),
    ],
)
def test_the_aim_sentence_is_composed_from_its_parts(parts, sentence):
    assert compose_aim(parts) == sentence
    assert check_aim(parts, today=TODAY).sentence == sentence


def test_builder_parts_win_over_free_text_and_blanks_are_filled_from_it():
    parts = AimParts(
        measure="trays left untouched", text="To reduce falls from 20% to 10% by May 2027 on Ward 4"
    )
    feedback = check_aim(parts, today=TODAY)
    assert feedback.parts.measure == "trays left untouched"
    assert feedback.parts.baseline == "20%"
    assert feedback.parts.population == "on Ward 4"


def test_parse_aim_text_reads_the_template_in_either_order():
    first = parse_aim_text("To reduce X from 15% to 5% by 31 March 2027 on Ward 7")
    second = parse_aim_text("To reduce X from 15% to 5% on Ward 7 by 31 March 2027")
    assert first == second == AimParts("decrease", "X", "15%", "5%", "2027-03-31", "on Ward 7")


@pytest.mark.parametrize(
    ("typed", "value", "unit", "estimate"),
    [
        ("20%", 20, "%", False),
        ("20 per cent", 20, "%", False),
        ("1 in 5", 20, "%", False),
        ("45 mins", 45, "minute", False),
        ("about 3 per week", 3, "per week", True),
        ("12 (estimate)", 12, "", True),
        ("1,200 patients", 1200, "patient", False),
    ],
)
def test_parse_quantity(typed, value, unit, estimate):
    quantity = parse_quantity(typed)
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.is_estimate) == (value, unit, estimate)


def test_parse_quantity_without_a_number_is_none():
    assert parse_quantity("a fifth") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.dates())
def test_any_text_gets_feedback_and_achievable_and_relevant_are_never_met(text, today):
    feedback = check_aim(text, today=today)
    assert [item.element for item in feedback.elements] == list(SmartElement)
    assert all(item.message for item in feedback.elements)
    assert feedback.element(A).status is REFLECT
    assert feedback.element(R).status is REFLECT
