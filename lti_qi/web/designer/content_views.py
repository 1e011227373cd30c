"""Content for a course: upload and check a pack, choose it, set pass marks and accreditation."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.content.loader import Problem
from lti_qi.services.content import course_content, pack_upload
from lti_qi.services.platforms import administrators
from lti_qi.web.access import current_actor, role_required
from lti_qi.web.designer import DESIGNERS, bp
from lti_qi.web.designer.forms import (
    ChoosePackForm,
    UploadPackForm,
    cpd_hours_from,
    pass_marks_from,
)


@bp.route("/content")
@role_required(*DESIGNERS)
def content() -> str:
    """The course's pack and pass marks, the installed packs, and the upload form."""
    return _content_page(UploadPackForm())


@bp.route("/content/upload", methods=["POST"])
@role_required(*DESIGNERS)
def upload_pack() -> str | tuple[str, int] | BaseResponse:
    """Check an uploaded pack and install it, or list everything wrong with it."""
    actor = current_actor()
    form = UploadPackForm()
    if not form.validate():
        return _content_page(form), 422
    outcome = pack_upload.upload_pack(
        form.archive.data.stream,
        context_id=actor.context_id,
        installed_by=actor.display_name,
        may_upgrade_shared=administrators.administers_organisation(actor),
    )
    if outcome.installed is None:
        return _content_page(form, problems=outcome.problems), 422
    pack = outcome.installed.pack
    done = "installed" if outcome.installed.changed else "was already installed; nothing changed"
    flash(f"{pack.title} {pack.version} {done}.", "success")
    return redirect(url_for("designer.content"), code=303)


@bp.route("/content/pass-marks", methods=["POST"])
@role_required(*DESIGNERS)
def set_pass_marks() -> BaseResponse:
    """Set the course's pass mark and CPD hours for each module."""
    context_id = current_actor().context_id
    course_content.set_pass_marks(context_id, pass_marks_from(request.form))
    course_content.set_cpd_hours(context_id, cpd_hours_from(request.form))
    flash("Pass marks and CPD hours saved.", "success")
    return redirect(url_for("designer.content"), code=303)


@bp.route("/content/accreditation", methods=["POST"])
@role_required(*DESIGNERS)
def set_accreditation() -> BaseResponse:
    """Set the accreditation statement the course's certificates print."""
    statement = request.form.get("accreditation", "")
    course_content.set_accreditation(current_actor().context_id, statement)
    flash("Accreditation statement saved: certificates issued from now on print it.", "success")
    return redirect(url_for("designer.content"), code=303)


@bp.route("/content/pack", methods=["POST"])
@role_required(*DESIGNERS)
def choose_pack() -> BaseResponse:
    """Make the course teach another installed pack."""
    form = ChoosePackForm()
    setting = course_content.choose_pack(current_actor().context_id, form.pack.data or "")
    flash(f"This course now uses the pack {setting.pack_slug}.", "success")
    return redirect(url_for("designer.content"), code=303)


def _content_page(form: UploadPackForm, problems: tuple[Problem, ...] = ()) -> str:
    return render_template(
        "designer/content.html",
        course=course_content.course_content(current_actor().context_id),
        upload_form=form,
        problems=problems,
    )
