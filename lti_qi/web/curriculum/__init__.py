"""The learner's pathway: modules, stages and activities, their project and team."""

from flask import Blueprint

bp = Blueprint("curriculum", __name__, url_prefix="/s/<launch>")

from lti_qi.web.curriculum import project_views, views  # noqa: E402, F401  (registers routes)
