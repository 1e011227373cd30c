"""Learners' CPD records (``certificates``) and the public verification pages (``verification``)."""

from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/s/<launch>/cpd")
verification_bp = Blueprint("verification", __name__)

from lti_qi.web.certificates import verification_views, views  # noqa: E402, F401  (registers routes)
