"""Preview: the learner's own pages, shown to a designer with nothing saved.

The learner templates are rendered as they are, inside ``designer/preview.html``, which adds
the preview banner. Their links and forms name learner endpoints; in preview, ``url_for`` is
given to them remapped (``PREVIEW_ENDPOINTS``): pages lead to their preview twins, and every
action posts to ``preview_action``, which saves nothing; any other learner page or form (a
project, measures, reviews) leads to ``preview_elsewhere``, which says so and goes back to the
preview's start. A knowledge check is marked by
``preview_check``, so a designer can read the feedback on every option.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import effective_status
from lti_qi.services.content import course_preview
from lti_qi.services.curriculum.learning import LearnerView
from lti_qi.web import navigation
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.designer import DESIGNERS, bp

PREVIEW_ENDPOINTS = {
    "curriculum.pathway": "designer.preview",
    "curriculum.module": "designer.preview_module",
    "curriculum.module_feedback": "designer.preview_module",
    "curriculum.activity": "designer.preview_activity",
    "curriculum.answer_check": "designer.preview_check",
    "curriculum.mark_done": "designer.preview_action",
    "curriculum.save_reflection": "designer.preview_action",
    "curriculum.save_worksheet": "designer.preview_action",
    "curriculum.add_evidence": "designer.preview_action",
    "curriculum.submit_stage": "designer.preview_action",
}

KEPT_ENDPOINTS = {"static", *(link[0] for link in navigation.TOOL_LINKS)}


@bp.route("/preview")
@role_required(*DESIGNERS)
def preview() -> str:
    """The pathway as a learner who has just started sees it."""
    return _render("curriculum/pathway.html", view=_view())


@bp.route("/preview/modules/<slug>")
@role_required(*DESIGNERS)
def preview_module(slug: str) -> str:
    """A module as a learner who has just started sees it, with links to every activity."""
    view = _view()
    summary = course_preview.preview_module(view, slug)
    return _render("curriculum/module.html", view=view, summary=summary, status_of=effective_status)


@bp.route("/preview/activities/<slug>")
@role_required(*DESIGNERS)
def preview_activity(slug: str) -> str:
    """An activity as a learner sees it on first opening, locked or not."""
    view = _view()
    shown = course_preview.preview_activity(view, slug)
    return _render(
        f"curriculum/activity_{shown.activity.kind}.html",
        view=view,
        module=shown.module,
        stage=shown.stage,
        activity=shown.activity,
        **shown.context,
    )


@bp.route("/preview/activities/<slug>/check", methods=["POST"])
@role_required(*DESIGNERS)
def preview_check(slug: str) -> str:
    """Mark a knowledge check and show its feedback, keeping nothing."""
    view = _view()
    shown = course_preview.preview_activity(view, slug)
    questions = shown.activity.config.get("questions", [])
    answers = {q["id"]: request.form.getlist(f"q-{q['id']}") for q in questions}
    result = course_preview.preview_check(shown.activity, answers)
    return _render(
        "curriculum/activity_knowledge_check.html",
        view=view,
        module=shown.module,
        stage=shown.stage,
        activity=shown.activity,
        status=None,
        result=result,
    )


@bp.route("/preview/elsewhere", methods=["GET", "POST"])
@role_required(*DESIGNERS)
def preview_elsewhere() -> BaseResponse:
    """Stand in for any learner page or action outside the pathway: back to the start."""
    flash("Preview: that page is not part of the preview, and nothing was saved.", "success")
    return redirect(url_for("designer.preview"), code=303)


@bp.route("/preview/actions/<slug>", methods=["POST"])
@role_required(*DESIGNERS)
def preview_action(slug: str) -> BaseResponse:
    """Take any learner action in preview: nothing is saved; go back to where it was."""
    flash("Preview: nothing was saved. A learner's work is saved at this step.", "success")
    if _view().pathway.locate(slug) is None:
        return redirect(url_for("designer.preview"), code=303)
    return redirect(url_for("designer.preview_activity", slug=slug), code=303)


def _view() -> LearnerView:
    actor = current_actor()
    return course_preview.preview_view(actor.context_id, actor.user_id)


def _render(learner_template: str, **context: Any) -> str:
    return render_template(
        "designer/preview.html",
        learner_template=learner_template,
        url_for=_preview_url_for,
        **context,
    )


def _preview_url_for(endpoint: str, **values: Any) -> str:
    """Return a learner endpoint's preview twin; leave the header's tool links as they are."""
    if endpoint in PREVIEW_ENDPOINTS:
        return url_for(PREVIEW_ENDPOINTS[endpoint], **values)
    if endpoint in KEPT_ENDPOINTS or endpoint.startswith("designer."):
        return url_for(endpoint, **values)
    return url_for("designer.preview_elsewhere")
