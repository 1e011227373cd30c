"""Links between worksheets, family of measures, PDSA readiness and the per-kind checks."""

import copy
from datetime import date

import pytest

from lti_qi.domain.worksheets import worksheet_checks
from lti_qi.domain.worksheets.links import link_problems, pdsa_readiness
from lti_qi.domain.worksheets.measures import family_of_measures_feedback
from lti_qi.domain.worksheets.schema import WorksheetKind
from lti_qi.domain.worksheets.validation import Severity, validate_worksheet

TODAY = date(2026, 6, 1)
DRIVERS = validate_worksheet(
    WorksheetKind.DRIVER_DIAGRAM,
    {
        "aim": "To reduce untouched trays",
        "primary_drivers": [
            {
                "text": "Patients ready to eat",
                "secondary_drivers": [
                    {
                        "text": "At the bedside",
                        "change_ideas": [
                            {"text": "Protected mealtimes", "test_first": True},
                            {"text": "Bay checks"},
                        ],
                    }
                ],
            }
        ],
    },
).document
OUTCOME = {"name": "Untouched trays (%)", "type": "outcome"}
PROCESS = {"name": "Bays checked (%)", "type": "process"}
BALANCING = {"name": "Nurse time at lunch", "type": "balancing"}
MEASURES = {"measures": [OUTCOME, PROCESS, BALANCING]}


def cycle(**fields):
    return {"title": "Test", "change_idea": "C1", "measure": "Untouched trays (%)", **fields}


def theory(**fields):
    """A cycle that tests a theory about the problem instead of a change idea."""
    return cycle(**{"change_idea": None, "theory": "Patients are asleep at lunch", **fields})


DONE = {"do": "7 of 10", "study": "Close to prediction", "act": "adapt"}


def pdsa(*cycles):
    return validate_worksheet(WorksheetKind.PDSA_LOG, {"cycles": list(cycles)}).document


def test_links_to_existing_ideas_measures_and_earlier_cycles_are_fine():
    log = pdsa(cycle(**DONE), cycle(previous_cycle="PDSA1", measure="  untouched TRAYS (%) "))
    assert link_problems(log, DRIVERS, MEASURES) == []


def test_links_to_things_that_do_not_exist_are_reported_in_words():
    log = pdsa(
        cycle(title="First", change_idea="C9"),
        cycle(title="Second", measure="Falls"),
        cycle(title="Third", previous_cycle="PDSA7"),
        cycle(title="Fourth", previous_cycle="PDSA4"),
    )
    problems = link_problems(log, DRIVERS, MEASURES)
    assert [p.path for p in problems] == [
        "cycles[0].change_idea",
        "cycles[1].measure",
        "cycles[2].previous_cycle",
        "cycles[3].previous_cycle",
    ]
    assert problems[0].message.startswith(
        "Cycle 1 (“First”) tests change idea “C9”, which is not on your driver diagram."
    )
    assert "“Falls”, which is not in your measures plan" in problems[1].message
    assert all(p.severity is Severity.MISSING for p in problems)


def test_every_link_is_stale_when_the_other_worksheets_are_empty():
    log = pdsa(cycle())
    assert len(link_problems(log, {}, {})) == 2


def test_a_cycle_may_test_a_theory_about_the_problem_instead_of_a_change_idea():
    log = pdsa(theory(), cycle(change_idea=None, title="Untested"))
    assert log["cycles"][0]["theory"] == "Patients are asleep at lunch"
    assert "change_idea" not in log["cycles"][0]
    problems = link_problems(log, DRIVERS, MEASURES)
    assert [p.path for p in problems] == ["cycles[1].change_idea"]
    assert problems[0].message == (
        "Cycle 2 (“Untested”) tests neither a change idea nor a theory: choose the change idea "
        "it tests, or write the theory about the problem it tests."
    )
    assert problems[0].severity is Severity.MISSING
    saved = validate_worksheet(WorksheetKind.PDSA_LOG, {"cycles": [theory()] * 2})
    assert not [p for p in saved.problems if p.path.endswith(("change_idea", "theory"))]


@pytest.mark.parametrize(
    ("cycles", "ready"),
    [
        ([cycle(**DONE), cycle(**DONE, previous_cycle="PDSA1")], True),
        ([cycle(**DONE), cycle(previous_cycle="PDSA1")], False),
        ([cycle(**DONE), cycle(**DONE)], False),
        ([cycle(**DONE), cycle(**DONE, previous_cycle="PDSA1", change_idea="C2")], False),
        ([cycle(**DONE)], False),
        ([], False),
        ([theory(**DONE), theory(**DONE, previous_cycle="PDSA1")], True),
        ([theory(**DONE), cycle(**DONE, previous_cycle="PDSA1")], False),
        ([theory(**DONE), theory(**DONE, previous_cycle="PDSA1", theory="Too early")], False),
    ],
)
def test_submission_needs_two_complete_linked_cycles_for_one_idea(cycles, ready):
    assert (pdsa_readiness(pdsa(*cycles)) == []) is ready


