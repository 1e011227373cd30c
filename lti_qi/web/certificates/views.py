"""The learner's CPD page: their records, certificates, badges, and the name to print."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from lti_qi.domain.course import cpd
from lti_qi.services.credentials import certificates
from lti_qi.web.access import current_actor, launch_required
from lti_qi.web.certificates import bp
from lti_qi.web.certificates.forms import CertificateNameForm


@bp.route("/")
@launch_required
def records() -> str:
    """The learner's CPD records in this course (issuing any they have earned but lack)."""
    actor = current_actor()
    found = certificates.ensure_records(actor.user_id, actor.context_id)
    return render_template(
        "certificates/records.html",
        records=found,
        total_hours=cpd.learner_cpd_hours(found),
        can_set_name=certificates.can_set_name(actor.user_id),
        form=CertificateNameForm(),
    )


@bp.route("/name", methods=["POST"])
@launch_required
def set_name() -> BaseResponse:
    """Set the name printed on the learner's certificates."""
    actor = current_actor()
    form = CertificateNameForm()
    certificates.set_certificate_name(actor.user_id, actor.context_id, form.name.data or "")
    flash("Saved: your certificates and badges now carry this name.", "success")
    return redirect(url_for("certificates.records"))


@bp.route("/<serial>")
@launch_required
def record(serial: str) -> str:
    """A printable CPD record: activity, outcomes, hours, dates, sign-offs and reflection."""
    actor = current_actor()
    found = certificates.record_for(actor.user_id, actor.context_id, serial)
    return render_template("certificates/record.html", record=found)


@bp.route("/<serial>/certificate.pdf")
@launch_required
def certificate(serial: str) -> Response:
    """Download the record's PDF certificate."""
    actor = current_actor()
    found = certificates.record_for(actor.user_id, actor.context_id, serial)
    return _download(certificates.certificate_pdf(found), "application/pdf", serial, "pdf")


@bp.route("/<serial>/badge.jwt")
@launch_required
def badge_jwt(serial: str) -> Response:
    """Download the record's signed Open Badges credential (VC-JWT)."""
    actor = current_actor()
    found = certificates.record_for(actor.user_id, actor.context_id, serial)
    return _download(certificates.badge_jwt(found).encode(), "application/vc+jwt", serial, "jwt")


@bp.route("/<serial>/badge.json")
@launch_required
def badge_json(serial: str) -> Response:
    """Download the record's Open Badges credential as readable JSON (the .jwt is the proof)."""
    actor = current_actor()
    found = certificates.record_for(actor.user_id, actor.context_id, serial)
    text = json.dumps(certificates.badge_credential(found), indent=2, ensure_ascii=False)
    return _download(text.encode(), "application/json", serial, "json")


def _download(data: bytes, mimetype: str, serial: str, extension: str) -> Response:
    name = f"lti-qi-cpd-{serial[:8]}.{extension}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
