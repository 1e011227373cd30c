"""LTI roles map onto lti-qi roles as documented in lti_qi.lti.roles."""

import pytest

from lti_qi.domain.course import Role
from lti_qi.lti.roles import is_test_user, map_roles

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