@pytest.mark.parametrize(
    ("plan", "missing"),
    [
        ([OUTCOME, PROCESS, BALANCING], []),
        ([PROCESS, BALANCING], ["outcome"]),
        ([OUTCOME, BALANCING], ["process"]),
        ([OUTCOME, PROCESS], ["balancing"]),
        ([], ["outcome", "process", "balancing"]),
    ],
)
def test_family_of_measures_says_which_kinds_are_missing(plan, missing):
    feedback = family_of_measures_feedback({"measures": plan})
    assert feedback.is_complete is (not missing)
    assert len(feedback.gaps) == len(missing)
    for kind, message in zip(missing, feedback.gaps, strict=True):
        assert f"Add {'an' if kind == 'outcome' else 'a'} {kind} measure" in message


def test_family_of_measures_notes_too_many_and_duplicate_names():
    plan = {
        "measures": [
            OUTCOME,
            PROCESS,
            BALANCING,
            *({"name": f"M{i}", "type": "process"} for i in range(4)),
            {"name": "m0", "type": "process"},
        ]
    }
    feedback = family_of_measures_feedback(plan)
    assert feedback.gaps == ()
    assert any("You have 8 measures" in m for m in feedback.messages)
    assert any("More than one measure is called “m0”" in m for m in feedback.messages)


def test_family_of_measures_wants_a_process_measure_per_first_test():
    drivers = copy.deepcopy(DRIVERS)
    drivers["primary_drivers"][0]["secondary_drivers"][0]["change_ideas"][1]["test_first"] = True
    feedback = family_of_measures_feedback(MEASURES, drivers)
    assert feedback.messages == (
        "You plan to test 2 change ideas first but have 1 process measure: add one for each "
        "idea, so you can see whether each change is happening.",
    )


def test_checks_for_measures_block_submission_only_for_missing_kinds():
    problems = worksheet_checks(
        WorksheetKind.MEASURES_PLAN,
        {WorksheetKind.MEASURES_PLAN: {"measures": [OUTCOME]}},
        today=TODAY,
    )
    assert [p.severity for p in problems] == [Severity.MISSING, Severity.MISSING]


def test_checks_for_the_pdsa_log_include_links_and_readiness():
    documents = {
        WorksheetKind.PDSA_LOG: pdsa(cycle(change_idea="C9")),
        WorksheetKind.DRIVER_DIAGRAM: DRIVERS,
        WorksheetKind.MEASURES_PLAN: MEASURES,
    }
    paths = [p.path for p in worksheet_checks(WorksheetKind.PDSA_LOG, documents, today=TODAY)]
    assert paths == ["cycles[0].change_idea", "cycles"]


def test_checks_for_the_aim_are_notes_at_the_field_to_fix():
    aim = {
        "direction": "increase",
        "measure": "screening",
        "baseline": "40%",
        "target": "20%",
        "target_date": "2025-01-31",
        "population": "on Ward 7",
    }
    problems = worksheet_checks(
        WorksheetKind.AIM_STATEMENT, {WorksheetKind.AIM_STATEMENT: aim}, today=TODAY
    )
    assert [(p.path, p.severity) for p in problems] == [
        ("target", Severity.NOTE),
        ("target_date", Severity.NOTE),
    ]


def test_checks_for_the_fishbone_sustainability_and_others():
    fishbone = {
        "categories": [{"name": "People", "causes": [{"cause": "Busy"}]}, {"name": "Methods"}]
    }
    plan = {
        "benefits_score": 1,
        "fit_score": 2,
        "credibility_score": 5,
        "actions": [{"factor": "fit"}],
    }
    documents = {WorksheetKind.FISHBONE: fishbone, WorksheetKind.SUSTAINABILITY_PLAN: plan}
    fish = [p.message for p in worksheet_checks(WorksheetKind.FISHBONE, documents, today=TODAY)]
    assert fish == [
        "All your causes are under one heading: look for causes in the others too.",
        "Tick the three to five causes the team thinks matter most.",
    ]
    [advice] = worksheet_checks(WorksheetKind.SUSTAINABILITY_PLAN, documents, today=TODAY)
    assert (
        advice.message
        == "Add an action for your lowest-rated factors: “Benefits beyond helping patients”."
    )
    assert worksheet_checks(WorksheetKind.SQUIRE_WRITEUP, documents, today=TODAY) == []
    assert worksheet_checks(WorksheetKind.PROCESS_MAP, {}, today=TODAY) == []
