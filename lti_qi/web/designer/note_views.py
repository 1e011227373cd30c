"""Module feedback for designers: the survey's results, and "you said, we did" notes."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.services.curriculum import module_notes
from lti_qi.services.rosters import feedback_results
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.designer import DESIGNERS, bp
from lti_qi.web.designer.forms import ModuleNoteForm


@bp.route("/feedback/<slug>/notes", methods=["POST"])
@role_required(*DESIGNERS)
def publish_note(slug: str) -> BaseResponse | tuple[str, int]:
    """Publish a "you said, we did" note on a module; learners see it on the module's page."""
    form = ModuleNoteForm()
    if not form.validate_on_submit():
        return feedback_page(slug, 1, form, status=422)
    module = module_notes.publish(current_actor(), slug, form.you_said.data, form.we_did.data)
    flash(f"Published: learners see your note on “{module.title}”.", "success")
    return redirect(url_for("designer.feedback", module=slug, _anchor="notes-heading"))


@bp.route("/feedback/<slug>/notes/<id:note_id>/withdraw", methods=["POST"])
@role_required(*DESIGNERS)
def withdraw_note(slug: str, note_id: int) -> BaseResponse:
    """Take a note down: learners no longer see it."""
    module_notes.withdraw(current_actor(), note_id)
    flash("The note is taken down.", "success")
    return redirect(url_for("designer.feedback", module=slug, _anchor="notes-heading"))


def feedback_page(
    module_slug: str | None, page: int, form: ModuleNoteForm, *, status: int = 200
) -> tuple[str, int]:
    """Render the feedback page: ratings, one module's trend, comments and published notes."""
    context_id = current_actor().context_id
    results = feedback_results.feedback_results(context_id, module_slug=module_slug, page=page)
    chosen = results.comments.module if results.comments else None
    notes = module_notes.published(context_id, chosen) if chosen else []
    html = render_template("designer/feedback.html", results=results, notes=notes, note_form=form)
    return html, status
