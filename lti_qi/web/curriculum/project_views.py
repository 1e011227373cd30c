"""The learner's project: its title, its team and invite code, its history and evidence."""

from __future__ import annotations

import io

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.models import MemberRole
from lti_qi.services.base import projects
from lti_qi.services.collaboration import team_invites
from lti_qi.services.curriculum import evidence, learning, worksheets
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.curriculum import bp
from lti_qi.web.curriculum.forms import JoinTeamForm, RenameProjectForm


@bp.route("/project")
@launch_required
def project() -> str:
    """The project page: team members, invite code, and the history of changes."""
    actor = current_actor()
    view = learning.learner_view(actor)
    members = projects.members(view.project.id, actor.context_id)
    return render_template(
        "curriculum/project.html",
        view=view,
        members=members,
        invite_code=team_invites.live_code(view.project),
        is_owner=any(m.user_id == actor.user_id and m.role == MemberRole.OWNER for m in members),
        history=worksheets.history(view.project.id, limit=50),
        rename_form=RenameProjectForm(title=view.project.title),
        join_form=JoinTeamForm(),
    )


@bp.route("/project/rename", methods=["POST"])
@launch_required
def rename_project() -> BaseResponse:
    """Change the project's title."""
    actor = current_actor()
    form = RenameProjectForm()
    projects.rename_project(projects.own_project(actor), actor.user_id, form.title.data or "")
    flash("Project renamed.", "success")
    return redirect(url_for("curriculum.project"))


@bp.route("/project/share", methods=["POST"])
@launch_required
def share_project() -> BaseResponse:
    """Make the project a team project and show its invite code."""
    actor = current_actor()
    code = team_invites.share_project(projects.own_project(actor), actor.user_id)
    flash(
        f"Your team's invite code is {code}. Share it with the colleagues you want to work with.",
        "success",
    )
    return redirect(url_for("curriculum.project"))


@bp.route("/project/invite/revoke", methods=["POST"])
@launch_required
def revoke_invite() -> BaseResponse:
    """Stop the team's invite code working."""
    actor = current_actor()
    team_invites.revoke_invite(projects.own_project(actor), actor.user_id)
    flash("The invite code no longer works. Share the project again for a new one.", "success")
    return redirect(url_for("curriculum.project"))


@bp.route("/project/invite/approval", methods=["POST"])
@launch_required
def invite_approval() -> BaseResponse:
    """Choose whether the invite code joins at once or asks the team first (owner only)."""
    actor = current_actor()
    required = request.form.get("required") == "yes"
    team_invites.require_approval(projects.own_project(actor), actor.user_id, required=required)
    flash("Saved how your invite code works.", "success")
    return redirect(url_for("curriculum.project"))


@bp.route("/project/join", methods=["POST"])
@launch_required
def join_project() -> BaseResponse:
    """Join a team project with its invite code."""
    actor = current_actor()
    form = JoinTeamForm()
    joined = team_invites.join_with_code(actor, form.code.data or "")
    if joined.request is not None:
        flash(f"You asked to join “{joined.team.title}”. Its team will answer soon.", "success")
    else:
        title = joined.team.title
        flash(f"You joined “{title}”. Its worksheets are now your team's shared work.", "success")
    return redirect(url_for("curriculum.project"))


@bp.route("/evidence/<id:evidence_id>")
@launch_required
def evidence_file(evidence_id: int) -> Response:
    """Download an evidence file (project members only)."""
    record = evidence.download(current_actor(), evidence_id)
    response = send_file(
        _bytes(record.content or b""),
        mimetype=record.media_type,
        as_attachment=True,
        download_name=record.filename,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
