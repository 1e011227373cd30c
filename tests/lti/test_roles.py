"""LTI roles map onto lti-qi roles as documented in lti_qi.lti.roles."""

import pytest

from lti_qi.domain.course import Role
from lti_qi.lti.roles import administers_organisation, is_test_user, map_roles

V = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize(
    ("lti_roles", "expected"),
    [
        ([V + "membership#Learner"], {Role.LEARNER}),
        ([V + "membership#Instructor"], {Role.DESIGNER, Role.MENTOR}),
        ([V + "membership#ContentDeveloper"], {Role.DESIGNER}),
        ([V + "membership#Mentor"], {Role.MENTOR}),
        ([V + "membership/Instructor#TeachingAssistant"], {Role.MENTOR}),
        (["Instructor"], {Role.DESIGNER, Role.MENTOR}),
        (["Learner", "Mentor"], {Role.LEARNER, Role.MENTOR}),
        ([], {Role.LEARNER}),
        (["http://example.org/roles#Chef"], {Role.LEARNER}),
        ([V + "institution/person#Student"], {Role.LEARNER}),
        ([V + "institution/person#Instructor"], {Role.DESIGNER, Role.MENTOR}),
        (
            [V + "system/person#Administrator", V + "institution/person#Instructor"],
            {Role.ADMINISTRATOR, Role.DESIGNER, Role.MENTOR},
        ),
        ([V + "membership#Learner", V + "institution/person#Instructor"], {Role.LEARNER}),
        (
            [V + "membership#Learner", V + "system/person#Administrator"],
            {Role.LEARNER, Role.ADMINISTRATOR},
        ),
    ],
)
def test_roles_map(lti_roles: list[str], expected: set[Role]) -> None:
    assert map_roles(lti_roles) == expected


def test_test_user_flag() -> None:
    assert is_test_user([V + "system/person#TestUser", V + "membership#Learner"])
    assert not is_test_user([V + "membership#Learner"])


@pytest.mark.parametrize(
    ("lti_roles", "expected"),
    [
        # Open edX sends every course instructor as an Administrator of the course.
        ([V + "membership#Administrator", V + "membership#Instructor"], False),
        (["Administrator"], False),
        ([V + "institution/person#Administrator", V + "membership#Administrator"], True),
        ([V + "system/person#Administrator"], True),
        ([V + "system/person#SysAdmin", V + "membership#Learner"], True),
        ([V + "institution/person#Instructor"], False),
    ],
)
def test_only_institution_or_system_administrators_administer_the_organisation(
    lti_roles: list[str], expected: bool
) -> None:
    assert administers_organisation(lti_roles) is expected
