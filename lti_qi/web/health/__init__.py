"""Liveness and readiness checks for load balancers, supervisors and container platforms."""

from flask import Blueprint, Response, jsonify

from lti_qi.services.platforms import health

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def alive() -> Response:
    """Answer at once, touching nothing: the process is up and serving."""
    return _uncached(jsonify(status="alive"))


@bp.route("/readyz")
def ready() -> tuple[Response, int]:
    """Answer 200 when the database and the shared cache answer, else 503 saying what is wrong."""
    problems = health.readiness_problems()
    if problems:
        return _uncached(jsonify(status="not ready", problems=problems)), 503
    return _uncached(jsonify(status="ready")), 200


def _uncached(response: Response) -> Response:
    response.cache_control.no_store = True
    return response
