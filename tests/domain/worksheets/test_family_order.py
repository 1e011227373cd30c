"""Measures sort as a family: outcome, process, balancing, then untyped; by name within each."""

from lti_qi.domain.worksheets import family_order

PLAN = {
    "measures": [
        {"name": "Falls", "type": "outcome"},
        {"name": "Bed rails up", "type": "balancing"},
        {"name": "Checks done", "type": "process"},
    ]
}


def test_measures_the_plan_does_not_type_come_last_by_name() -> None:
    names = ["zeta", "bed rails up", "Beta", "Checks done", "FALLS", "alpha"]
    expected = ["FALLS", "Checks done", "bed rails up", "alpha", "Beta", "zeta"]
    assert sorted(names, key=family_order(PLAN)) == expected
