"""The role-specific links in every tool page's header, and where each role's launch lands.

Every link shown must open for the person who sees it: the learner pages (pathway, measures)
are for people who work on a project (learners, and staff who joined a team); each staff link
is shown to exactly the roles its view admits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from lti_qi.domain.course import Role
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor

ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.MENTOR, Role.DESIGNER, Role.ADMINISTRATOR})
DESIGNERS = frozenset({Role.DESIGNER, Role.ADMINISTRATOR})

TOOL_LINKS: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("mentoring.queue", "Reviews", STAFF_ROLES),
    ("mentoring.assignments", "Mentors", DESIGNERS),
    ("mentoring.peer_requests", "Peer feedback", frozenset({Role.LEARNER})),
    ("certificates.records", "My CPD", frozenset({Role.LEARNER})),
    ("designer.overview", "Class progress", DESIGNERS),
    ("designer.content", "Content", DESIGNERS),
    ("admin.overview", "CPD & passback", frozenset({Role.ADMINISTRATOR})),
    ("collaboration.community", "Community", ALL_ROLES),
    ("collaboration.inbox", "Inbox", ALL_ROLES),
)

# Staff land on their own work, the first of these their roles open.
STAFF_HOMES: tuple[tuple[Role, str], ...] = (
    (Role.ADMINISTRATOR, "admin.overview"),
    (Role.DESIGNER, "designer.overview"),
    (Role.MENTOR, "mentoring.queue"),
)


@dataclass(frozen=True)
class NavLink:
    """One header link: its endpoint, its label, and the endpoints that mark it current."""

    endpoint: str
    label: str
    section: tuple[str, ...] = ()

    def is_current(self, here: str | None) -> bool:
        """Whether the page at endpoint ``here`` belongs to this link."""
        return here is not None and (here == self.endpoint or here.startswith(self.section))


PROJECT_LINK = NavLink("curriculum.project", "Project & team")
WORK_LINKS = (  # the learner pages, for anyone who works on a project
    NavLink("curriculum.pathway", "My pathway", ("curriculum.module", "curriculum.activity")),
    PROJECT_LINK,
    NavLink("measurement.measures", "Measures", ("measurement.",)),
)


def init_app(app: Flask) -> None:
    """Make ``navigation_links(actor)`` available to templates."""
    app.jinja_env.globals["navigation_links"] = navigation_links


def navigation_links(actor: Actor | None) -> list[NavLink]:
    """Return every header link this person may follow, learner pages first."""
    if actor is None:
        return []
    # Staff on no team may still join one on Project & team; the other learner pages are not theirs.
    work = WORK_LINKS if projects.can_work(actor) else (PROJECT_LINK,)
    roles = [
        NavLink(endpoint, label)
        for endpoint, label, admitted in TOOL_LINKS
        if endpoint in current_app.view_functions and actor.has_role(*admitted)
    ]
    return [*work, *roles]


def staff_home(actor: Actor) -> str | None:
    """Return the endpoint of a staff member's own work (None for learners)."""
    if actor.has_role(Role.LEARNER):
        return None
    return next((endpoint for role, endpoint in STAFF_HOMES if actor.has_role(role)), None)
