"""Mentoring pages: the review queue, a stage's review, mentors' teams, assignments, invites."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Role, Stage, rubric
from lti_qi.domain.worksheets import WorksheetKind, spec_for
from lti_qi.services.base import projects
from lti_qi.services.curriculum import evidence, worksheets
from lti_qi.services.mentoring import (
    mentor_assignments,
    peer_review,
    review_queue,
    reviews,
    team_progress,
)
from lti_qi.web.access import current_actor, launch_required, role_required
from lti_qi.web.converters import bounded_int
from lti_qi.web.mentoring import bp

REVIEWERS = (Role.MENTOR, Role.DESIGNER, Role.ADMINISTRATOR)


@bp.route("/")
@role_required(*REVIEWERS)
def queue() -> str:
    """Submitted stages waiting for this reviewer, oldest first, and the course's pool."""
    filters = review_queue.QueueFilters(
        course_id=request.args.get("course", type=bounded_int),
        project_id=request.args.get("project", type=bounded_int),
        stage_slug=request.args.get("stage") or None,
        min_days=max(request.args.get("waiting", default=0, type=bounded_int), 0),
    )
    return render_template(
        "mentoring/queue.html",
        queue=review_queue.review_queue(current_actor(), filters),
        filters=filters,
    )


@bp.route("/teams")
@role_required(*REVIEWERS)
def teams() -> str:
    """The mentor's teams and each member's progress."""
    project_ids = mentor_assignments.assigned_project_ids(current_actor().user_id)
    progress = team_progress.team_progress(project_ids)
    return render_template(
        "mentoring/teams.html", progress=progress, titles=projects.titles(project_ids)
    )


@bp.route("/projects/<id:project_id>/stages/<slug>")
@launch_required
def review(project_id: int, slug: str) -> str:
    """A stage's work and its review thread (for the team, its mentor, designers and peers)."""
    actor = current_actor()
    project, module, stage = reviews.review_target(actor, project_id, slug)
    return render_template(
        "mentoring/review.html",
        project=project,
        module=module,
        stage=stage,
        work=_work(project.id, stage),
        thread=reviews.thread(project.id, stage),
        signoff=reviews.signoff_of(project.id, stage),
        changes=reviews.changes_since_last_decision(project.id, stage),
        is_member=projects.is_member(project.id, actor.user_id),
        is_reviewer=mentor_assignments.is_reviewer_of(actor, project),
        is_peer=peer_review.may_peer_review(actor, project, stage),
        rubric_items=rubric.ITEMS if reviews.uses_rubric(stage) else (),
        rubric_all=rubric.ITEMS,
        mentor_history=mentor_assignments.assignment_history(project.id),
    )


@bp.route("/projects/<id:project_id>/stages/<slug>/comment", methods=["POST"])
@launch_required
def comment(project_id: int, slug: str) -> BaseResponse:
    """Add a comment (on a worksheet section) or a reply to the stage's thread."""
    actor = current_actor()
    project, _, stage = reviews.review_target(actor, project_id, slug)
    reviews.comment(
        actor,
        project,
        stage,
        request.form.get("body", ""),
        anchor=request.form.get("anchor") or None,
        parent_id=request.form.get("parent_id", type=bounded_int),
    )
    flash("Comment added.", "success")
    return redirect(url_for("mentoring.review", project_id=project_id, slug=slug))


@bp.route("/projects/<id:project_id>/stages/<slug>/decide", methods=["POST"])
@role_required(*REVIEWERS)
def decide(project_id: int, slug: str) -> BaseResponse:
    """Sign the stage off, or ask for changes, with the rubric where it applies."""
    actor = current_actor()
    project, _, stage = reviews.review_target(actor, project_id, slug)
    answers = {item.id: request.form.get(f"rubric-{item.id}") for item in rubric.ITEMS}
    reviews.decide(
        actor,
        project,
        stage,
        approve=request.form.get("decision") == "approve",
        note=request.form.get("note", ""),
        seen_round=request.form.get("round", type=bounded_int, default=-1),
        rubric_answers=answers if any(answers.values()) else None,
    )
    flash("Decision recorded and the team told.", "success")
    return redirect(url_for("mentoring.queue"))


@bp.route("/projects/<id:project_id>/stages/<slug>/peer", methods=["POST"])
@launch_required
def peer(project_id: int, slug: str) -> BaseResponse:
    """Ask peers for feedback (team members), or give it (peers)."""
    actor = current_actor()
    project, _, stage = reviews.review_target(actor, project_id, slug)
    if projects.is_member(project.id, actor.user_id):
        peer_review.request_peer_feedback(actor, project, stage)
        flash(
            "Your request for peer feedback is listed for the other learners of your course.",
            "success",
        )
    else:
        peer_review.give_peer_feedback(actor, project, stage, request.form.get("body", ""))
        flash("Thank you: your feedback was sent.", "success")
    return redirect(url_for("mentoring.review", project_id=project_id, slug=slug))


@bp.route("/peer-requests")
@launch_required
def peer_requests() -> str:
    """Teams in this course asking for peer feedback."""
    requests = peer_review.open_peer_requests(current_actor())
    return render_template("mentoring/peer_requests.html", requests=requests)


@bp.route("/projects/<id:project_id>/claim", methods=["POST"])
@role_required(Role.MENTOR)
def claim(project_id: int) -> BaseResponse:
    """Take an unassigned project from the course's pool."""
    mentor_assignments.claim_project(current_actor(), project_id)
    flash("You are now this project's mentor.", "success")
    return redirect(url_for("mentoring.queue"))


def _work(project_id: int, stage: Stage) -> list[dict[str, object]]:
    """The stage's worksheets and evidence, read-only, for reviewers."""
    documents = worksheets.all_documents(project_id)
    work: list[dict[str, object]] = []
    for activity in stage.activities:
        kind = activity.config.get("worksheet")
        if kind:
            spec = spec_for(WorksheetKind(kind))
            work.append(
                {
                    "activity": activity,
                    "spec": spec,
                    "document": documents.get(WorksheetKind(kind), {}),
                }
            )
        elif activity.kind == "evidence":
            work.append(
                {"activity": activity, "evidence": evidence.for_activity(project_id, activity)}
            )
    return work
