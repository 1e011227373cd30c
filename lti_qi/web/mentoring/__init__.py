"""Mentoring: review queues, stage reviews with feedback and sign-off, mentors' teams."""

from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/s/<launch>/mentoring")
invites_bp = Blueprint("mentor_invites", __name__)

from lti_qi.web.mentoring import assignment_views, views  # noqa: E402, F401  (registers routes)
