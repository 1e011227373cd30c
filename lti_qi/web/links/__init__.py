"""What LMS links open: the Deep Linking picker, and each link's settings for designers."""

from flask import Blueprint

bp = Blueprint("links", __name__, url_prefix="/s/<launch>/links")

from lti_qi.web.links import views  # noqa: E402, F401  (registers the routes)
