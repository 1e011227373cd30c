"""My CPD pages, downloads and the public verification pages, through real launches."""

import json
import re

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from lti_qi.domain.course import cpd
from lti_qi.extensions import db
from lti_qi.models import CpdRecord, Project, User
from lti_qi.services.content import packs, pathways
from lti_qi.services.credentials import certificates
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.mentoring import reviews
from lti_qi.services.platforms import keys
from lti_qi.transaction import unit_of_work

from cpd_helpers import REFLECTION, finish_module, pdf_text
from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver, Launched

BASE = "http://tool.test"
AIM_TITLE = "Choosing a project and writing an aim"
LONG_REFLECTION = " ".join(["I learnt to write an aim that says how much and by when."] * 6)


def _ids(app: Flask, launched: Launched) -> tuple[int, int]:
    with app.app_context(), unit_of_work():
        actor = resolve_session(launched.token)
        return actor.user_id, actor.context_id


def _user_id(app: Flask, sub: str) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(User.id).where(User.sub == sub))


def _finish_aim(app: Flask, launched: Launched, mentor_id: int) -> CpdRecord:
    """Finish module 1 for the launched learner (rows written directly); return its record."""
    user_id, context_id = _ids(app, launched)
    with app.app_context(), unit_of_work():
        finish_module(user_id, context_id, "aim", mentor_id=mentor_id)
    assert launched.get("cpd/").status_code == 200
    with app.app_context(), unit_of_work():
        (record,) = certificates.records_for(user_id, context_id)
        db.session.expunge(record)
        return record


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    """Aisha Khan, a learner in QI-101 whose LMS shares her name and email."""
    return launcher.launch(sub="learner-aisha")


@pytest.fixture
def aisha_record(app: Flask, aisha: Launched, launcher: LaunchDriver) -> CpdRecord:
    """Aisha has finished module 1, signed off by Dan, and has its record."""
    launcher.launch(sub="mentor-dan")
    return _finish_aim(app, aisha, _user_id(app, "mentor-dan"))


def _published_jwk(client: FlaskClient, token: str) -> dict:
    """Return the key that signed a token, from the key set the tool publishes (as a dict)."""
    kid = jwt.get_unverified_header(token)["kid"]
    key_set = client.get(f"{BASE}/.well-known/jwks.json").json
    return next(key for key in key_set["keys"] if key["kid"] == kid)


def _offline_verify(client: FlaskClient, token: str) -> dict:
    """Verify a badge as any verifier can: RS256 against the published key set."""
    key = jwt.PyJWK(_published_jwk(client, token))
    return jwt.decode(token, key, algorithms=["RS256"], issuer=BASE)


def test_a_learner_completes_module_one_through_the_pages_and_gets_one_record(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    submit_aim_stage(aisha, correct_answers(app))
    designer = launcher.launch(sub="designer-fatima")
    with app.app_context(), unit_of_work():
        actor = resolve_session(designer.token)
        project = db.session.scalar(select(Project))
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
        reviews.decide(actor, project, stage, approve=True, note="A clear aim.", seen_round=1)
    assert "No records yet" in aisha.get("cpd/").get_data(as_text=True)
    token = csrf(aisha, "activities/aim-reflection")
    finished = aisha.client.post(
        aisha.url("activities/aim-reflection/reflection"),
        data={"csrf_token": token, "text": LONG_REFLECTION, "_action": "finish"},
    )
    assert finished.status_code == 302
    page = aisha.get("cpd/").get_data(as_text=True)
    assert AIM_TITLE in page
    assert "Certificate (PDF)" in page
    aisha.get("cpd/")
    with app.app_context(), unit_of_work():
        (record,) = db.session.scalars(select(CpdRecord)).all()
        assert record.signoffs[0]["mentor"] == "Fatima Green"
        assert LONG_REFLECTION in record.reflection
        assert record.holder_name == "Aisha Khan"


def test_the_printable_record_shows_reflection_sign_offs_and_hours(
    aisha: Launched, aisha_record: CpdRecord
) -> None:
    page = aisha.get(f"cpd/{aisha_record.serial}").get_data(as_text=True)
    for expected in (AIM_TITLE, "Aisha Khan", "2.25 hours", "CPD approval: see your course"):
        assert expected in page
    assert REFLECTION in page
    assert "Dan Evans" in page
    assert "My CPD" in aisha.get("").get_data(as_text=True)


def test_the_certificate_downloads_as_a_pdf_with_its_verification_url(
    aisha: Launched, aisha_record: CpdRecord
) -> None:
    response = aisha.get(f"cpd/{aisha_record.serial}/certificate.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = " ".join(pdf_text(response.data).split())
    assert "Aisha Khan" in text
    assert AIM_TITLE in text
    assert f"{BASE}/verify/{aisha_record.serial}" in text


def test_the_badge_verifies_offline_with_the_published_key_set(
    aisha: Launched, aisha_record: CpdRecord, client: FlaskClient
) -> None:
    token = aisha.get(f"cpd/{aisha_record.serial}/badge.jwt").get_data(as_text=True)
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    claims = _offline_verify(client, token)
    assert cpd.claims_problems(claims) == []
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["jti"] == f"urn:uuid:{aisha_record.serial}"
    subject = claims["credentialSubject"]
    assert subject["achievement"]["name"] == AIM_TITLE
    assert subject["creditsEarned"] == 2.25
    assert subject["identifier"][0]["identityHash"] == "Aisha Khan"
    readable = json.loads(aisha.get(f"cpd/{aisha_record.serial}/badge.json").data)
    assert readable == cpd.credential_from_claims(claims)


def test_a_tampered_key_or_badge_fails_verification(
    aisha: Launched, aisha_record: CpdRecord, client: FlaskClient
) -> None:
    token = aisha.get(f"cpd/{aisha_record.serial}/badge.jwt").get_data(as_text=True)
    published = _published_jwk(client, token)
    tampered_key = jwt.PyJWK({**published, "n": published["n"][:-4] + "AAAA"})
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, tampered_key, algorithms=["RS256"], issuer=BASE)
    header, _, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["creditsEarned"] = 40.0
    payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            f"{header}.{payload}.{signature}",
            jwt.PyJWK(published),
            algorithms=["RS256"],
            issuer=BASE,
        )


