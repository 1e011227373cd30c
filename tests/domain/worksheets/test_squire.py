"""SQUIRE write-up spec and first draft, and the sustainability plan's factors."""

from lti_qi.domain.worksheets import spec_for
from lti_qi.domain.worksheets.schema import WorksheetKind as K
from lti_qi.domain.worksheets.squire import HEADINGS, ITEMS
from lti_qi.domain.worksheets.sustainability import (
    FACTORS,
    SustainabilityDomain,
    SustainabilityFactor,
    weakest_factors,
)
from lti_qi.domain.worksheets.validation import validate_worksheet
from lti_qi.domain.worksheets.write_up import squire_draft

PROJECT = {
    K.AIM_STATEMENT: {
        "problem": "About a fifth of lunch trays come back untouched.",
        "setting": "Adult inpatients on Wards 4 and 5",
        "direction": "decrease",
        "measure": "untouched lunch trays",
        "baseline": "20%",
        "target": "10%",
        "target_date": "2027-03-31",
        "population": "on Wards 4 and 5",
        "target_rationale": "Ward 6 reached 10% last year.",
    },
    K.TEAM_STAKEHOLDERS: {
        "team_members": [
            {
                "role": "staff nurse, Ward 4",
                "project_role": "lead",
                "contribution": "collects tray data",
            },
            {"role": "matron", "project_role": "sponsor"},
        ],
        "ways_of_working": "Huddle after Tuesday handover.",
    },
    K.PROCESS_MAP: {
        "start_point": "Tray leaves the kitchen",
        "end_point": "Tray collected",
        "opportunities": "Step 3: no one checks the patient is ready.",
    },
    K.FISHBONE: {
        "categories": [
            {"name": "People", "causes": [{"cause": "Patients away from bed", "most_likely": True}]}
        ]
    },
    K.PARETO: {
        "counting": "untouched trays",
        "start_date": "2026-09-01",
        "end_date": "2026-09-14",
        "categories": [
            {"name": "Away from bed", "count": 30},
            {"name": "Asleep", "count": 10},
            {"name": "Other", "count": 5},
        ],
    },
    K.DRIVER_DIAGRAM: {
        "aim": "To reduce untouched lunch trays",
        "primary_drivers": [
            {
                "text": "Patients ready to eat",
                "secondary_drivers": [
                    {
                        "text": "At the bedside",
                        "change_ideas": [{"text": "Protected mealtimes", "test_first": True}],
                    }
                ],
            }
        ],
    },
    K.MEASURES_PLAN: {
        "measures": [
            {
                "name": "Untouched trays (%)",
                "type": "outcome",
                "operational_definition": "Trays returned untouched out of all trays.",
                "data_source": "tally sheet",
            },
            {"name": "Nurse time at lunch", "type": "balancing"},
        ]
    },
    K.PDSA_LOG: {
        "cycles": [
            {
                "title": "Protected mealtimes, one bay",
                "change_idea": "C1",
                "prediction": "8 of 10 ready",
                "start_date": "2026-10-01",
                "do": "7 of 10 ready",
                "study": "Close",
                "act": "adapt",
                "next_step": "Try a whole ward.",
            },
            {
                "title": "Whole ward",
                "change_idea": "C1",
                "prediction": "80%",
                "start_date": "2026-10-08",
            },
        ]
    },
    K.SUSTAINABILITY_PLAN: {
        "standardising": "Added to induction.",
        "handover_owner": "ward manager, Ward 4",
        "spread": "Ward 6 next.",
    },
}
DOCUMENTS = {kind: validate_worksheet(kind, data).document for kind, data in PROJECT.items()}


def test_squire_has_18_items_under_its_headings_in_order():
    assert [item.number for item in ITEMS] == list(range(1, 19))
    assert [heading for heading, _ in HEADINGS] == [
        "Title and abstract",
        "Introduction: why did you start?",
        "Methods: what did you do?",
        "Results: what did you find?",
        "Discussion: what does it mean?",
        "Other information",
    ]
    spec = spec_for(K.SQUIRE_WRITEUP)
    assert [field.name for field in spec.fields] == [item.field for item in ITEMS]
    assert spec.field_named("ethical_considerations").label == "12. Ethical considerations"


def test_an_empty_project_gives_an_empty_draft():
    assert squire_draft({}) == {}


