"""The landing page after a launch."""

from __future__ import annotations

from flask import render_template

from lti_qi.domain.roles import ROLE_LABELS
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.home import bp


@bp.route("/")
@launch_required
def index() -> str:
    """Show who the person is in this course and where to go next."""
    actor = current_actor()
    role_names = [ROLE_LABELS[role] for role in sorted(actor.roles)]
    return render_template("home/index.html", actor=actor, role_names=role_names)
