"""Pathway, module and activity pages, and the learner's actions on activities."""

from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Activity, Module, Stage, effective_status
from lti_qi.errors import NotFound
from lti_qi.services.content import course_settings, packs
from lti_qi.services.curriculum import (
    attention,
    evidence,
    learning,
    module_notes,
    module_surveys,
    moments,
    reflections,
    team_copies,
)
from lti_qi.services.curriculum.learning import LearnerView
from lti_qi.web import transaction
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.curriculum import bp, moment_views, worksheet_views
from lti_qi.web.curriculum.forms import EvidenceFileForm, EvidenceLinkForm, FeedbackForm


@bp.route("/")
@launch_required
def pathway() -> str:
    """The learner's pathway: where they are, and the way on."""
    actor = current_actor()
    view = learning.learner_view(actor)
    needs = attention.learner_attention(view, actor.user_id)
    done = moments.is_pathway_complete(view) and not view.is_read_only
    return render_template(
        "curriculum/pathway.html",
        view=view,
        attention=needs,
        finished=done,
        record=moments.pathway_record(view, actor.user_id) if done else None,
    )


@bp.route("/modules/<slug>")
@launch_required
def module(slug: str) -> str:
    """A module's stages and activities, with their states."""
    actor = current_actor()
    view = learning.learner_view(actor)
    summary = next((m for m in view.summary.modules if m.module.slug == slug), None)
    if summary is None:
        raise NotFound("That module is not part of this course's pathway.")
    return render_template(
        "curriculum/module.html",
        view=view,
        summary=summary,
        status_of=effective_status,
        notes=module_notes.published(actor.context_id, summary.module),
        team_saved=team_copies.saved_kinds(view),
    )


@bp.route("/stages/<slug>")
@launch_required
def stage(slug: str) -> BaseResponse:
    """A stage: its module's page, at the stage (where a link for one stage lands)."""
    pathway = course_settings.pathway(current_actor().context_id)
    located = pathway.locate_stage(slug)
    if located is None:
        raise NotFound("That stage is not part of this course's pathway.")
    module_page = url_for("curriculum.module", slug=located[0].slug, _anchor=f"stage-{slug}")
    return redirect(module_page, code=303)


@bp.route("/activities/<slug>")
@launch_required
def activity(slug: str) -> str:
    """One activity: a reading, a knowledge check, a worksheet, evidence or a reflection."""
    actor = current_actor()
    view = learning.learner_view(actor)
    module, stage, item, is_team_copy = team_copies.find_for_reading(view, slug)
    if is_team_copy:
        return _activity_page(
            replace(view, is_read_only=True), module, stage, item, team_copy=True
        )[0]
    learning.open_activity(actor, item)
    return _activity_page(view, module, stage, item)[0]


@bp.route("/activities/<slug>/done", methods=["POST"])
@launch_required
def mark_done(slug: str) -> BaseResponse:
    """Mark a reading (or an optional evidence step) done, and go to the next activity."""
    actor = current_actor()
    view = learning.learner_view(actor)
    _, _, item = learning.find_activity(view, slug)
    learning.mark_done(actor, item)
    return moment_views.to_next(actor, view, item)


@bp.route("/activities/<slug>/check", methods=["POST"])
@launch_required
def answer_check(slug: str) -> str | tuple[str, int]:
    """Mark a knowledge check and show the feedback on every option."""
    actor = current_actor()
    view = learning.learner_view(actor)
    module, stage, item = learning.find_activity(view, slug)
    answers = {
        q["id"]: request.form.getlist(f"q-{q['id']}") for q in item.config.get("questions", [])
    }
    try:
        result = learning.answer_check(actor, item, answers)
    except learning.UnansweredQuestions as unanswered:
        return _activity_page(view, module, stage, item, 422, unanswered=unanswered, chosen=answers)
    view = learning.learner_view(actor)
    return render_template(
        "curriculum/activity_knowledge_check.html",
        view=view,
        module=module,
        stage=stage,
        activity=item,
        result=result,
        status=view.record.statuses.get(item.id),
    )


