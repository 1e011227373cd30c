"""Public verification: is a certificate (by its serial) or a pasted badge (VC-JWT) valid?

No launch is needed and nothing but the certificate's printed facts is shown. A verifier that
follows a badge's ``credentialStatus`` asks for JSON and gets a revocation list.
"""

from __future__ import annotations

from flask import Response, jsonify, render_template, request

from lti_qi.services.credentials import verification
from lti_qi.services.credentials.verification import VerificationStatus
from lti_qi.services.platforms import keys
from lti_qi.web.certificates import verification_bp
from lti_qi.web.certificates.forms import BadgeCheckForm


@verification_bp.route("/verify/<serial>")
def certificate(serial: str) -> tuple[Response | str, int]:
    """Say whether a certificate is valid, revoked or unknown."""
    result = verification.verify(serial)
    status = 404 if result.status is VerificationStatus.UNKNOWN else 200
    if request.accept_mimetypes.best == "application/json":
        return jsonify(verification.revocation_list(result)), status
    return render_template("verification/certificate.html", result=result), status


@verification_bp.route("/verify/keys.json")
def credential_keys() -> Response:
    """Every public key that ever signed a badge, so old badges verify offline for good."""
    response = jsonify(keys.credential_jwks())
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@verification_bp.route("/verify", methods=["GET", "POST"])
def check_badge() -> str:
    """Check a pasted badge against the published keys and its revocation status."""
    form = BadgeCheckForm()
    check = verification.verify_badge_jwt(form.token.data) if form.validate_on_submit() else None
    return render_template("verification/check.html", form=form, check=check)
