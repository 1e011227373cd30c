"""Map LTI role URIs (and their deprecated short names) onto lti-qi roles.

LTI Core 1.3 section 5.3.7 and appendix A: context roles (``membership#...``) describe the
person in this course; institution roles (``institution/person#...``) and system roles
(``system/person#...``) describe them elsewhere. Canvas sends institution roles that do not
apply in the course, so context roles decide whenever there are any. Older Open edX releases
send institution roles only, so they are the fallback. A system administrator is an
administrator everywhere. An empty or unknown role list gives the least privilege: learner.

An administrator of the course (``membership#Administrator``, which Open edX sends for every
course instructor) administers that course only; only the institution and system
Administrator roles, which LMSs keep for their own staff, make someone an administrator of
the whole organisation (``administers_organisation``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lti_qi.domain.course import Role

VOCABULARY = "http://purl.imsglobal.org/vocab/lis/v2/"
TEST_USER_ROLE = VOCABULARY + "system/person#TestUser"

ROLES_BY_NAME: dict[str, frozenset[Role]] = {
    "Learner": frozenset({Role.LEARNER}),
    "Student": frozenset({Role.LEARNER}),
    "Mentor": frozenset({Role.MENTOR}),
    "TeachingAssistant": frozenset({Role.MENTOR}),
    "Instructor": frozenset({Role.DESIGNER, Role.MENTOR}),
    "Faculty": frozenset({Role.DESIGNER, Role.MENTOR}),
    "ContentDeveloper": frozenset({Role.DESIGNER}),
    "Administrator": frozenset({Role.ADMINISTRATOR}),
    "SysAdmin": frozenset({Role.ADMINISTRATOR}),
}


@dataclass(frozen=True)
class ParsedRole:
    """One LTI role: where it applies (context, institution, system) and its name."""

    scope: str
    name: str


def parse_role(role: str) -> ParsedRole:
    """Split a role URI into its scope and most specific name.

    ``membership/Instructor#TeachingAssistant`` is a sub-role: its name is the part after
    ``#``. A short name such as ``Instructor`` is a context role (LTI 1.1 convention).
    """
    if not role.startswith(VOCABULARY):
        return ParsedRole(scope="membership", name=role.rsplit("#", 1)[-1].strip())
    path, _, name = role[len(VOCABULARY) :].partition("#")
    scope = path.split("/", 1)[0]
    return ParsedRole(scope=scope, name=name)


def map_roles(lti_roles: Iterable[str]) -> frozenset[Role]:
    """Return the lti-qi roles for a launch's ``roles`` claim (never empty)."""
    parsed = [parse_role(role) for role in lti_roles if isinstance(role, str)]
    context = [role for role in parsed if role.scope == "membership"]
    deciding = context or [role for role in parsed if role.scope in ("institution", "system")]
    mapped = {mapped for role in deciding for mapped in ROLES_BY_NAME.get(role.name, ())}
    if any(
        role.scope == "system" and role.name in ("Administrator", "SysAdmin") for role in parsed
    ):
        mapped.add(Role.ADMINISTRATOR)
    return frozenset(mapped) or frozenset({Role.LEARNER})


def administers_organisation(lti_roles: Iterable[str]) -> bool:
    """Whether the LMS names this person an administrator of the institution or system."""
    return any(
        role.scope in ("institution", "system") and role.name in ("Administrator", "SysAdmin")
        for role in (parse_role(role) for role in lti_roles if isinstance(role, str))
    )


def is_test_user(lti_roles: Iterable[str]) -> bool:
    """Whether the platform flagged this person as a test or preview user."""
    return TEST_USER_ROLE in lti_roles
