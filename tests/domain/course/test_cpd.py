"""CPD conventions (hours, credits) and the Open Badges 3.0 credential with its VC-JWT claims."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.course import Module, course_cpd_hours, cpd

SERIAL = "3f2b7c1e-1d2a-4b6f-9a3e-2c1d0e9f8a7b"
BASE = "https://qi.example.org"


def _facts(**changes) -> cpd.BadgeFacts:
    values = {
        "serial": SERIAL,
        "kind": "module",
        "title": "Choosing a project and writing an aim",
        "organiser": "lti-qi on behalf of Improving care on Ward 7",
        "achievement_path": "qi-pathway/aim",
        "learning_outcomes": ("Write a SMART aim.", "Choose a project focus that matters."),
        "hours": 2.25,
        "started_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        "completed_at": datetime(2026, 4, 12, 16, 5, 7, 123, tzinfo=UTC),
        "issued_at": datetime(2026, 4, 12, 16, 6, tzinfo=UTC),
        "holder_name": "",
    }
    return cpd.BadgeFacts(**{**values, **changes})


@pytest.mark.parametrize(
    ("hours", "rounded"),
    [
        (0, 0),
        (0.1, 0),
        (0.125, 0.25),  # 7.5 minutes: halves round up
        (0.2, 0.25),
        (2.25, 2.25),
        (2.37, 2.25),
        (2.375, 2.5),
        (4.25, 4.25),
        (-1, 0),
    ],
)
def test_hours_round_to_the_nearest_quarter_hour(hours: float, rounded: float) -> None:
    assert cpd.round_hours(hours) == rounded


@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_rounded_hours_are_quarters_within_an_eighth_of_an_hour(hours: float) -> None:
    rounded = cpd.round_hours(hours)
    assert (rounded / cpd.HOURS_STEP).is_integer()
    assert abs(rounded - hours) <= cpd.HOURS_STEP / 2


def _module(slug: str, hours: float) -> Module:
    return Module(1, slug, slug.title(), "", 60, hours, 70, (), (), ())


def test_a_course_total_is_the_sum_of_its_modules_rounded_hours() -> None:
    modules = [_module("aim", 1.1), _module("measures", 1.1), _module("pdsa", 1.1)]
    assert course_cpd_hours(modules) == 3.0  # not round_hours(3.3) == 3.25
    assert course_cpd_hours([_module("aim", 2.25), _module("pdsa", 4.25)]) == 6.5
    assert course_cpd_hours([]) == 0


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=8))
def test_a_course_total_equals_its_module_certificates_hours(hours: list[float]) -> None:
    modules = [_module(f"m{index}", each) for index, each in enumerate(hours)]
    certificates = sum(cpd.round_hours(module.cpd_hours) for module in modules)
    assert course_cpd_hours(modules) == certificates
    assert (course_cpd_hours(modules) / cpd.HOURS_STEP).is_integer()


def test_one_credit_is_one_hour() -> None:
    assert cpd.credits_for(2.25) == 2.25
    assert cpd.credits_for(19.3) == 19.25


def test_a_module_credential_has_the_open_badges_3_shape() -> None:
    credential = cpd.open_badge_credential(_facts(), BASE + "/")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{SERIAL}"
    assert credential["issuer"] == {"id": BASE, "type": ["Profile"], "name": "lti-qi", "url": BASE}
    assert credential["validFrom"] == "2026-04-12T16:06:00Z"
    assert credential["credentialStatus"] == {
        "id": f"{BASE}/verify/{SERIAL}",
        "type": "1EdTechRevocationList",
    }
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["creditsEarned"] == 2.25
    assert subject["activityStartDate"] == "2026-03-02T09:30:00Z"
    assert subject["activityEndDate"] == "2026-04-12T16:05:07Z"
    achievement = subject["achievement"]
    assert achievement["id"] == f"{BASE}/badges/achievements/qi-pathway/aim"
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Course"
    assert achievement["creditsAvailable"] == 2.25
    assert "- Write a SMART aim." in achievement["criteria"]["narrative"]


def test_the_pathway_credential_is_a_certificate() -> None:
    credential = cpd.open_badge_credential(_facts(kind="pathway"), BASE)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert "every module of the pathway" in achievement["criteria"]["narrative"]


def test_the_subject_is_named_only_when_a_name_is_known() -> None:
    anonymous = cpd.open_badge_credential(_facts(), BASE)["credentialSubject"]
    assert "identifier" not in anonymous
    assert anonymous["id"] == cpd.subject_id(SERIAL)
    assert SERIAL not in anonymous["id"]
    named = cpd.open_badge_credential(_facts(holder_name="Zoë Łukasz"), BASE)
    assert named["credentialSubject"]["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Zoë Łukasz",
        }
    ]


def test_subject_ids_are_stable_and_differ_between_serials() -> None:
    other = "0c8e8e5a-43f1-4c55-9f4e-2e1f3b6c7d8e"
    assert cpd.subject_id(SERIAL) == cpd.subject_id(SERIAL) != cpd.subject_id(other)
    assert cpd.subject_id(SERIAL).startswith("urn:uuid:")


def test_naming_the_holder_later_changes_only_the_identifier() -> None:
    credential = cpd.open_badge_credential(_facts(), BASE)
    named = cpd.with_holder_name(credential, "Aisha Khan")
    assert named["credentialSubject"]["identifier"][0]["identityHash"] == "Aisha Khan"
    assert cpd.with_holder_name(named, "") == credential
    assert {key for key in named if named[key] != credential[key]} == {"credentialSubject"}


def test_vc_jwt_claims_map_the_credential() -> None:
    credential = cpd.open_badge_credential(_facts(), BASE)
    claims = cpd.vc_jwt_claims(credential)
    assert claims["iss"] == BASE
    assert claims["jti"] == f"urn:uuid:{SERIAL}"
    assert claims["nbf"] == int(datetime(2026, 4, 12, 16, 6, tzinfo=UTC).timestamp())
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert "exp" not in claims
    assert cpd.credential_from_claims(claims) == credential
    assert cpd.claims_problems(claims) == []


def test_an_expiry_becomes_exp() -> None:
    credential = {**cpd.open_badge_credential(_facts(), BASE), "validUntil": "2031-04-12T00:00:00Z"}
    assert cpd.vc_jwt_claims(credential)["exp"] == 1933718400


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"sub": "urn:uuid:someone-else"}, "claim 'sub' does not match"),
        ({"iss": "https://elsewhere.example"}, "claim 'iss' does not match"),
        ({"jti": "urn:uuid:0c8e8e5a-43f1-4c55-9f4e-2e1f3b6c7d8e"}, "claim 'jti' does not match"),
        ({"nbf": 0}, "claim 'nbf' does not match"),
        ({"type": ["VerifiableCredential"]}, "not an OpenBadgeCredential"),
        ({"@context": ["https://www.w3.org/2018/credentials/v1"]}, "first @context"),
        ({"issuer": None}, "lacks a required field"),
    ],
)
def test_claims_that_break_the_mapping_are_named(change: dict, problem: str) -> None:
    claims = {**cpd.vc_jwt_claims(cpd.open_badge_credential(_facts(), BASE)), **change}
    assert any(problem in found for found in cpd.claims_problems(claims))


def test_serials_come_back_from_credential_ids_and_nothing_else_does() -> None:
    assert cpd.serial_from_credential_id(cpd.credential_id(SERIAL)) == SERIAL
    assert cpd.serial_from_credential_id("https://example.org/badges/1") is None
    assert cpd.serial_from_credential_id("urn:uuid:not-a-uuid") is None


def test_certificates_name_the_organiser_and_no_approval_code() -> None:
    assert cpd.organiser_line("QI-101") == "lti-qi on behalf of QI-101"
    assert cpd.ACCREDITATION_LINE == "CPD approval: see your course"
