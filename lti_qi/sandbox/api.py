"""The sandbox platform's services: OAuth2 tokens, AGS, NRPS and the Deep Linking return.

Tools call these over HTTP with bearer tokens, as they would call any LMS. Outages can be
switched on (``POST /sandbox/api/outage``) so tests and demos can show lti-qi riding out an
LMS that answers 503 or 429, or is slow.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import jwt
from flask import Response, jsonify, make_response, render_template, request

from lti_qi.sandbox import (
    bp,
    cache,
    config,
    csrf_exempt,
    deep_linking,
    grades,
    launches,
    outage,
    platform,
    roster,
    services,
)
from lti_qi.sandbox.cases import CASES
from lti_qi.sandbox.errors import Forbidden, InvalidInput
from lti_qi.sandbox.launches import AGS_SCOPES
from lti_qi.sandbox.models import SandboxLineItem

TOKEN_PREFIX = "sandbox-token:"  # noqa: S105  (a cache key prefix, not a secret)
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
RESULTS_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
LINEITEM_SCOPE, RESULT_SCOPE, SCORE_SCOPE = AGS_SCOPES
READONLY_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"

P = ParamSpec("P")
R = TypeVar("R")


def requires_scope(*scopes: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Refuse the call unless it carries a bearer token granted one of ``scopes``."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            outage.apply()
            header = request.headers.get("Authorization", "")
            grant = (
                cache.get(TOKEN_PREFIX + header.removeprefix("Bearer ").strip())
                if header.startswith("Bearer ")
                else None
            )
            if grant is None:
                raise Forbidden("A valid bearer token is required.")
            if not set(scopes) & set(grant["scopes"]):
                raise Forbidden(f"The token was not granted {' or '.join(scopes)}.")
            return view(*args, **kwargs)

        return csrf_exempt(guarded)

    return decorate


@bp.route("/token", methods=["POST"])
@csrf_exempt
def token() -> Response:
    """OAuth2 client-credentials grant with a JWT client assertion (Security Framework 4.1)."""
    outage.apply()
    form = request.form
    if (
        form.get("grant_type") != "client_credentials"
        or form.get("client_assertion_type")
        != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    ):
        return _oauth_error(
            "unsupported_grant_type", "Use client_credentials with a jwt-bearer client assertion."
        )
    try:
        client_id = jwt.decode(
            form.get("client_assertion", ""), options={"verify_signature": False}
        )["iss"]
        tool = launches.registered_tool(client_id)
        claims = platform.verify_tool_jwt(
            form["client_assertion"],
            tool.jwks_url,
            audience=f"{config().issuer}/token",
            issuer=client_id,
        )
    except (jwt.InvalidTokenError, KeyError, InvalidInput) as error:
        return _oauth_error("invalid_client", f"The client assertion was refused: {error}")
    if claims.get("sub") != client_id or not cache.add(
        "sandbox-jti:" + str(claims.get("jti")), 1, timeout=600
    ):
        return _oauth_error("invalid_client", "sub must equal the client id and jti must be new.")
    granted = [
        s for s in form.get("scope", "").split() if s in (*AGS_SCOPES, READONLY_SCOPE, NRPS_SCOPE)
    ]
    access_token = secrets.token_urlsafe(24)
    cache.set(
        TOKEN_PREFIX + access_token, {"client_id": client_id, "scopes": granted}, timeout=3600
    )
    grant = {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600}
    return jsonify({**grant, "scope": " ".join(granted)})


@bp.route("/api/courses/<course_id>/lineitems", methods=["GET"])
@requires_scope(LINEITEM_SCOPE, READONLY_SCOPE)
def list_line_items(course_id: str) -> Response:
    """AGS line item container, with the resource_link_id, resource_id and tag filters."""
    course = grades.course(course_id)
    items = grades.line_items(course.id, dict(request.args))
    return _paged([_line_item_json(course_id, item) for item in items], LINEITEMS_TYPE)


@bp.route("/api/courses/<course_id>/lineitems", methods=["POST"])
@requires_scope(LINEITEM_SCOPE)
def create_line_item(course_id: str) -> Response:
    """Create a line item."""
    course = grades.course(course_id)
    item = grades.create_line_item(course.id, _json_body())
    return _json(_line_item_json(course_id, item), LINEITEM_TYPE, status=201)


@bp.route("/api/courses/<course_id>/lineitems/<int:item_id>", methods=["GET", "PUT", "DELETE"])
@requires_scope(LINEITEM_SCOPE, READONLY_SCOPE)
def line_item(course_id: str, item_id: int) -> Response:
    """Read, replace or delete one line item."""
    item = grades.line_item(grades.course(course_id).id, item_id)
    if request.method == "DELETE":
        grades.delete_line_item(item)
        return make_response("", 204)
    if request.method == "PUT":
        item = grades.update_line_item(item, _json_body())
    return _json(_line_item_json(course_id, item), LINEITEM_TYPE)


@bp.route("/api/courses/<course_id>/lineitems/<int:item_id>/scores", methods=["POST"])
@requires_scope(SCORE_SCOPE)
def post_score(course_id: str, item_id: int) -> Response:
    """Accept a score for a user (AGS score publish service)."""
    item = grades.line_item(grades.course(course_id).id, item_id)
    grades.record_score(item, _json_body())
    return make_response("", 204)


@bp.route("/api/courses/<course_id>/lineitems/<int:item_id>/results", methods=["GET"])
@requires_scope(RESULT_SCOPE)
def results(course_id: str, item_id: int) -> Response:
    """Latest result per user (AGS result service)."""
    item = grades.line_item(grades.course(course_id).id, item_id)
    url = f"{config().issuer}/api/courses/{course_id}/lineitems/{item_id}"
    payload = [
        {
            "id": f"{url}/results/{s.user_id}",
            "scoreOf": url,
            "userId": s.user_id,
            "resultScore": s.score_given,
            "resultMaximum": s.score_maximum,
            "comment": s.comment,
        }
        for s in grades.latest_scores(item, request.args.get("user_id"))
    ]
    return _paged(payload, RESULTS_TYPE)


@bp.route("/api/courses/<course_id>/memberships", methods=["GET"])
@requires_scope(NRPS_SCOPE)
def memberships(course_id: str) -> Response:
    """NRPS 2.0 membership container, paged with ``limit`` and ``Link: rel="next"``."""
    if "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" not in request.headers.get(
        "Accept", ""
    ):
        raise InvalidInput("Send Accept: application/vnd.ims.lti-nrps.v2.membershipcontainer+json.")
    page = roster.membership_page(
        course_id, dict(request.args), f"{config().issuer}/api/courses/{course_id}/memberships"
    )
    response = _json(page.body, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
    if page.next_url:
        response.headers["Link"] = f'<{page.next_url}>; rel="next"'
    return response


@bp.route("/deep-link-return", methods=["POST"])
@csrf_exempt
def deep_link_return() -> str:
    """Receive a tool's Deep Linking response and place the chosen items in the course."""
    outcome = deep_linking.receive(request.form.get("JWT", ""), config().issuer)
    return render_template("sandbox/deep_link_result.html", outcome=outcome)