@bp.route("/activities/<slug>/reflection", methods=["POST"])
@launch_required
def save_reflection(slug: str) -> BaseResponse | tuple[str, int]:
    """Save a reflection draft, or finish it; a refused finish keeps the draft and says why."""
    actor = current_actor()
    view = learning.learner_view(actor)
    module, stage, item = learning.find_activity(view, slug)
    text = request.form.get("text", "")
    finish = request.form.get("_action") == "finish"
    base = request.form.get("_base_version", type=bounded_int, default=0)
    try:
        outcome = reflections.save_reflection(actor, item, text, finish=finish, base_version=base)
    except reflections.StaleReflection as stale:
        page = "curriculum/reflection_conflict.html"
        return _activity_page(view, module, stage, item, 409, template=page, stale=stale)
    if outcome.is_finished:
        return moment_views.to_next(actor, view, item)
    if outcome.problem is None:
        flash("Draft saved.", "success")
        return redirect(url_for("curriculum.activity", slug=slug))
    transaction.keep_changes()  # the draft is saved although finishing was refused
    view = learning.learner_view(actor)
    return _activity_page(
        view, module, stage, item, 422, draft=outcome.text, message=outcome.problem
    )


@bp.route("/activities/<slug>/evidence", methods=["POST"])
@launch_required
def add_evidence(slug: str) -> BaseResponse:
    """Attach a link or a file as evidence for the project."""
    actor = current_actor()
    view = learning.learner_view(actor)
    _, _, item = learning.find_activity(view, slug)
    if request.files.get("file"):
        form = EvidenceFileForm()
        evidence.add_file(
            actor, view.project.id, item, form.title.data or "", request.files["file"]
        )
    else:
        link = EvidenceLinkForm()
        evidence.add_link(
            actor,
            view.project.id,
            item,
            link.title.data or "",
            link.url.data or "",
            link.validate(),
        )
    flash("Evidence added.", "success")
    return redirect(url_for("curriculum.activity", slug=slug))


@bp.route("/stages/<slug>/submit", methods=["POST"])
@launch_required
def submit_stage(slug: str) -> BaseResponse:
    """Send a finished stage to the mentor for sign-off."""
    actor = current_actor()
    view = learning.learner_view(actor)
    located = view.pathway.locate_stage(slug)
    if located is None:
        raise NotFound("That stage is not part of this course's pathway.")
    learning.submit_stage(actor, view, located[1])
    flash("Stage submitted: your mentor has been asked to review it.", "success")
    return redirect(url_for("curriculum.module", slug=located[0].slug))


@bp.route("/modules/<slug>/feedback", methods=["GET", "POST"])
@launch_required
def module_feedback(slug: str) -> tuple[str, int] | BaseResponse:
    """The end-of-module survey: a rating and a comment on the content."""
    actor = current_actor()
    view = learning.learner_view(actor)
    found = module_surveys.feedback_module(view, slug)
    form = FeedbackForm()
    if form.validate_on_submit():
        rating, comment = int(form.rating.data), form.comment.data or ""
        module_surveys.leave_feedback(actor, view, found, rating, comment)
        flash("Thank you: your feedback helps improve this module.", "success")
        if request.form.get("_from") == "moment":
            return redirect(url_for("curriculum.module_complete", slug=slug))
        return redirect(url_for("curriculum.pathway"))
    if request.form.get("_from") == "moment":
        return moment_views.moment_page(actor, view, slug, form), 422
    page = render_template("curriculum/feedback.html", view=view, module=found, form=form)
    return page, 422 if form.is_submitted() else 200


@bp.route("/content-page/<id:pack_id>/<path:page>")
@launch_required
def page(pack_id: int, page: str) -> str:
    """A pack page on its own (for printing)."""
    return render_template("curriculum/page.html", html=packs.page_html(pack_id, page))


def _activity_page(
    view: LearnerView,
    module: Module,
    stage: Stage,
    item: Activity,
    status: int = 200,
    *,
    template: str | None = None,
    **extra: object,
) -> tuple[str, int]:
    page = render_template(
        template or f"curriculum/activity_{item.kind}.html",
        view=view,
        module=module,
        stage=stage,
        activity=item,
        **(_activity_context(view, item) | extra),
    )
    return page, status


def _activity_context(view: LearnerView, item: Activity) -> dict[str, object]:
    actor = current_actor()
    context: dict[str, object] = {"status": view.record.statuses.get(item.id)}
    if item.config.get("page"):
        context["page_html"] = packs.page_html(view.pathway.pack_id, item.config["page"])
    if item.kind == "knowledge_check":
        context["questions"] = learning.check_questions(actor, item)
    if item.kind == "reflection":
        context["reflection"] = reflections.reflection_text(actor, item)
    if item.kind == "evidence":
        context["items"] = evidence.for_activity(view.project.id, item)
    if item.kind == "worksheet":
        context |= worksheet_views.worksheet_context(view, item)
    return context
