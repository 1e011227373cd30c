"""Community pages, requests to join a team, project discussions, and the inbox."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.errors import InvalidInput
from lti_qi.services.collaboration import community, discussions, join_requests, notifications
from lti_qi.web import transaction
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.collaboration import bp
from lti_qi.web.collaboration.forms import DecisionForm, JoinRequestForm, MessageForm
from lti_qi.web.converters import bounded_int


@bp.route("/community", endpoint="community")
@launch_required
def community_list() -> str:
    """The course's projects, with their aims and how far their teams got."""
    cards = community.course_projects(current_actor())
    return render_template("collaboration/community.html", cards=cards)


@bp.route("/community/projects/<id:project_id>")
@launch_required
def project(project_id: int) -> str:
    """A project: its aim, stage and team; its work and discussion for its people."""
    return render_template(
        "collaboration/project.html",
        page=community.project_page(current_actor(), project_id),
        join_form=JoinRequestForm(),
        message_form=MessageForm(),
    )


@bp.route("/community/projects/<id:project_id>/join", methods=["POST"])
@launch_required
def request_to_join(project_id: int) -> BaseResponse:
    """Ask the project's team to join it."""
    form = JoinRequestForm()
    join_requests.request_to_join(current_actor(), project_id, form.message.data or "")
    flash("Your request is with the team. Your inbox will tell you their answer.", "success")
    return redirect(url_for("collaboration.project", project_id=project_id))


@bp.route("/community/requests/<id:request_id>/decide", methods=["POST"])
@launch_required
def decide_join_request(request_id: int) -> BaseResponse:
    """Accept or decline a request to join the team."""
    form = DecisionForm()
    if not (form.accept.data or form.decline.data):
        raise InvalidInput("Choose Accept or Decline.")
    try:
        decided = join_requests.decide_join_request(
            current_actor(), request_id, accept=bool(form.accept.data)
        )
    except join_requests.RequestLapsed:
        transaction.keep_changes()  # the lapsed request stays cancelled
        raise
    flash(f"Request {decided.status}. They have been told.", "success")
    return redirect(url_for("collaboration.project", project_id=decided.project_id))


@bp.route("/community/requests/<id:request_id>/withdraw", methods=["POST"])
@launch_required
def withdraw_join_request(request_id: int) -> BaseResponse:
    """Withdraw the learner's request to join."""
    join_requests.withdraw_join_request(current_actor(), request_id)
    flash("Request withdrawn.", "success")
    return redirect(url_for("collaboration.community"))


@bp.route("/community/projects/<id:project_id>/messages", methods=["POST"])
@launch_required
def post_message(project_id: int) -> BaseResponse:
    """Add a message to the project's discussion."""
    form = MessageForm()
    discussions.post_message(current_actor(), project_id, form.body.data or "")
    return redirect(url_for("collaboration.project", project_id=project_id, _anchor="discussion"))


@bp.route("/inbox")
@launch_required
def inbox() -> str:
    """The person's notifications, newest first, unread ones marked."""
    page = request.args.get("page", 1, type=bounded_int)
    return render_template(
        "collaboration/inbox.html",
        items=notifications.inbox(current_actor().user_id, page=page),
        page=page,
        page_size=notifications.INBOX_PAGE,
    )


@bp.route("/inbox/read", methods=["POST"])
@launch_required
def mark_inbox_read() -> BaseResponse:
    """Mark every notification read."""
    notifications.mark_all_read(current_actor().user_id)
    return redirect(url_for("collaboration.inbox"))
