"""The sandbox LMS's pages: pick a course, a person and a role, and launch lti-qi in a frame."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from lti_qi.sandbox import bp, config, csrf_exempt, grades, launches, platform, services
from lti_qi.sandbox.cases import BAD_CASES, CASES, VALID_CASES, LaunchCase
from lti_qi.sandbox.database import db
from lti_qi.sandbox.launches import LaunchRequest
from lti_qi.sandbox.models import SandboxCourse


@bp.route("/")
def index() -> str:
    """List the sandbox courses, their people and links, and the certification cases."""
    courses = services.courses()
    roster = {course.id: services.people(course) for course in courses}
    placements = {course.id: services.links(course) for course in courses}
    return render_template(
        "sandbox/index.html",
        courses=courses,
        roster=roster,
        placements=placements,
        bad_cases=BAD_CASES,
        valid_cases=VALID_CASES,
    )


@bp.route("/launch", methods=["POST"])
def launch() -> str:
    """Start a launch: the page frames lti-qi and posts the login initiation into the frame."""
    launch_request = _request_from_form(request.form)
    login_url, params = launches.begin(launch_request, _issuer())
    return render_template(
        "sandbox/launch.html", login_url=login_url, params=params, launch_request=launch_request
    )


@bp.route("/auth", methods=["GET", "POST"])
@csrf_exempt
def auth() -> str:
    """OIDC authorisation endpoint: answer the tool's login redirect with a signed id_token."""
    redirect_uri, fields = launches.authorise(dict(request.values), _issuer())
    return render_template("sandbox/form_post.html", action=redirect_uri, fields=fields)


@bp.route("/jwks")
def jwks() -> dict[str, Any]:
    """The platform's public key set."""
    return platform.jwks()


@bp.route("/courses/<lti_id>/gradebook")
def gradebook(lti_id: str) -> str:
    """Show the latest score of every person on every line item of a course."""
    course = db.session.query(SandboxCourse).filter_by(lti_id=lti_id).one_or_none()
    if course is None:
        abort(404)
    return render_template("sandbox/gradebook.html", course=course, book=grades.gradebook(course))


def _request_from_form(form: Any) -> LaunchRequest:
    course_lti_id = form.get("course", "")
    person = launches.person(course_lti_id, form.get("sub", ""))
    if person is None:
        abort(400, "Choose someone enrolled in the course.")
    case: LaunchCase | None = CASES.get(form.get("case", ""))
    message_type = form.get("message_type", "LtiResourceLinkRequest")
    return services.launch_request(
        person,
        course_lti_id=course_lti_id,
        link_lti_id=form.get("link") or None,
        message_type=message_type,
        case=case,
        storage_target=form.get("storage_target") or None,
    )


def _issuer() -> str:
    return config().issuer
