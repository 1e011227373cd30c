"""Who is using lti-qi in this request: the actor every service acts for.

A launch (``services.launches``) opens a session that names the person, their course and
their roles there; views pass that actor to services, which scope every query by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lti_qi.domain.course import Role


@dataclass(frozen=True)
class Actor:
    """The person using lti-qi in this request, in the course their launch opened."""

    token: str
    user_id: int
    display_name: str
    context_id: int
    context_title: str
    resource_link_id: int | None
    platform_id: int | None
    deployment_id: str
    roles: frozenset[Role]
    message_type: str
    return_url: str | None = None
    deep_linking_settings: dict[str, Any] | None = None
    # The LMS named them an institution or system Administrator (not only of this course).
    administers_organisation: bool = False

    def has_role(self, *roles: Role) -> bool:
        """Whether the person holds any of ``roles`` in this course."""
        return any(role in self.roles for role in roles)
