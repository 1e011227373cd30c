"""What the collaboration tests share: posting forms and reading pages as a launched learner."""

import re

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import ProjectMember, User

from launching import Launched

SECRET_PLAN = "Our first PDSA starts on Monday"


def csrf(launched: Launched, path: str = "project") -> str:
    page = launched.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def post(launched: Launched, path: str, **data: str):
    return launched.client.post(launched.url(path), data={"csrf_token": csrf(launched), **data})


def shown(launched: Launched, path: str) -> str:
    response = launched.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def user_id_of(sub: str) -> int:
    return db.session.scalar(select(User.id).where(User.sub == sub))


def project_of(sub: str) -> int:
    query = (
        select(ProjectMember.project_id)
        .join(User, User.id == ProjectMember.user_id)
        .where(User.sub == sub)
        .order_by(ProjectMember.id)
    )
    return db.session.scalars(query).first()


def aisha_project_id(database) -> int:
    return database(lambda: project_of("learner-aisha"))
