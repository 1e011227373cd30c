"""Designers assign mentors and invite experts; experts accept invitations."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Role
from lti_qi.services.launches import sessions
from lti_qi.services.mentoring import mentor_assignments, mentor_invites
from lti_qi.settings import get_settings
from lti_qi.web.access import SESSION_KEY, current_actor, remember_launch, role_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.mentoring import bp, invites_bp

DESIGNERS = (Role.DESIGNER, Role.ADMINISTRATOR)


@bp.route("/assignments")
@role_required(*DESIGNERS)
def assignments() -> str:
    """Every project of the course with its mentor, and who can mentor."""
    actor = current_actor()
    return render_template(
        "mentoring/assignments.html",
        projects=mentor_assignments.course_projects(actor.context_id),
        mentors=mentor_assignments.course_mentors(actor.context_id),
        invite_url=request.args.get("invite"),
        open_invites=mentor_invites.open_invites(actor),
    )


@bp.route("/assignments", methods=["POST"])
@role_required(*DESIGNERS)
def assign() -> BaseResponse:
    """Assign (or reassign) a project's mentor."""
    mentor_assignments.assign_mentor(
        current_actor(),
        request.form.get("project_id", type=bounded_int) or 0,
        request.form.get("mentor_id", type=bounded_int) or 0,
    )
    flash("Mentor assigned; they and the team have been told.", "success")
    return redirect(url_for("mentoring.assignments"))


@bp.route("/invites", methods=["POST"])
@role_required(*DESIGNERS)
def create_invite() -> BaseResponse:
    """Create a link an expert can use to mentor in this course."""
    invite = mentor_invites.create_invite(current_actor())
    link = url_for("mentor_invites.view_invite", token=invite.token, _external=True)
    return redirect(url_for("mentoring.assignments", invite=link))


@bp.route("/invites/revoke", methods=["POST"])
@role_required(*DESIGNERS)
def revoke_invite() -> BaseResponse:
    """Withdraw an invitation the designer sent that nobody has used yet."""
    mentor_invites.revoke_invite(current_actor(), request.form.get("token", ""))
    flash("Invitation revoked: its link no longer works.", "success")
    return redirect(url_for("mentoring.assignments"))


@invites_bp.route("/mentor-invite/<token>")
def view_invite(token: str) -> str:
    """Show an expert what the invitation offers, and who they will mentor as."""
    user = sessions.person_of_sessions(session.get(SESSION_KEY, []))
    return render_template(
        "mentoring/invite.html",
        invite=mentor_invites.invite_details(token, user.id),
        user=user,
        token=token,
    )


@invites_bp.route("/mentor-invite/<token>", methods=["POST"])
def accept_invite(token: str) -> BaseResponse:
    """An expert who has opened lti-qi from their own LMS accepts an invitation to mentor."""
    user = sessions.person_of_sessions(session.get(SESSION_KEY, []))
    course = mentor_invites.accept_invite(token, user.id)
    guest = sessions.open_guest_session(
        user, course, frozenset({Role.MENTOR}), lifetime_hours=get_settings().session_lifetime_hours
    )
    remember_launch(guest)
    flash(f"You are now a mentor in {course.display_title}.", "success")
    return redirect(url_for("mentoring.queue", launch=guest))
