"""Verifying CPD records: signed badges across key rotation, altered or foreign ones, revoking."""

import json
from datetime import timedelta

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask

from lti_qi.domain.course import cpd
from lti_qi.errors import Conflict, InvalidInput, NotFound
from lti_qi.extensions import cache
from lti_qi.lti import tool_keys
from lti_qi.models.base import utc_now
from lti_qi.services.credentials import certificates, verification
from lti_qi.services.credentials.verification import VerificationStatus
from lti_qi.services.platforms import keys
from lti_qi.settings import get_settings

from cpd_helpers import finish_module, issue


def test_a_badge_verifies_against_the_published_keys_and_survives_rotation(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    check = verification.verify_badge_jwt(record.badge_jwt)
    assert check.is_valid
    assert check.verification.title == record.title
    keys.rotate_keys()
    assert verification.verify_badge_jwt(record.badge_jwt).is_valid
    after_grace = utc_now() + timedelta(hours=get_settings().key_rotation_grace_hours + 1)
    with time_machine.travel(after_grace, tick=False):
        cache.clear()
        lti_keys = {key["kid"] for key in tool_keys.public_jwks()["keys"]}
        years_later = verification.verify_badge_jwt(record.badge_jwt)
    kid = jwt.get_unverified_header(record.badge_jwt)["kid"]
    assert kid not in lti_keys  # LMSs no longer get the old key...
    assert years_later.is_valid  # ...but badges it signed still verify against the credential keys


def test_altered_or_foreign_badges_do_not_verify(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    header, _, signature = record.badge_jwt.split(".")
    claims = jwt.decode(record.badge_jwt, options={"verify_signature": False})
    claims["credentialSubject"]["creditsEarned"] = 40.0
    more_credits = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    altered = verification.verify_badge_jwt(f"{header}.{more_credits}.{signature}")
    assert "signature or claims do not check out" in altered.problems[0]
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = tool_keys.current_signing_key().kid
    forged = jwt.encode(claims, impostor, algorithm="RS256", headers={"kid": kid})
    assert "signature or claims" in verification.verify_badge_jwt(forged).problems[0]
    assert "not a signed badge" in verification.verify_badge_jwt("not a badge").problems[0]


def test_revoking_shows_everywhere_and_withdraws_downloads(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    with pytest.raises(InvalidInput):
        certificates.revoke(record.serial, "  ")
    certificates.revoke(record.serial, "Issued in error: the sign-off was withdrawn.")
    result = verification.verify(record.serial)
    assert result.status is VerificationStatus.REVOKED
    assert result.revoked_at is not None
    check = verification.verify_badge_jwt(record.badge_jwt)
    assert not check.is_valid
    assert check.verification.status is VerificationStatus.REVOKED
    assert verification.revocation_list(result)["revokedCredentials"] == [
        {"id": cpd.credential_id(record.serial)}
    ]
    for download in (certificates.certificate_pdf, certificates.badge_jwt):
        with pytest.raises(Conflict):
            download(record)
    with pytest.raises(Conflict):
        certificates.revoke(record.serial, "Twice.")
    with pytest.raises(NotFound):
        certificates.revoke("no-such-serial", "Why not.")


def test_unknown_serials_are_unknown(app: Flask, app_context: None) -> None:
    result = verification.verify("3f2b7c1e-1d2a-4b6f-9a3e-2c1d0e9f8a7b")
    assert result.status is VerificationStatus.UNKNOWN
    assert not result.is_valid
    assert verification.revocation_list(result)["revokedCredentials"] == []
