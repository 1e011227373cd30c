"""A team's invite code: handed out by the team, used by colleagues of the same organisation.

Sharing a project makes it a team and gives it an 8-character code that expires after
``team_invite_days`` (sharing again once it has expired gives a new one). Anyone on the team
may revoke the code; the owner may require approval, and a code then files a request to join
that the team answers (``join_requests``). A code works only for people who launch lti-qi
from a course of the same organisation as the team's course (an Open edX instance, a Canvas
school), and each person may try only ``JOIN_ATTEMPTS`` codes per ``ATTEMPT_SECONDS``, so
codes cannot be guessed. Each call writes in the caller's unit of work (never commits).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from lti_qi.errors import Forbidden, NotFound, TooManyRequests
from lti_qi.extensions import cache, db
from lti_qi.models import Context, JoinRequest, MemberRole, Project, ProjectMember
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.collaboration import join_requests
from lti_qi.services.platforms import registry
from lti_qi.settings import get_settings

INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
INVITE_LENGTH = 8
JOIN_ATTEMPTS = 10
ATTEMPT_SECONDS = 600


@dataclass(frozen=True)
class Joined:
    """What a code did: joined the team, or asked it (``request`` is set) to approve."""

    team: Project
    request: JoinRequest | None = None


def share_project(project: Project, user_id: int) -> str:
    """Make the project a team project and return its live invite code (a new one if expired)."""
    _require_member(project, user_id)
    if project.invite_code is None or _expired(project):
        project.invite_code = _new_invite_code()
        project.invite_expires_at = utc_now() + timedelta(days=get_settings().team_invite_days)
        db.session.flush()
    return project.invite_code


def live_code(project: Project) -> str | None:
    """Return the project's invite code while it works, else None."""
    return None if _expired(project) else project.invite_code


def revoke_invite(project: Project, user_id: int) -> None:
    """Stop the project's invite code working (sharing again gives a new one)."""
    _require_member(project, user_id)
    project.invite_code = project.invite_expires_at = None
    db.session.flush()


def require_approval(project: Project, user_id: int, *, required: bool) -> None:
    """Let only the owner choose whether the code joins at once or asks the team first."""
    if _role(project, user_id) != MemberRole.OWNER:
        raise Forbidden("Only the project's owner can change how its invite code works.")
    project.invite_needs_approval = required
    db.session.flush()


def join_with_code(actor: Actor, invite_code: str) -> Joined:
    """Join the team with this code from the person's course, or ask it to approve them.

    Raises:
        TooManyRequests: after ``JOIN_ATTEMPTS`` codes in ``ATTEMPT_SECONDS``.
        NotFound: when no live code of the person's organisation matches.
        Conflict: when approval is needed and they are on the team or already waiting.
    """
    _count_attempt(actor.user_id)
    team = _live_team(actor, invite_code)
    if team.invite_needs_approval:
        return Joined(team, join_requests.file_request(actor, team, ""))
    projects.move_membership(actor.user_id, actor.context_id, team.id)
    db.session.flush()
    return Joined(team)


def _live_team(actor: Actor, invite_code: str) -> Project:
    code = "".join(char for char in invite_code.upper() if char.isascii() and char.isalnum())
    team = db.session.scalar(select(Project).where(Project.invite_code == code)) if code else None
    if team is None or _expired(team) or not _same_organisation(team.context_id, actor.context_id):
        raise NotFound(
            "No team has that invite code.",
            hint="Check the code with the team's owner: it has 8 letters and digits, works "
            "from courses of the team's own organisation, and expires.",
        )
    return team


def _same_organisation(team_context_id: int, context_id: int) -> bool:
    platforms = db.session.execute(
        select(Context.id, Context.platform_id).where(Context.id.in_([team_context_id, context_id]))
    )
    platform_of = {context: platform for context, platform in platforms}
    home, here = platform_of.get(team_context_id), platform_of.get(context_id)
    return home is not None and here is not None and here in registry.organisation_ids(home)


def _count_attempt(user_id: int) -> None:
    """A fixed-window counter in the shared cache (atomic INCR on Redis), per person."""
    key = f"team-code-attempts:{user_id}"
    cache.add(key, 0, timeout=ATTEMPT_SECONDS)
    if (cache.cache.inc(key) or 0) > JOIN_ATTEMPTS:
        hint = "Wait ten minutes, then check the code with the team's owner and try again."
        raise TooManyRequests("Too many invite codes tried.", hint=hint)


def _expired(project: Project) -> bool:
    return project.invite_expires_at is None or project.invite_expires_at <= utc_now()


def _role(project: Project, user_id: int) -> MemberRole | None:
    return db.session.scalar(
        select(ProjectMember.role).where(
            ProjectMember.project_id == project.id, ProjectMember.user_id == user_id
        )
    )


def _require_member(project: Project, user_id: int) -> None:
    if _role(project, user_id) is None:
        raise Forbidden("Only the project's team can change it.")


def _new_invite_code() -> str:
    while True:
        code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
        if db.session.scalar(select(Project.id).where(Project.invite_code == code)) is None:
            return code
