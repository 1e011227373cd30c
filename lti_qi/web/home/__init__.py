"""The page a launch lands on: where the person is, and what they can do from here."""

from flask import Blueprint

bp = Blueprint("home", __name__, url_prefix="/s/<launch>")

from lti_qi.web.home import views  # noqa: E402, F401  (registers the routes)
