"""LTI endpoints: OIDC login initiation, launch, the tool's key set, dynamic registration."""

from flask import Blueprint

bp = Blueprint("launch", __name__)

from lti_qi.web.launch import views  # noqa: E402, F401  (registers the routes)
