"""Deep Linking picker and response, and each link's settings (what it opens, its maximum)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import Role, link_targets
from lti_qi.errors import InvalidInput, NotFound
from lti_qi.services.content import course_settings
from lti_qi.services.launches import deep_linking, link_settings
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.links import bp
from lti_qi.web.links.forms import number_from, selections_from

DESIGNERS = (Role.DESIGNER, Role.ADMINISTRATOR)


@bp.route("/embed")
@role_required(*DESIGNERS)
def picker() -> str:
    """Show what the designer may embed, with titles, maximum scores and pass marks."""
    return render_template("links/picker.html", picker=deep_linking.picker(current_actor()))


@bp.route("/embed", methods=["POST"])
@role_required(*DESIGNERS)
def embed() -> tuple[str, int] | str:
    """Sign the chosen items and send the browser back to the LMS with them."""
    actor = current_actor()
    try:
        response = deep_linking.respond(actor, selections_from(request.form))
    except InvalidInput as error:
        page = render_template(
            "links/picker.html",
            picker=deep_linking.picker(actor),
            error=error,
            submitted=request.form,
        )
        return page, 422
    return render_template("links/return.html", response=response)


@bp.route("/embed/cancel", methods=["POST"])
@role_required(*DESIGNERS)
def cancel() -> str:
    """Go back to the LMS with nothing chosen (it closes its dialog)."""
    response = deep_linking.respond(current_actor(), [])
    return render_template("links/return.html", response=response)


@bp.route("/")
@role_required(*DESIGNERS)
def overview() -> str:
    """Every LMS link into this course: what it opens, its maximum, who launched it."""
    rows = link_settings.course_links(current_actor().context_id)
    return render_template("links/overview.html", rows=rows)


@bp.route("/this")
@role_required(*DESIGNERS)
def this_link() -> str:
    """Choose what the link the designer launched from opens, and its maximum score."""
    return _this_link_page()


@bp.route("/this", methods=["POST"])
@role_required(*DESIGNERS)
def save_this_link() -> BaseResponse | tuple[str, int]:
    """Save the link's target and maximum; its learners' scores follow."""
    actor = current_actor()
    try:
        maximum = number_from(request.form.get("maximum", ""), "maximum score")
        link_settings.choose(actor, request.form.get("target", ""), maximum)
    except InvalidInput as error:
        return _this_link_page(error=error, submitted=request.form), 422
    flash("Saved. Learners who open this link now land there; their scores follow.", "success")
    return redirect(url_for("links.overview"), code=303)


def _this_link_page(**extra: object) -> str:
    actor = current_actor()
    if actor.resource_link_id is None:
        raise NotFound("This launch did not come from a link, so there is nothing to set.")
    choice = link_settings.choice_for_link(actor.resource_link_id)
    pathway = course_settings.pathway(actor.context_id)
    return render_template(
        "links/this_link.html",
        choice=choice,
        targets=link_targets.all_targets(pathway),
        pack_slug=pathway.pack_slug,
        first=request.args.get("first") == "1",
        **extra,
    )
