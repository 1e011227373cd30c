"""Set up the sandbox LMS: its key, two courses with people, and links to the tools it installs.

``install`` is idempotent. Tools are installed the way a real LMS installs them, through
Dynamic Registration (``registration.py``); each newly registered tool is placed in every
course that has no pathway link yet, and the first tool registered is the one launched when
a launch names no tool.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lti_qi.sandbox import platform
from lti_qi.sandbox.cases import LaunchCase
from lti_qi.sandbox.database import db
from lti_qi.sandbox.errors import InvalidInput
from lti_qi.sandbox.launches import LaunchRequest
from lti_qi.sandbox.models import SandboxCourse, SandboxLink, SandboxPerson, SandboxTool

ROLE = "http://purl.imsglobal.org/vocab/lis/v2/"
LEARNER = ROLE + "membership#Learner"
MENTOR = ROLE + "membership#Mentor"
INSTRUCTOR = ROLE + "membership#Instructor"
TEACHING_ASSISTANT = ROLE + "membership/Instructor#TeachingAssistant"
ADMINISTRATOR = ROLE + "system/person#Administrator"


@dataclass(frozen=True)
class SeedPerson:
    """A person the sandbox enrols in every course it creates."""

    sub: str
    given_name: str | None
    family_name: str | None
    email: str | None
    roles: tuple[str, ...]


SEED_PEOPLE = (
    SeedPerson("learner-aisha", "Aisha", "Khan", "aisha.khan@example.org", (LEARNER,)),
    SeedPerson("learner-ben", "Ben", "Carter", "ben.carter@example.org", (LEARNER,)),
    SeedPerson("learner-chloe", "Chloe", "Davies", None, (LEARNER,)),
    SeedPerson("learner-anonymous", None, None, None, (LEARNER,)),
    SeedPerson("mentor-dan", "Dan", "Evans", "dan.evans@example.org", (MENTOR,)),
    SeedPerson("ta-erin", "Erin", "Ford", "erin.ford@example.org", (TEACHING_ASSISTANT,)),
    SeedPerson("designer-fatima", "Fatima", "Green", "fatima.green@example.org", (INSTRUCTOR,)),
    SeedPerson(
        "admin-grace", "Grace", "Hall", "grace.hall@example.org", (ADMINISTRATOR, INSTRUCTOR)
    ),
)
NORMAL_LAUNCH = LaunchCase("normal", "A normal launch")
SEED_COURSES = (
    ("QI-101", "QI-101", "Improving care on the ward (sandbox course)"),
    ("QI-202", "QI-202", "Quality improvement in outpatients (sandbox course)"),
)


def install() -> None:
    """Make the sandbox's key, courses and people; safe to call repeatedly."""
    platform.ensure_key()
    for lti_id, label, title in SEED_COURSES:
        _ensure_course(lti_id, label, title)
    db.session.commit()


def default_tool() -> SandboxTool | None:
    """Return the first tool installed in the sandbox (launched when no tool is named)."""
    return db.session.scalar(select(SandboxTool).order_by(SandboxTool.id).limit(1))


def place_tool(tool: SandboxTool) -> None:
    """Place a newly installed tool in every course that has no pathway link yet."""
    for course in courses():
        lti_id = f"{course.lti_id.lower()}-pathway"
        if db.session.scalar(select(SandboxLink).where(SandboxLink.lti_id == lti_id)) is None:
            db.session.add(
                SandboxLink(
                    course_id=course.id,
                    tool_id=tool.id,
                    lti_id=lti_id,
                    title="QI project pathway",
                    custom={},
                )
            )


def courses() -> list[SandboxCourse]:
    """Return the sandbox courses in creation order."""
    return list(db.session.scalars(select(SandboxCourse).order_by(SandboxCourse.id)))


def people(course: SandboxCourse) -> list[SandboxPerson]:
    """Return the people enrolled in a course."""
    query = select(SandboxPerson).where(SandboxPerson.course_id == course.id)
    return list(db.session.scalars(query.order_by(SandboxPerson.id)))


def links(course: SandboxCourse) -> list[SandboxLink]:
    """Return the tool placements in a course."""
    query = select(SandboxLink).where(SandboxLink.course_id == course.id)
    return list(db.session.scalars(query.order_by(SandboxLink.id)))


def enrol(course: SandboxCourse, person: SeedPerson) -> SandboxPerson:
    """Enrol a person in a course (or update their details and roles); commits."""
    existing = db.session.scalar(
        select(SandboxPerson).where(
            SandboxPerson.course_id == course.id, SandboxPerson.sub == person.sub
        )
    )
    row = existing or SandboxPerson(course_id=course.id, sub=person.sub, roles=[])
    row.given_name, row.family_name, row.email = person.given_name, person.family_name, person.email
    row.roles = list(person.roles)
    db.session.add(row)
    db.session.commit()
    return row


def _ensure_course(lti_id: str, label: str, title: str) -> None:
    course = db.session.scalar(select(SandboxCourse).where(SandboxCourse.lti_id == lti_id))
    if course is not None:
        return
    course = SandboxCourse(lti_id=lti_id, label=label, title=title)
    db.session.add(course)
    db.session.flush()
    for seed in SEED_PEOPLE:
        db.session.add(
            SandboxPerson(
                course_id=course.id,
                sub=seed.sub,
                given_name=seed.given_name,
                family_name=seed.family_name,
                email=seed.email,
                roles=list(seed.roles),
            )
        )


def launch_request(
    person: SandboxPerson,
    *,
    course_lti_id: str,
    link_lti_id: str | None = None,
    message_type: str = "LtiResourceLinkRequest",
    case: LaunchCase | None = None,
    storage_target: str | None = None,
    client_id: str | None = None,
) -> LaunchRequest:
    """Describe a launch by an enrolled person, optionally changed by a certification case."""
    case = case or NORMAL_LAUNCH
    return LaunchRequest(
        client_id=client_id or _default_client_id(),
        sub=person.sub,
        roles=case.roles if case.roles is not None else tuple(person.roles),
        course_lti_id=course_lti_id if case.with_context else None,
        link_lti_id=link_lti_id,
        message_type=message_type,
        given_name=person.given_name if case.share_name else None,
        family_name=person.family_name if case.share_name else None,
        email=person.email if case.share_email else None,
        drop_claims=case.drop_claims,
        set_claims=dict(case.set_claims),
        header=dict(case.header),
        signing=case.signing,
        storage_target=storage_target,
    )


def _default_client_id() -> str:
    tool = default_tool()
    if tool is None:
        raise InvalidInput("No tool is installed in the sandbox yet: register one first.")
    return tool.client_id
