"""The learner's pathway: modules, stages and activities, their project and team."""

from flask import Blueprint

bp = Blueprint("curriculum", __name__, url_prefix="/s/<launch>")

from lti_qi.web.curriculum import (  # noqa: E402, F401  (registers routes)
    moment_views,
    project_views,
    views,
    worksheet_views,
)