def test_an_old_badge_still_verifies_after_key_rotation(
    aisha: Launched, aisha_record: CpdRecord, client: FlaskClient, app: Flask
) -> None:
    token = aisha.get(f"cpd/{aisha_record.serial}/badge.jwt").get_data(as_text=True)
    with app.app_context(), unit_of_work():
        keys.rotate_keys()
    assert _offline_verify(client, token)["jti"] == f"urn:uuid:{aisha_record.serial}"
    page = client.get(f"{BASE}/verify").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    checked = client.post(f"{BASE}/verify", data={"csrf_token": form_token, "token": token})
    assert "<strong>Valid.</strong>" in checked.get_data(as_text=True)
    garbage = client.post(f"{BASE}/verify", data={"csrf_token": form_token, "token": "x.y.z"})
    assert "<strong>Not valid.</strong>" in garbage.get_data(as_text=True)


def test_the_public_page_shows_validity_and_nothing_else(
    aisha_record: CpdRecord, client: FlaskClient
) -> None:
    response = client.get(f"{BASE}/verify/{aisha_record.serial}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>Valid.</strong>" in page
    for shown in (AIM_TITLE, "Aisha Khan", "2.25", "lti-qi on behalf of"):
        assert shown in page
    for hidden in (
        "aisha.khan@example.org",
        "learner-aisha",
        "Dan Evans",
        REFLECTION[:40],
        "By the end you can",
        "Score",
    ):
        assert hidden not in page
    assert '<meta name="robots" content="noindex">' in page


def test_revocation_shows_on_the_public_page_and_to_verifiers(
    aisha: Launched, aisha_record: CpdRecord, client: FlaskClient, app: Flask
) -> None:
    with app.app_context(), unit_of_work():
        certificates.revoke(aisha_record.serial, "Signed off in error.")
    page = client.get(f"{BASE}/verify/{aisha_record.serial}").get_data(as_text=True)
    assert "<strong>Revoked.</strong>" in page
    assert "Signed off in error" not in page
    status = client.get(
        f"{BASE}/verify/{aisha_record.serial}", headers={"Accept": "application/json"}
    )
    assert status.json["revokedCredentials"] == [{"id": f"urn:uuid:{aisha_record.serial}"}]
    assert "Revoked" in aisha.get("cpd/").get_data(as_text=True)
    assert aisha.get(f"cpd/{aisha_record.serial}/certificate.pdf").status_code == 409
    assert aisha.get(f"cpd/{aisha_record.serial}/badge.jwt").status_code == 409


def test_an_unknown_certificate_is_not_found(app: Flask, client: FlaskClient) -> None:
    response = client.get(f"{BASE}/verify/3f2b7c1e-1d2a-4b6f-9a3e-2c1d0e9f8a7b")
    assert response.status_code == 404
    assert "<strong>Not found.</strong>" in response.get_data(as_text=True)


@pytest.mark.parametrize("sub", ["learner-ben", "designer-fatima"])
@pytest.mark.parametrize("course", ["QI-101", "QI-202"])
def test_nobody_else_can_open_a_learners_record_or_downloads(
    aisha_record: CpdRecord, launcher: LaunchDriver, sub: str, course: str
) -> None:
    other = launcher.launch(sub=sub, course=course)
    for path in ("", "/certificate.pdf", "/badge.jwt", "/badge.json"):
        assert other.get(f"cpd/{aisha_record.serial}{path}").status_code == 404
    assert AIM_TITLE not in other.get("cpd/").get_data(as_text=True)


def test_a_learner_without_a_shared_name_sets_the_name_to_print(
    launcher: LaunchDriver, app: Flask
) -> None:
    anonymous = launcher.launch(sub="learner-anonymous")
    launcher.launch(sub="mentor-dan")
    record = _finish_aim(app, anonymous, _user_id(app, "mentor-dan"))
    page = anonymous.get("cpd/").get_data(as_text=True)
    assert "Your name on certificates" in page
    assert "Certificate: enter your name first" in page
    assert anonymous.get(f"cpd/{record.serial}/certificate.pdf").status_code == 400
    token = csrf(anonymous, "cpd/")
    saved = anonymous.client.post(
        anonymous.url("cpd/name"), data={"csrf_token": token, "name": "Sam Taylor"}
    )
    assert saved.status_code == 302
    pdf = anonymous.get(f"cpd/{record.serial}/certificate.pdf")
    assert "Sam Taylor" in pdf_text(pdf.data)


def test_a_learner_whose_lms_shares_a_name_cannot_replace_it(
    aisha: Launched, aisha_record: CpdRecord
) -> None:
    page = aisha.get("cpd/").get_data(as_text=True)
    assert "Your name on certificates" not in page
    token = csrf(aisha, "activities/aim-read-model")
    refused = aisha.client.post(aisha.url("cpd/name"), data={"csrf_token": token, "name": "X"})
    assert refused.status_code == 403
