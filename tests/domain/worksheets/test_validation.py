"""Worksheet validation: cleaning, limits, saving versus submitting, unknown keys, ids."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_qi.domain.worksheets import spec_for
from lti_qi.domain.worksheets.schema import FieldSpec, FieldType, WorksheetKind
from lti_qi.domain.worksheets.validation import Severity, validate_worksheet

from journeys import GOOD_AIM


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        (
            WorksheetKind.AIM_STATEMENT,
            {"setting": "  Ward\t 7 \n north "},
            {"setting": "Ward 7 north"},
        ),
        (
            WorksheetKind.AIM_STATEMENT,
            {"problem": " a \r\n\r\n\r\n\r\nb  \n"},
            {"problem": "a\n\nb"},
        ),
        (WorksheetKind.AIM_STATEMENT, {"setting": "Ward\x00 7\x1b"}, {"setting": "Ward 7"}),
        (WorksheetKind.AIM_STATEMENT, {"direction": "DECREASE"}, {"direction": "decrease"}),
        (WorksheetKind.AIM_STATEMENT, {"direction": ""}, {}),
        (WorksheetKind.AIM_STATEMENT, {"target_date": "31/03/2027"}, {"target_date": "2027-03-31"}),
        (
            WorksheetKind.AIM_STATEMENT,
            {"target_date": date(2027, 3, 31)},
            {"target_date": "2027-03-31"},
        ),
        (
            WorksheetKind.AIM_STATEMENT,
            {"target_date": "31 March 2027"},
            {"target_date": "2027-03-31"},
        ),
        (
            WorksheetKind.AIM_STATEMENT,
            {"quality_dimensions": ["Safe: avoiding harm", "timely", "safe", ""]},
            {"quality_dimensions": ["safe", "timely"]},
        ),
        (WorksheetKind.PARETO, {"total_events": " 1,250 "}, {"total_events": 1250}),
        (WorksheetKind.PARETO, {"total_events": 12.0}, {"total_events": 12}),
        (
            WorksheetKind.PARETO,
            {"categories": [{"name": "Away", "count": "4.5"}, {"name": "", "count": ""}]},
            {"categories": [{"name": "Away", "count": 4.5}]},
        ),
        (
            WorksheetKind.FISHBONE,
            {"categories": [{"name": "People", "causes": [{"cause": "x", "most_likely": "on"}]}]},
            {"categories": [{"name": "People", "causes": [{"cause": "x", "most_likely": True}]}]},
        ),
        (
            WorksheetKind.FISHBONE,
            {"categories": [{"name": "P", "causes": [{"cause": "x", "most_likely": "off"}]}]},
            {"categories": [{"name": "P", "causes": [{"cause": "x"}]}]},
        ),
        (
            WorksheetKind.PROCESS_MAP,
            {"steps": {"1": {"step": "second"}, "0": {"step": "first"}}},
            {"steps": [{"step": "first"}, {"step": "second"}]},
        ),
    ],
)
def test_cleaning_turns_form_strings_into_stored_values(kind, data, expected):
    result = validate_worksheet(kind, data)
    assert result.document == expected
    assert result.can_save, result.errors


@pytest.mark.parametrize(
    ("kind", "data", "path", "words"),
    [
        (WorksheetKind.AIM_STATEMENT, {"setting": "x" * 201}, "setting", "201 characters"),
        (
            WorksheetKind.AIM_STATEMENT,
            {"target_date": "next spring"},
            "target_date",
            "must be a date",
        ),
        (
            WorksheetKind.AIM_STATEMENT,
            {"target_date": "30/02/2027"},
            "target_date",
            "must be a date",
        ),
        (WorksheetKind.AIM_STATEMENT, {"direction": "sideways"}, "direction", "“Increase”"),
        (WorksheetKind.PARETO, {"total_events": "lots"}, "total_events", "must be a number"),
        (WorksheetKind.PARETO, {"total_events": "2.5"}, "total_events", "whole number"),
        (WorksheetKind.PARETO, {"total_events": -1}, "total_events", "0 or more"),
        (WorksheetKind.PARETO, {"total_events": True}, "total_events", "could not be read"),
        (WorksheetKind.PARETO, {"total_events": float("nan")}, "total_events", "could not be read"),
        (WorksheetKind.PARETO, {"total_events": float("inf")}, "total_events", "ordinary number"),
        (WorksheetKind.PARETO, {"categories": "A, B"}, "categories", "could not be read"),
        (WorksheetKind.PARETO, {"categories": ["A"]}, "categories[0]", "could not be read"),
        (
            WorksheetKind.PARETO,
            {"categories": [{"name": "A", "count": -2}]},
            "categories[0].count",
            "0 or more",
        ),
        (
            WorksheetKind.PARETO,
            {"categories": [{"name": f"C{i}", "count": 1} for i in range(31)]},
            "categories",
            "the most you can save is 30",
        ),
    ],
)
def test_hard_errors_block_saving_and_keep_what_was_typed(kind, data, path, words):
    result = validate_worksheet(kind, data)
    assert not result.can_save
    assert not result.can_submit
    [error] = result.errors
    assert error.path == path
    assert words in error.message


def test_a_value_that_cannot_be_saved_is_kept_to_show_again():
    result = validate_worksheet(WorksheetKind.AIM_STATEMENT, {"target_date": "next spring"})
    assert result.document == {"target_date": "next spring"}


def test_messages_say_where_the_problem_is_in_words():
    data = {"steps": [{"step": "Phone", "who": "x" * 101}, {"step": "Wait"}, {"who": "porter"}]}
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, data)
    [error] = result.errors
    assert error.path == "steps[0].who"
    assert error.message.startswith("Step 1: “Who does it” is 101 characters long")
    missing = {p.path: p.message for p in result.missing}
    assert missing["steps[2].step"] == "Step 3: Fill in “What happens” before you submit."


def test_a_draft_with_required_parts_missing_can_be_saved_but_not_submitted():
    result = validate_worksheet(WorksheetKind.AIM_STATEMENT, {"measure": "falls"})
    assert result.can_save
    assert not result.can_submit
    assert {p.path for p in result.missing} >= {"problem", "baseline", "target_date"}
    assert all(p.severity is Severity.MISSING for p in result.missing)


def test_too_few_entries_blocks_submission_only():
    data = {"steps": [{"step": "one"}, {"step": "two"}]}
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, data)
    assert result.can_save
    assert not result.can_submit
    assert any(p.path == "steps" and "at least 3" in p.message for p in result.missing)


def test_a_complete_aim_can_be_submitted_and_is_complete():
    result = validate_worksheet(WorksheetKind.AIM_STATEMENT, GOOD_AIM)
    assert result.can_submit
    assert result.problems == ()
    assert result.completion == 1.0


@pytest.mark.parametrize(("filled", "expected"), [(0, 0.0), (3, 3 / 9), (9, 1.0)])
def test_completion_is_the_share_of_required_parts_filled(filled, expected):
    required = [spec.name for spec in spec_for(WorksheetKind.AIM_STATEMENT).fields if spec.required]
    data = {name: GOOD_AIM[name] for name in required[:filled]}
    assert validate_worksheet(WorksheetKind.AIM_STATEMENT, data).completion == pytest.approx(
        expected
    )


def test_a_list_with_an_unfinished_entry_does_not_count_as_complete():
    done = validate_worksheet(WorksheetKind.PDSA_LOG, {"cycles": [{"title": "one"}]})
    assert done.completion == 0.0


def test_unknown_keys_are_dropped_with_a_note_that_blocks_nothing():
    data = {**GOOD_AIM, "favourite_colour": "blue", "population": "on Ward 7"}
    result = validate_worksheet(WorksheetKind.AIM_STATEMENT, data)
    assert "favourite_colour" not in result.document
    [note] = result.notes
    assert note.path == "favourite_colour"
    assert "not kept" in note.message
    assert result.can_submit


def test_unknown_keys_inside_entries_are_dropped_too():
    data = {"steps": [{"step": "Phone", "colour": "red"}]}
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, data)
    assert result.document == {"steps": [{"step": "Phone"}]}
    assert [n.path for n in result.notes] == ["steps[0].colour"]


def test_blank_entries_are_dropped_without_problems():
    data = {"steps": [{"step": " ", "who": "", "colour": ""}, {"step": "Phone"}]}
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, data)
    assert result.document == {"steps": [{"step": "Phone"}]}
    assert all(not p.path.startswith("steps[1]") for p in result.problems)


@pytest.mark.parametrize("data", [None, "text", 42, ["a"], {"steps": {"x": 1}}])
def test_unreadable_input_never_raises(data):
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, data)
    assert not result.can_save


def test_records_others_link_to_get_stable_unique_ids():
    data = {
        "aim": "To reduce falls",
        "primary_drivers": [
            {"text": "Ready", "secondary_drivers": [{"text": "Booked", "change_ideas": [
                {"text": "new idea"}, {"id": "C4", "text": "kept"}, {"id": "C4", "text": "copy"},
                {"id": "bogus", "text": "renamed"},
            ]}]},
        ],
    }  # fmt: skip
    result = validate_worksheet(WorksheetKind.DRIVER_DIAGRAM, data)
    ideas = result.document["primary_drivers"][0]["secondary_drivers"][0]["change_ideas"]
    assert [idea["id"] for idea in ideas] == ["C5", "C4", "C6", "C7"]
    assert result.document["primary_drivers"][0]["id"] == "P1"
    assert (
        validate_worksheet(WorksheetKind.DRIVER_DIAGRAM, result.document).document
        == result.document
    )


def test_ids_are_only_kept_where_others_link():
    result = validate_worksheet(WorksheetKind.PROCESS_MAP, {"steps": [{"id": "X1", "step": "a"}]})
    assert result.document == {"steps": [{"step": "a"}]}


# Property: validating the cleaned document changes nothing.

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=3), max_size=2),
)


def value_strategy(spec: FieldSpec, depth: int = 0):
    if spec.type is FieldType.LIST:
        record = document_strategy(spec.fields, depth + 1)
        return st.one_of(st.lists(record, max_size=3 if depth == 0 else 2), JUNK)
    plausible = {
        FieldType.TEXT: st.text(max_size=(spec.max_length or 10) + 2),
        FieldType.LONG_TEXT: st.text(max_size=40),
        FieldType.NUMBER: st.one_of(
            st.integers(-3, 10**6), st.floats(-10, 1e6), st.text("0123456789.,- ", max_size=6)
        ),
        FieldType.DATE: st.one_of(
            st.dates().map(date.isoformat), st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}")
        ),
        FieldType.CHOICE: st.sampled_from(
            [*spec.choice_values, *(c.label.upper() for c in spec.choices)]
        ),
        FieldType.MULTI_CHOICE: st.lists(
            st.sampled_from([*spec.choice_values, "other"]), max_size=3
        ),
        FieldType.TICK: st.sampled_from([True, False, "on", "off", "", "yes", 1, 0]),
    }[spec.type]
    return st.one_of(plausible, JUNK)


def document_strategy(fields, depth: int = 0):
    optional = {spec.name: value_strategy(spec, depth) for spec in fields}
    return st.fixed_dictionaries(
        {}, optional={**optional, "id": st.text(max_size=4), "extra": JUNK}
    )


@st.composite
def kind_and_document(draw):
    kind = draw(st.sampled_from(list(WorksheetKind)))
    return kind, draw(document_strategy(spec_for(kind).fields))


@settings(max_examples=150, deadline=None)
@given(kind_and_document())
def test_validation_is_idempotent(case):
    kind, data = case
    first = validate_worksheet(kind, data)
    again = validate_worksheet(kind, first.document)
    assert again.document == first.document
    assert again.notes == ()
    assert {p.path for p in again.errors} <= {p.path for p in first.errors}
    assert again.can_submit == first.can_submit or not first.can_save
    assert 0.0 <= first.completion <= 1.0
