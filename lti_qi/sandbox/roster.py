"""The sandbox's Names and Role Provisioning service (NRPS 2.0).

Members are paged with ``limit`` and an opaque ``offset``; the next page is announced in a
``Link: <...>; rel="next"`` header and its absence means the list is complete. ``role``
filters by role (full URI or short name); ``rlid`` limits the list to a resource link's
members, which in the sandbox is everyone in the course.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from lti_qi.sandbox import grades, services
from lti_qi.sandbox.models import SandboxPerson


@dataclass(frozen=True)
class MembershipPage:
    """One page of members and the URL of the next page, if any."""

    body: dict[str, Any]
    next_url: str | None


def membership_page(course_lti_id: str, args: dict[str, str], url: str) -> MembershipPage:
    """Return one page of a course's membership container."""
    course = grades.course(course_lti_id)
    members = [p for p in services.people(course) if _has_role(p, args.get("role"))]
    limit = max(1, int(args.get("limit") or 100))
    offset = max(0, int(args.get("offset") or 0))
    page = members[offset : offset + limit]
    next_url = None
    if offset + limit < len(members):
        next_url = f"{url}?{urlencode({**args, 'offset': offset + limit, 'limit': limit})}"
    body = {
        "id": url,
        "context": {"id": course.lti_id, "label": course.label, "title": course.title},
        "members": [_member(person) for person in page],
    }
    return MembershipPage(body, next_url)


def _has_role(person: SandboxPerson, role: str | None) -> bool:
    if not role:
        return True
    return any(r == role or r.rsplit("#", 1)[-1] == role for r in person.roles)


def _member(person: SandboxPerson) -> dict[str, Any]:
    member: dict[str, Any] = {
        "status": "Active",
        "user_id": person.sub,
        "roles": list(person.roles),
    }
    details = {
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
    }
    member.update({key: value for key, value in details.items() if value})
    return member