def test_the_draft_starts_from_the_learners_own_words():
    draft = squire_draft(DOCUMENTS)
    assert (
        draft["title"]
        == "Reducing untouched lunch trays on Wards 4 and 5: a quality improvement project"
    )
    assert draft["specific_aims"] == (
        "To reduce untouched lunch trays from 20% to 10% by 31 March 2027 on Wards 4 and 5.\n\n"
        "Ward 6 reached 10% last year."
    )
    problem = draft["problem_description"]
    assert problem.startswith("About a fifth of lunch trays come back untouched.")
    assert "most likely causes: Patients away from bed." in problem
    assert "We tallied untouched trays from 1 September 2026 to 14 September 2026." in problem
    assert "Step 3: no one checks the patient is ready." in problem
    assert "primary drivers were “Patients ready to eat”" in draft["rationale"]
    assert draft["interventions"] == (
        "Changes we tested: “Protected mealtimes”.\n\n"
        "The team: staff nurse, Ward 4 (collects tray data) and matron."
    )
    assert "runs from “Tray leaves the kitchen” to “Tray collected”" in draft["context"]
    assert draft["study_of_interventions"].startswith(
        "We tested changes in 2 PDSA cycles, starting between 1 October 2026 and 8 October 2026."
    )
    assert "Untouched trays (%) (outcome measure). Trays returned untouched" in draft["measures"]
    assert "Cycle 1: Protected mealtimes, one bay. We predicted: 8 of 10 ready." in draft["results"]
    assert "Decision: Adapt. Try a whole ward." in draft["results"]
    assert "unintended effects: Nurse time at lunch." in draft["results"]
    assert "The process is now owned by ward manager, Ward 4." in draft["conclusions"]


def test_the_draft_names_the_theories_about_the_problem_that_cycles_tested():
    cycles = [
        {"title": "Asleep?", "theory": "Patients are asleep at lunch"},
        *PROJECT[K.PDSA_LOG]["cycles"],
    ]
    documents = DOCUMENTS | {
        K.PDSA_LOG: validate_worksheet(K.PDSA_LOG, {"cycles": cycles}).document
    }
    assert squire_draft(documents)["interventions"].startswith(
        "Changes we tested: “Protected mealtimes”.\n\n"
        "Theories about the problem we tested: “Patients are asleep at lunch”.\n\n"
    )


def test_sections_without_a_source_are_left_for_the_learner():
    draft = squire_draft(DOCUMENTS)
    for section in ("abstract", "ethical_considerations", "limitations", "funding", "analysis"):
        assert section not in draft


def test_every_drafted_section_can_be_saved_in_the_write_up():
    long_cycles = [
        {
            "title": f"Cycle {i}",
            "change_idea": "C1",
            "prediction": "x" * 900,
            "do": "y" * 900,
            "start_date": "2026-10-01",
        }
        for i in range(20)
    ]
    documents = {
        **DOCUMENTS,
        K.PDSA_LOG: validate_worksheet(K.PDSA_LOG, {"cycles": long_cycles}).document,
    }
    draft = squire_draft(documents)
    result = validate_worksheet(K.SQUIRE_WRITEUP, draft)
    assert result.can_save, result.errors
    assert result.document == draft
    assert draft["results"].endswith("(see your worksheets for the rest)")


def test_the_model_has_ten_factors_in_three_domains():
    assert len(SustainabilityFactor) == 10
    domains = [FACTORS[factor].domain for factor in SustainabilityFactor]
    assert [domains.count(d) for d in SustainabilityDomain] == [4, 4, 2]


def test_the_sustainability_spec_rates_every_factor_from_1_to_5():
    spec = spec_for(K.SUSTAINABILITY_PLAN)
    scores = [f for f in spec.fields if f.name.endswith("_score")]
    assert len(scores) == 10
    assert all(
        (f.minimum, f.maximum, f.whole_number, f.required) == (1, 5, True, True) for f in scores
    )
    assert not validate_worksheet(K.SUSTAINABILITY_PLAN, {"fit_score": 6}).can_save


def test_weakest_factors_come_first_and_ties_are_kept():
    plan = {
        "benefits_score": 4,
        "fit_score": 2,
        "infrastructure_score": 1,
        "monitoring_score": 2,
        "adaptability_score": 5,
        "fit_note": "Not on the trust's list",
    }
    weakest = weakest_factors(plan, count=2)
    assert [r.factor for r in weakest] == [
        SustainabilityFactor.INFRASTRUCTURE,
        SustainabilityFactor.MONITORING,
        SustainabilityFactor.FIT,
    ]
    assert weakest[2].note == "Not on the trust's list"
    assert weakest_factors({}) == []
