"""Administrators' pages: CPD completions and hours, certificate revocation, grade passback."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/s/<launch>/admin")

from lti_qi.web.admin import views  # noqa: E402, F401  (registers the routes)
