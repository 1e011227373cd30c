"""The "module complete" moment: the CPD hours earned, the certificate and the survey."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Activity
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import learning, moments
from lti_qi.services.curriculum.learning import LearnerView
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.curriculum import bp
from lti_qi.web.curriculum.forms import FeedbackForm


@bp.route("/modules/<slug>/complete")
@launch_required
def module_complete(slug: str) -> str:
    """A completed module: hours earned, its certificate, and the survey (asked once)."""
    actor = current_actor()
    return moment_page(actor, learning.learner_view(actor), slug, FeedbackForm())


def moment_page(actor: Actor, view: LearnerView, slug: str, form: FeedbackForm) -> str:
    """Render a completed module's moment, with the survey's form as given."""
    moment = moments.module_moment(view, actor.user_id, slug)
    return render_template("curriculum/module_complete.html", view=view, moment=moment, form=form)


def to_next(actor: Actor, before: LearnerView, item: Activity) -> BaseResponse:
    """Go on from a finished activity: to its module's moment if it completed the module."""
    view = learning.learner_view(actor)
    completed = moments.module_completed_by(before, view, item)
    if completed is not None:
        return redirect(url_for("curriculum.module_complete", slug=completed.slug))
    following = view.summary.next_activity
    if following is None:
        return redirect(url_for("curriculum.pathway"))
    return redirect(url_for("curriculum.activity", slug=following.slug))
