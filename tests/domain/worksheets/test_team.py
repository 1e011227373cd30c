"""Team and stakeholders: the power/interest grid and advice on who is missing."""

import pytest

from lti_qi.domain.worksheets.team import (
    Quadrant,
    patient_involvement_suggestion,
    stakeholder_grid,
    stakeholder_quadrant,
    team_feedback,
)

SPONSOR = {"role": "matron", "project_role": "sponsor"}
LEAD = {"role": "staff nurse, Ward 9", "project_role": "lead"}


@pytest.mark.parametrize(
    ("interest", "influence", "quadrant", "label"),
    [
        ("high", "high", Quadrant.MANAGE, "Manage closely"),
        ("low", "high", Quadrant.SATISFY, "Keep satisfied"),
        ("high", "low", Quadrant.INFORM, "Keep informed"),
        ("low", "low", Quadrant.MONITOR, "Monitor"),
    ],
)
def test_interest_and_influence_place_a_stakeholder_on_the_grid(
    interest, influence, quadrant, label
):
    assert stakeholder_quadrant(interest, influence) is quadrant
    assert quadrant.label == label
    assert quadrant.advice.endswith(".")


def test_ratings_other_than_high_or_low_are_refused():
    with pytest.raises(ValueError, match="'high' or 'low'"):
        stakeholder_quadrant("medium", "high")


def test_the_grid_groups_rated_stakeholders_and_skips_unrated_ones():
    document = {
        "stakeholders": [
            {
                "name": "Catering manager",
                "interest": "high",
                "influence": "high",
                "engagement_plan": "Monthly",
            },
            {"name": "Patients and families", "interest": "high", "influence": "low"},
            {"name": "Unrated group"},
            "not a record",
        ]
    }
    grid = stakeholder_grid(document)
    assert [p.name for p in grid[Quadrant.MANAGE]] == ["Catering manager"]
    assert grid[Quadrant.MANAGE][0].engagement_plan == "Monthly"
    assert [p.name for p in grid[Quadrant.INFORM]] == ["Patients and families"]
    assert grid[Quadrant.SATISFY] == grid[Quadrant.MONITOR] == []


@pytest.mark.parametrize(
    "document",
    [
        {"team_members": [{"role": "volunteer", "project_role": "patient_partner"}]},
        {"team_members": [{"role": "Patient partner", "project_role": "member"}]},
        {"stakeholders": [{"name": "Carers' group"}]},
        {"stakeholders": [{"name": "Families of residents"}]},
        {"stakeholders": [{"name": "Service users"}]},
    ],
)
def test_no_nudge_when_patients_or_carers_are_named(document):
    assert patient_involvement_suggestion(document) is None


def test_a_nudge_to_include_patients_when_none_are_named():
    document = {"team_members": [SPONSOR, LEAD], "stakeholders": [{"name": "Porters"}]}
    suggestion = patient_involvement_suggestion(document)
    assert suggestion is not None
    assert "patients, carers or families" in suggestion
    assert team_feedback(document)[-1] == suggestion


def test_team_feedback_asks_for_a_sponsor_a_lead_and_plans_for_key_stakeholders():
    document = {
        "team_members": [{"role": "porter", "project_role": "member"}],
        "stakeholders": [
            {"name": "Director of nursing", "interest": "high", "influence": "high"},
            {"name": "Patients", "interest": "high", "influence": "low"},
        ],
    }
    assert team_feedback(document) == [
        "Name a sponsor: a senior person who has agreed to help clear barriers.",
        "Name a project lead: the person who runs the project day to day.",
        "Say how you will keep in touch with “Director of nursing”: they need most attention.",
    ]


def test_a_complete_team_gets_no_advice():
    document = {
        "team_members": [
            SPONSOR,
            LEAD,
            {"role": "patient partner", "project_role": "patient_partner"},
        ],
        "stakeholders": [
            {
                "name": "Ward manager",
                "interest": "high",
                "influence": "high",
                "engagement_plan": "Weekly",
            }
        ],
    }
    assert team_feedback(document) == []
