"""Measures: entering, pasting and uploading data, and the run and control charts it makes."""

from flask import Blueprint

bp = Blueprint("measurement", __name__, url_prefix="/s/<launch>/measures")

from lti_qi.web.measurement import review_views, views  # noqa: E402, F401  (registers routes)
