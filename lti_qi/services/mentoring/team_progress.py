"""Every member's progress across several projects, for mentors' dashboards.

Loaded in a fixed number of queries whatever the number of projects and members: members,
their progress rows, and the projects' sign-offs, each in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from lti_qi.domain.course import PathwaySummary, summarise
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, ProjectMember, User
from lti_qi.services.base.records import record_from, signoffs_by_project
from lti_qi.services.content import course_settings, pathways


@dataclass(frozen=True)
class MemberProgress:
    """One team member's pathway completion and the state of each module, for mentors."""

    user_id: int
    display_name: str
    summary: PathwaySummary


def team_progress(project_ids: Sequence[int]) -> dict[int, list[MemberProgress]]:
    """Return every member's progress for several projects, in a fixed number of queries."""
    if not project_ids:
        return {}
    members = db.session.execute(
        select(ProjectMember.project_id, ProjectMember.context_id, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id.in_(project_ids))
    ).all()
    rows = _progress_rows({(user.id, context_id) for _, context_id, user in members})
    signoffs = signoffs_by_project(project_ids)
    result: dict[int, list[MemberProgress]] = {project_id: [] for project_id in project_ids}
    for project_id, context_id, user in members:
        setting = course_settings.current(context_id)
        record = record_from(rows.get((user.id, context_id), []), signoffs.get(project_id, {}))
        summary = summarise(pathways.pathway_for(setting), record, setting.pass_marks)
        result[project_id].append(MemberProgress(user.id, user.display_name, summary))
    return result


def _progress_rows(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], list[ActivityProgress]]:
    user_ids = {user_id for user_id, _ in pairs}
    query = select(ActivityProgress).where(ActivityProgress.user_id.in_(user_ids))
    grouped: dict[tuple[int, int], list[ActivityProgress]] = {}
    for row in db.session.scalars(query):
        if (row.user_id, row.context_id) in pairs:
            grouped.setdefault((row.user_id, row.context_id), []).append(row)
    return grouped
