"""What the mentoring tests share: a project's review page, and deciding a review there."""

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import Project, User
from lti_qi.transaction import unit_of_work

from journeys import csrf
from launching import Launched


def project_id_of(app: Flask, sub: str = "learner-aisha") -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(
            select(Project.id).join(User, User.id == Project.created_by).where(User.sub == sub)
        )


def review_path(app: Flask) -> str:
    return f"mentoring/projects/{project_id_of(app)}/stages/aim-apply"


def decide(reviewer: Launched, app: Flask, **form) -> object:
    path = review_path(app)
    token = csrf(reviewer, path)
    return reviewer.client.post(
        reviewer.url(path + "/decide"), data={"csrf_token": token, "round": "1", **form}
    )
