"""Suggestions from earlier worksheets go only into fields the learner never typed in."""

from lti_qi.domain.worksheets import (
    WorksheetKind,
    fields_with_text,
    prefilled,
    suggested_text,
)

AIM = {"direction": "decrease", "measure": "falls", "baseline": "12", "target": "6"}


def test_the_driver_diagram_aim_is_suggested_from_the_aim_statement() -> None:
    suggested = suggested_text(WorksheetKind.DRIVER_DIAGRAM, {WorksheetKind.AIM_STATEMENT: AIM})
    assert suggested["aim"].startswith("To reduce falls from 12 to 6")
    assert suggested_text(WorksheetKind.DRIVER_DIAGRAM, {}) == {}


def test_a_suggestion_fills_a_blank_field_never_typed_in() -> None:
    shown, filled = prefilled({"aim": "", "other": "x"}, {"aim": "To reduce falls"}, frozenset())
    assert shown == {"aim": "To reduce falls", "other": "x"}
    assert filled == ("aim",)


def test_the_learners_words_and_a_field_they_emptied_are_kept() -> None:
    typed = fields_with_text([{"aim": "Mine"}, {"aim": "", "title": "  "}])
    assert typed == frozenset({"aim"})
    assert prefilled({"aim": ""}, {"aim": "To reduce falls"}, typed) == ({"aim": ""}, ())
    assert prefilled({"aim": "Mine"}, {"aim": "Theirs"}, frozenset()) == ({"aim": "Mine"}, ())
