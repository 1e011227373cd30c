"""The role-specific links in every tool page's header."""

from __future__ import annotations

from flask import Flask, current_app

from lti_qi.domain.course import Role
from lti_qi.services.base.actors import Actor

TOOL_LINKS: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("mentoring.queue", "Reviews", frozenset({Role.MENTOR, Role.DESIGNER, Role.ADMINISTRATOR})),
    ("mentoring.assignments", "Mentors", frozenset({Role.DESIGNER, Role.ADMINISTRATOR})),
    ("mentoring.peer_requests", "Peer feedback", frozenset({Role.LEARNER})),
    ("certificates.records", "My CPD", frozenset({Role.LEARNER})),
    ("designer.overview", "Class progress", frozenset({Role.DESIGNER, Role.ADMINISTRATOR})),
    ("designer.content", "Content", frozenset({Role.DESIGNER, Role.ADMINISTRATOR})),
    ("admin.overview", "CPD & passback", frozenset({Role.ADMINISTRATOR})),
    ("collaboration.community", "Community", frozenset(Role)),
    ("collaboration.inbox", "Inbox", frozenset(Role)),
)


def init_app(app: Flask) -> None:
    """Make ``tool_links(actor)`` available to templates."""
    app.jinja_env.globals["tool_links"] = tool_links


def tool_links(actor: Actor | None) -> list[tuple[str, str, frozenset[Role]]]:
    """Return the header links this person's roles open, among the pages that exist."""
    if actor is None:
        return []
    return [
        link
        for link in TOOL_LINKS
        if link[0] in current_app.view_functions and actor.has_role(*link[2])
    ]