@bp.route("/api/launch-requests", methods=["POST"])
@csrf_exempt
def create_launch_request() -> Response:
    """Start a launch for a script or test: returns the tool's login URL and parameters."""
    body = _json_body()
    person = launches.person(body.get("course", ""), body.get("sub", ""))
    if person is None:
        raise InvalidInput("Give a course and the sub of someone enrolled in it.")
    launch_request = services.launch_request(
        person,
        course_lti_id=body["course"],
        link_lti_id=body.get("link"),
        message_type=body.get("message_type", "LtiResourceLinkRequest"),
        case=CASES.get(body.get("case", "")),
        storage_target=body.get("storage_target"),
        client_id=body.get("client_id"),
    )
    login_url, params = launches.begin(launch_request, config().issuer)
    return jsonify(login_url=login_url, params=params)


@bp.route("/api/outage", methods=["POST", "DELETE"])
@csrf_exempt
def switch_outage() -> Response:
    """Make the next service calls fail or slow down (POST), or end the outage (DELETE)."""
    if request.method == "DELETE":
        outage.end()
        return make_response("", 204)
    outage.start(_json_body())
    return make_response("", 204)


def _line_item_json(course_id: str, item: SandboxLineItem) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"{config().issuer}/api/courses/{course_id}/lineitems/{item.id}",
        "label": item.label,
        "scoreMaximum": item.score_maximum,
        **item.extra,
    }
    for key, value in (
        ("resourceId", item.resource_id),
        ("tag", item.tag),
        ("resourceLinkId", item.resource_link_id),
    ):
        if value is not None:
            body[key] = value
    return body


def _paged(items: list[dict[str, Any]], media_type: str) -> Response:
    limit = request.args.get("limit", type=int)
    offset = request.args.get("offset", 0, type=int)
    page = items[offset : offset + limit] if limit else items
    response = _json(page, media_type)
    if limit and offset + limit < len(items):
        args = {**request.args, "offset": str(offset + limit)}
        query = "&".join(f"{k}={v}" for k, v in args.items())
        response.headers["Link"] = f'<{request.base_url}?{query}>; rel="next"'
    return response


def _json(payload: Any, media_type: str, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.mimetype = media_type
    return response


def _json_body() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("Send a JSON object.")
    return body


def _oauth_error(code: str, description: str) -> Response:
    response = jsonify(error=code, error_description=description)
    response.status_code = 400 if code != "invalid_client" else 401
    return response
