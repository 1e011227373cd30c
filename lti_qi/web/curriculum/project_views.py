"""The learner's project: its title, its team and invite code, its history and evidence."""

from __future__ import annotations

import io

from flask import Response, flash, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.services.base import projects
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
    return render_template(
        "curriculum/project.html",
        view=view,
        members=projects.members(view.project.id, actor.context_id),
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
    code = projects.share_project(projects.own_project(actor), actor.user_id)
    flash(
        f"Your team's invite code is {code}. Share it with the colleagues you want to work with.",
        "success",
    )
    return redirect(url_for("curriculum.project"))


@bp.route("/project/join", methods=["POST"])
@launch_required
def join_project() -> BaseResponse:
    """Join a team project with its invite code."""
    actor = current_actor()
    form = JoinTeamForm()
    team = projects.join_project(actor.user_id, actor.context_id, form.code.data or "")
    flash(f"You joined “{team.title}”. Its worksheets are now your team's shared work.", "success")
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
